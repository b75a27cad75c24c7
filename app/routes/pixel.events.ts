import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handlePixelReceipt } from "../pixel/handle-receipt.server";

// The web pixel's receipt endpoint (extensions/tandem-pixel). Remix sends POST,
// PUT/PATCH/DELETE to the action; GET, HEAD and OPTIONS (the CORS preflight) to the
// loader. Both hand the request to one handler, so every answer carries CORS headers.
export const action = ({ request, context }: ActionFunctionArgs) => handlePixelReceipt(request, { remoteAddress: peerOf(context) });
export const loader = ({ request, context }: LoaderFunctionArgs) => handlePixelReceipt(request, { remoteAddress: peerOf(context) });

/** scripts/start.mjs puts the TCP peer address in the load context. */
const peerOf = (context: Record<string, unknown>) => (typeof context.remoteAddress === "string" ? context.remoteAddress : null);

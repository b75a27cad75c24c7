import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handlePixelReceipt } from "../pixel/handle-receipt.server";

// The web pixel's receipt endpoint (extensions/tandem-pixel). Remix sends POST,
// PUT/PATCH/DELETE to the action; GET, HEAD and OPTIONS (the CORS preflight) to the
// loader. Both hand the request to one handler, so every answer carries CORS headers.
export const action = ({ request }: ActionFunctionArgs) => handlePixelReceipt(request);
export const loader = ({ request }: LoaderFunctionArgs) => handlePixelReceipt(request);

import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleAuditReport } from "../pixel/handle-audit.server";

// The theme embed's pixel audit report (scripts/theme-embed/tandem-embed.js, its last
// block). POST to the action; OPTIONS (the CORS preflight) and GET to the loader; one handler.
export const action = ({ request, context }: ActionFunctionArgs) => handleAuditReport(request, { remoteAddress: peerOf(context) });
export const loader = ({ request, context }: LoaderFunctionArgs) => handleAuditReport(request, { remoteAddress: peerOf(context) });

/** scripts/start.mjs puts the TCP peer address in the load context. */
const peerOf = (context: Record<string, unknown>) => (typeof context.remoteAddress === "string" ? context.remoteAddress : null);

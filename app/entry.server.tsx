import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable, type ActionFunctionArgs, type EntryContext, type LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { logger } from "./logger.server";
import { addDocumentResponseHeaders } from "./shopify.server";

export { startBackgroundWork } from "./background.server";
// scripts/start.mjs logs the HTTP layer with the same logger.
export { logger } from "./logger.server";

/**
 * Remix calls this for errors it catches. Client errors (no route for the URL, a method
 * the route has no handler for) are answered 4xx and logged as ONE line by the HTTP
 * layer (scripts/lib/http-edge.mjs), so nothing more here; real errors keep their stack,
 * inside one JSON line. Aborted requests (the client went away) are not errors.
 */
export function handleError(error: unknown, { request }: LoaderFunctionArgs | ActionFunctionArgs) {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  logger.error({ err: error, method: request.method, path: new URL(request.url).pathname.slice(0, 200) }, "request failed");
}
export { handleWebhookLean } from "./ingest/lean-webhook.server";
// scripts/start.mjs runs the inline delivery worker on a thread (scripts/delivery-thread.mjs).
export { onOutboxDue } from "./outbox/due-signal.server";

const ABORT_DELAY_MS = 5_000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  addDocumentResponseHeaders(request, responseHeaders);
  const callbackName = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";

  return new Promise<Response>((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY_MS} />, {
      [callbackName]: () => {
        const body = new PassThrough();
        responseHeaders.set("Content-Type", "text/html");
        resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError: reject,
      onError: (error: unknown) => {
        responseStatusCode = 500;
        logger.error({ err: error, path: new URL(request.url).pathname.slice(0, 200) }, "render failed");
      },
    });
    setTimeout(abort, ABORT_DELAY_MS);
  });
}

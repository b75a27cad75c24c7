// The Express layer in front of Remix (scripts/start.mjs): the answers that must not
// depend on Remix, for input Remix would turn into a 500 or a closed connection.
//   - a method outside HTTP's ordinary set (TRACE, CONNECT, made-up ones) -> 405
//   - a path with a malformed %-escape -> 400
//   - a declared body above the route's limit -> 413 the client can read (the body is
//     drained first, up to a cap, so the client finishes sending and sees the answer)
//   - one log line per client error (status, method, path), stacks only for 5xx
//   - gzip/br for documents and assets, never for webhook or pixel answers
import zlib from "node:zlib";

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** Matches MAX_WEBHOOK_BYTES (app/webhooks/webhook-guards.server.ts). */
export const WEBHOOK_LIMIT_BYTES = 2 * 1024 * 1024;
/** Admin forms and everything else: far above any form Tandem has. */
export const DEFAULT_LIMIT_BYTES = 1024 * 1024;
/** Beyond this a client is not sent an answer: the connection is closed. */
const DRAIN_CAP_BYTES = 32 * 1024 * 1024;

/** Paths whose answers are tiny machine replies: compressing them costs CPU for nothing. */
const isMachinePath = (path) => path.startsWith("/webhooks/") || path === "/pixel/events";

function bodyLimit(path) {
  if (path.startsWith("/webhooks/")) return WEBHOOK_LIMIT_BYTES;
  // The pixel route answers its own 413 (with the CORS headers the browser needs).
  if (path === "/pixel/events") return null;
  return DEFAULT_LIMIT_BYTES;
}

/** The path as logged: no query string (it may hold anything), capped, control bytes escaped by the JSON logger. */
const loggedPath = (req) => (req.originalUrl ?? req.url ?? "").split("?")[0].slice(0, 200);

export function logResponses(log) {
  return (req, res, next) => {
    // "close" fires for every response, also one whose client hung up before "finish".
    res.once("close", () => {
      if (res.statusCode < 400) return;
      const fields = { status: res.statusCode, method: String(req.method).slice(0, 16), path: loggedPath(req) };
      if (res.statusCode >= 500) log.error(fields, "server error");
      else log.info(fields, "client error");
    });
    next();
  };
}

export function refuseOddRequests() {
  return (req, res, next) => {
    if (!METHODS.has(req.method)) {
      res
        .status(405)
        .set({ Allow: [...METHODS].join(", "), "Content-Type": "text/plain; charset=utf-8" })
        .send("Method not allowed.");
      return;
    }
    // Webhook routes have no loader: Remix would answer GET/HEAD/OPTIONS with a 400 and a stack in the log.
    if (req.path.startsWith("/webhooks/") && req.method !== "POST") {
      res.status(405).set({ Allow: "POST", "Content-Type": "text/plain; charset=utf-8" }).send("Webhooks are POST only.");
      return;
    }
    try {
      decodeURIComponent(req.path);
    } catch {
      res.status(400).type("text/plain").send("Malformed URL escape.");
      return;
    }
    const limit = bodyLimit(req.path);
    const declared = Number(req.headers["content-length"] ?? "0");
    if (limit !== null && Number.isFinite(declared) && declared > limit) {
      answerAfterDrain(req, res, 413, `Payload larger than ${limit} bytes.`);
      return;
    }
    next();
  };
}

/** Reads and discards the request body, then answers, so the client gets to read the answer. */
function answerAfterDrain(req, res, status, message) {
  let seen = 0;
  const answer = () => {
    if (!res.headersSent) res.status(status).set({ Connection: "close", "Content-Type": "text/plain; charset=utf-8" }).send(message);
  };
  req.on("data", (chunk) => {
    seen += chunk.length;
    if (seen > DRAIN_CAP_BYTES) req.destroy();
  });
  req.on("end", answer);
  req.on("error", () => undefined);
  if (req.readableEnded) answer();
}

export async function compressAnswers() {
  const { default: compression } = await import("compression");
  return compression({
    threshold: 1024,
    // Dynamic pages: brotli's default quality (11) costs far more CPU than it saves bytes.
    brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } },
    filter: (req, res) => !isMachinePath(req.path) && compression.filter(req, res),
  });
}

/** Express's last error handler: 4xx from Express itself (e.g. static files) as one line, 5xx with the stack. */
export function answerErrors(log) {
  // Express recognises an error handler by its four parameters.
  return (error, req, res, _next) => {
    const status = Number(error?.status ?? error?.statusCode ?? 500);
    const clientError = status >= 400 && status < 500;
    if (!clientError) log.error({ err: error, method: req.method, path: loggedPath(req) }, "unhandled error");
    if (res.headersSent) return void res.end();
    res
      .status(clientError ? status : 500)
      .type("text/plain")
      .send(clientError ? "Bad request." : "Internal error.");
  };
}

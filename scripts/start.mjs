// Serves the built app (`npm run build` first): Remix on express, static assets, and,
// with WORKER=inline, the delivery worker on a thread of this process. Stops gracefully on
// SIGTERM/SIGINT: stop accepting requests, let the worker finish, exit.
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

if (existsSync(".env")) process.loadEnvFile(".env");
process.env.NODE_ENV ??= "production";

const buildPath = path.resolve("build", "index.js");
// The inline delivery thread's own bundle (scripts/delivery-thread.mjs), built with the app.
const deliveryBundle = path.resolve("build", "delivery", "index.js");
for (const built of [buildPath, deliveryBundle]) {
  if (!existsSync(built)) {
    console.error(`No build found at ${path.relative(process.cwd(), built)}: run \`npm run build\` first.`);
    process.exit(1);
  }
}

let build;
try {
  build = await import(pathToFileURL(buildPath).href);
} catch (error) {
  if (error?.name === "ConfigError") {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const { createServer } = await import("node:http");
const { default: express } = await import("express");
const { createRequestHandler } = await import("@remix-run/express");
const { answerErrors, compressAnswers, logResponses, refuseOddRequests } = await import("./lib/http-edge.mjs");
// The app's own logger (app/logger.server.ts): one JSON object per line.
const log = build.entry.module.logger;

const app = express();
app.disable("x-powered-by");
app.use(logResponses(log));
app.use(refuseOddRequests());
app.use(await compressAnswers());
app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));
// The TCP peer reaches loaders as context.remoteAddress (the pixel endpoint's rate limit).
app.all(
  "*",
  createRequestHandler({ build, mode: process.env.NODE_ENV, getLoadContext: (req) => ({ remoteAddress: req.socket.remoteAddress }) }),
);
app.use(answerErrors(log));

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";
// Orders and checkouts webhooks are answered before Express and Remix (the same guards
// and ingest, app/ingest/lean-webhook.server.ts); every other request goes to Express.
const { handleWebhookLean } = build.entry.module;
const server = createServer((req, res) => {
  if (!handleWebhookLean(req, res)) app(req, res);
});
server.listen(port, host, async () => {
  const shown = host === "0.0.0.0" ? "localhost" : host;
  log.info({ url: `http://${shown}:${port}`, health: `http://${shown}:${port}/healthz` }, "Tandem listening");
});
// Requests Node's HTTP parser refuses (a malformed request line, oversized headers)
// never reach Express: answer and log them here too, one line each.
server.on("clientError", (error, socket) => {
  // A client that hung up is not a request: nothing to answer or log.
  if (error.code === "ECONNRESET" || !socket.writable) return void socket.destroy();
  const status = error.code === "HPE_HEADER_OVERFLOW" ? 431 : 400;
  log.info({ status, code: String(error.code ?? "unknown").slice(0, 40) }, "client error");
  socket.end(
    `HTTP/1.1 ${status} ${status === 431 ? "Request Header Fields Too Large" : "Bad Request"}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
  );
});
// WORKER=inline: the delivery worker runs on a thread of this process, nudged by every
// ingest (at most once per turn of the event loop); see scripts/delivery-thread.mjs.
// Started without waiting, so that the signal handlers below are in place before the
// server answers anything: a SIGTERM during start-up (a deploy, a test stopping an instance
// it just restarted) waits for both to start, then ends them and exits 0. Before, the
// process listened first and died of the signal (exit code null; a CI fault run saw it).
const deliveryThreadStarting = (process.env.WORKER ?? "inline") === "inline" ? startDeliveryThread() : Promise.resolve(null);
const backgroundStarting = deliveryThreadStarting.then((thread) =>
  build.entry.module.startBackgroundWork({ deliveryElsewhere: thread !== null }),
);

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "stopping (finishing in-flight deliveries)");
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeIdleConnections?.();
  // A thread still starting when the signal came is stopped the same way once it has
  // started: the worker's stop waits for the housekeeping and heartbeat it began
  // (app/delivery/worker.server.ts), so a stop right after the start has nothing to race.
  const thread = await deliveryThreadStarting;
  if (thread) {
    // A graceful stop is bounded: past 20 s (in-flight requests time out sooner) the thread
    // is ended as a crash would end it, so that a supervisor's SIGKILL is never needed.
    let timer;
    const late = new Promise((resolve) => (timer = setTimeout(() => resolve("late"), 20_000)));
    if ((await Promise.race([thread.stop(), late])) === "late") {
      log.warn({}, "the delivery thread did not stop within 20 s: ended");
      await thread.terminate();
    }
    clearTimeout(timer);
  }
  await (await backgroundStarting).stop();
  await closed;
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
// A start-up that fails still ends the process, as before.
await backgroundStarting;

async function startDeliveryThread() {
  const { Worker } = await import("node:worker_threads");
  const thread = new Worker(new URL("./delivery-thread.mjs", import.meta.url));
  // A thread that dies takes delivery with it: stop the process so its supervisor restarts it.
  thread.on("error", (error) => {
    log.error({ err: error }, "delivery thread failed");
    process.exit(1);
  });
  await new Promise((resolve, reject) => {
    thread.once("message", resolve);
    thread.once("exit", (code) => reject(new Error(`the delivery thread exited with ${code} before it started`)));
  });
  let duePosted = false;
  build.entry.module.onOutboxDue(() => {
    if (duePosted) return;
    duePosted = true;
    setImmediate(() => {
      duePosted = false;
      thread.postMessage("due");
    });
  });
  return {
    terminate: () => thread.terminate(),
    async stop() {
      const stopped = new Promise((resolve) => {
        thread.on("message", (message) => message === "stopped" && resolve());
        thread.once("exit", resolve);
      });
      thread.postMessage("stop");
      await stopped;
      await thread.terminate();
    },
  };
}

// Starts the Meta Graph API emulator for the demo, the benchmark or a hand-run app:
//   npx tsx scripts/meta-emulator.ts --port 4010 [--host 127.0.0.1] [--latency-ms 100] [--app-secret S]
// Point the app at it with META_GRAPH_API_URL=<printed url>; drive it over /_emulator/*.
import { parseArgs } from "node:util";
import { startMetaEmulator } from "./lib/meta-emulator/index";

function toNonNegativeInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`--${name} must be a non-negative integer (got "${raw}")`);
    process.exit(2);
  }
  return value;
}

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    host: { type: "string" },
    "latency-ms": { type: "string" },
    // Only to exercise the app's appsecret_proof; without it proofs are ignored.
    "app-secret": { type: "string" },
  },
});

const port = toNonNegativeInt("port", values.port, 4010);
const host = values.host ?? "127.0.0.1";
const emulator = await startMetaEmulator({
  port,
  host,
  latencyMs: toNonNegativeInt("latency-ms", values["latency-ms"], 0),
  appSecret: values["app-secret"],
}).catch((error: NodeJS.ErrnoException) => {
  // The usual cause is a second emulator (or a stale one) on the same port.
  console.error(`meta emulator could not listen on ${host}:${port}: ${error.code ?? error.message}`);
  process.exit(1);
});
// The first line is the URL alone so a parent process can read it without parsing prose.
console.log(emulator.url);
console.error(`meta emulator listening on ${emulator.url} (control: ${emulator.url}/_emulator/stats); Ctrl-C stops it`);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.error(`meta emulator: ${signal}, closing`);
  await emulator.close();
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));

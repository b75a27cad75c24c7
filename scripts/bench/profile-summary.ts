/**
 * npx tsx scripts/bench/profile-summary.ts FILE.cpuprofile [--build build/index.js]
 *
 * Summarises a V8 CPU profile of the built server (`npm run bench -- --profile DIR`) into
 * the buckets docs/benchmarks.md reports. Each sample is charged to the innermost frame
 * that belongs to a known bucket (walking from the leaf towards the root), so the buckets
 * add up to 100% of the busy time: a SHA-256 computed by app/capi/hash.ts counts as
 * "mapping + hashing", a better-sqlite3 call made by Prisma's adapter as "SQLite driver".
 * Frames in build/index.js are named by their source file through esbuild's `// app/...`
 * module comments. Only samples from the first webhook on are counted (start-up excluded).
 * --detail "BUCKET" also lists the leaf functions (where the CPU actually was) of one bucket.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

type Frame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: Frame; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

const { values, positionals } = parseArgs({ allowPositionals: true, options: { build: { type: "string" }, detail: { type: "string" } } });
const profile = JSON.parse(readFileSync(positionals[0], "utf8")) as Profile;
const buildFile = path.resolve(values.build ?? "build/index.js");

// esbuild prefixes each bundled module with `// app/...`: line -> source file.
const moduleStarts = readFileSync(buildFile, "utf8")
  .split("\n")
  .flatMap((line, index) => (/^\/\/ (app\/\S+)$/.exec(line) ? [{ line: index, file: line.slice(3) }] : []));
const sourceOf = (line: number) => moduleStarts.filter((start) => start.line <= line).at(-1)?.file ?? "build/index.js";

const APP_BUCKETS: [RegExp, string][] = [
  [/^app\/webhooks\//, "webhook guards (app/webhooks: headers, HMAC, JSON)"],
  [/^app\/routes\/webhooks\./, "webhook route actions"],
  [/^app\/ingest\//, "ingest (app/ingest: lean path, ingestWebhook, outbox rows, store)"],
  [/^app\/capi\/(hash|normalize|user-data)/, "mapping: hashing + normalization"],
  [/^app\/capi\/(shopify-payloads|settings|pixel-receipt)/, "zod schemas (app side)"],
  [/^app\/capi\//, "mapping + consent (app/capi)"],
  [/^app\/(delivery|meta)\//, "inline worker (app/delivery, app/meta)"],
  [/^app\/(db|models|pixel)/, "app models/db"],
];
const PACKAGE_BUCKETS: [RegExp, string][] = [
  [/node_modules\/zod\//, "zod"],
  [/node_modules\/libphonenumber-js\//, "libphonenumber-js"],
  [/node_modules\/better-sqlite3\//, "SQLite driver (better-sqlite3)"],
  [/node_modules\/(@prisma|\.prisma)\//, "Prisma client + adapter"],
  [/node_modules\/@shopify\//, "Shopify library (authenticate.webhook, HMAC)"],
  [/node_modules\/@remix-run\//, "Remix request handling"],
  [
    /node_modules\/(express|body-parser|router|send|serve-static|finalhandler|path-to-regexp|qs|mime|depd|on-finished|parseurl|content-type|type-is|accepts|negotiator|etag|fresh|range-parser|cookie|vary|proxy-addr)\//,
    "Express",
  ],
  [/node_modules\/(pino|sonic-boom|thread-stream)/, "logging (pino)"],
  [/node_modules\/(react|react-dom|@remix-run\/react)\//, "React"],
  [/node_modules\//, "other packages"],
  [/node:internal\/deps\/undici|undici/, "web fetch Request/Response (undici)"],
  [/node:internal\/console|node:internal\/util\/inspect/, "logging (console)"],
  [/node:_http|node:http|node:internal\/http|node:net|node:internal\/stream|node:stream|node:internal\/streams/, "node http + streams"],
];
const SPECIAL: Record<string, string> = {
  "(garbage collector)": "garbage collection",
  "(program)": "V8/native (program)",
  "(idle)": "(idle)",
};

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

function bucketOf(frame: Frame): string | null {
  if (SPECIAL[frame.functionName]) return SPECIAL[frame.functionName];
  if (frame.url.endsWith(buildFile) || frame.url.endsWith("build/index.js")) {
    const file = sourceOf(frame.lineNumber);
    return APP_BUCKETS.find(([pattern]) => pattern.test(file))?.[1] ?? `app other (${file})`;
  }
  return PACKAGE_BUCKETS.find(([pattern]) => pattern.test(frame.url))?.[1] ?? null;
}

const STARTS = /^(requireWebhook|ingestWebhook)$/;
const cache = new Map<number, { bucket: string; webhook: boolean }>();
function classify(id: number) {
  const known = cache.get(id);
  if (known) return known;
  let bucket: string | null = null;
  let webhook = false;
  for (let cursor: number | undefined = id; cursor !== undefined; cursor = parent.get(cursor)) {
    const frame = byId.get(cursor)!.callFrame;
    bucket ??= bucketOf(frame);
    if (STARTS.test(frame.functionName)) webhook = true;
  }
  const result = { bucket: bucket ?? "node internals (other)", webhook };
  cache.set(id, result);
  return result;
}

const totals = new Map<string, number>();
const leaves = new Map<string, number>();
const leafName = (id: number) => {
  const frame = byId.get(id)!.callFrame;
  const where = frame.url.endsWith("build/index.js")
    ? sourceOf(frame.lineNumber)
    : frame.url.split("node_modules/").pop()!.split("/").slice(-2).join("/");
  return `${frame.functionName || "(anonymous)"} ${where}:${frame.lineNumber}`;
};
let counting = false;
let busy = 0;
let idle = 0;
profile.samples.forEach((id, index) => {
  const { bucket, webhook } = classify(id);
  counting ||= webhook;
  if (!counting) return;
  const micros = profile.timeDeltas[index + 1] ?? 0;
  if (bucket === "(idle)") idle += micros;
  else {
    busy += micros;
    totals.set(bucket, (totals.get(bucket) ?? 0) + micros);
    if (values.detail && bucket === values.detail) leaves.set(leafName(id), (leaves.get(leafName(id)) ?? 0) + micros);
  }
});

console.log(
  `${path.basename(positionals[0])}: busy ${(busy / 1e6).toFixed(2)} s, idle ${(idle / 1e6).toFixed(2)} s (from the first webhook on)\n`,
);
console.log("| bucket (innermost known frame) | busy ms | share |");
console.log("| --- | ---: | ---: |");
for (const [bucket, micros] of [...totals].sort((a, b) => b[1] - a[1])) {
  console.log(`| ${bucket} | ${(micros / 1000).toFixed(0)} | ${((micros / busy) * 100).toFixed(1)}% |`);
}

if (values.detail) {
  console.log(`\nleaf functions of "${values.detail}":`);
  for (const [leaf, micros] of [...leaves].sort((a, b) => b[1] - a[1]).slice(0, 15))
    console.log(`  ${(micros / 1000).toFixed(0).padStart(6)} ms  ${leaf}`);
}

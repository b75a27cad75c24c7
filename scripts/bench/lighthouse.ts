/**
 * The storefront Lighthouse score with and without Tandem's app embed, weighted as Shopify
 * weighs it for app review (shopify.dev/docs/apps/build/performance/storefront): home 17%,
 * product 40%, collection 43%; the App Store allows a drop of at most 10 points.
 *   npm run bench:lighthouse -- [--runs 3]
 * Lighthouse 12.8.2 from npm (`npx`, not a dependency: 201 packages, 185 MB; 13.x needs
 * Node 22), Debian's Chromium, Lighthouse's default profile: mobile, simulated throttling
 * (150 ms RTT, 1,638.4 kbit/s, CPU 4x). Pages: the local storefront stand-in
 * (scripts/lib/storefront-server.ts) with a visitor who allows marketing (the costlier
 * case: the embed starts the Meta Pixel). Meta's fbevents.js is unreachable here, so the
 * stand-in's small one is served: the figures are Tandem's own cost (the config tag, the
 * 3 KB deferred script, its cart write), not Meta's script, which a merchant's own Meta
 * Pixel would load anyway.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { startStorefront } from "../lib/storefront-server";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const RUNS = Number(arg("runs") ?? 3);
const LIGHTHOUSE = "lighthouse@12.8.2";
const PAGES = [
  { name: "home", path: "/", weight: 0.17 },
  { name: "product", path: "/products/tee", weight: 0.4 },
  { name: "collection", path: "/collections/all", weight: 0.43 },
];

const run = promisify(execFile);

/** One Lighthouse run. Asynchronous: the storefront stand-in answers from this same process. */
async function score(url: string, dir: string): Promise<number> {
  const out = path.join(dir, "report.json");
  await run(
    "npx",
    [
      "--yes",
      LIGHTHOUSE,
      url,
      "--only-categories=performance",
      "--output=json",
      `--output-path=${out}`,
      "--quiet",
      "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ],
    { env: { ...process.env, CHROME_PATH: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" }, maxBuffer: 64 * 1024 * 1024 },
  );
  const report = JSON.parse(readFileSync(out, "utf8")) as {
    categories: { performance: { score: number } };
    runtimeError?: { message: string };
  };
  if (report.runtimeError) throw new Error(`Lighthouse: ${report.runtimeError.message}`);
  return Math.round(report.categories.performance.score * 100);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), "tandem-lighthouse-"));
  console.log(
    `load average at start: ${loadavg()
      .map((n) => n.toFixed(1))
      .join(" / ")}; ${LIGHTHOUSE}, ${RUNS} runs per page`,
  );
  const results: Record<string, Record<string, number>> = { without: {}, with: {} };
  try {
    for (const variant of ["without", "with"] as const) {
      const store = await startStorefront({ embed: variant === "with", consent: { m: true, a: true, s: true } });
      try {
        for (const page of PAGES) {
          const scores: number[] = [];
          for (let i = 0; i < RUNS; i++) scores.push(await score(`${store.url}${page.path}`, dir));
          results[variant][page.name] = median(scores);
          console.log(`${variant} embed, ${page.name}: ${scores.join(", ")} (median ${median(scores)})`);
        }
      } finally {
        await store.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const weighted = (variant: string) => PAGES.reduce((sum, page) => sum + page.weight * results[variant][page.name], 0);
  const drop = weighted("without") - weighted("with");
  console.log(
    [
      "",
      "| page (weight) | without the embed | with the embed |",
      "| --- | --- | --- |",
      ...PAGES.map((p) => `| ${p.name} (${p.weight * 100}%) | ${results.without[p.name]} | ${results.with[p.name]} |`),
      `| weighted | ${weighted("without").toFixed(1)} | ${weighted("with").toFixed(1)} |`,
    ].join("\n"),
  );
  console.log(`\ndrop: ${drop.toFixed(1)} points (App Store limit: 10)`);
  console.log(
    `load average at end: ${loadavg()
      .map((n) => n.toFixed(1))
      .join(" / ")}`,
  );
  if (drop > 10) process.exitCode = 1;
}

await main();

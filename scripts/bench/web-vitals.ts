/**
 * Admin Web Vitals (Built for Shopify: LCP <= 2.5 s, CLS <= 0.1, INP <= 200 ms at p75) of
 * every admin page of the BUILT app on a big shop, in Debian's Chromium with the browser's
 * own performance APIs (PerformanceObserver: largest-contentful-paint, layout-shift, event).
 *   npx tsx scripts/bench-admin-queries.ts --keep tmp/bench-admin     # once: 1,000,000 events
 *   npm run bench:web-vitals -- [--db tmp/bench-admin/bench.sqlite] [--runs 5] [--profile desktop|mobile|both] [--pages /app,/app/events] [--event ID] [--explain] [--trace DIR]
 * --trace DIR: a Chrome performance trace of each measured load and its two interactions,
 * written to DIR (open it in DevTools' Performance panel); tracing itself costs time, so
 * figures taken with it are not the page's.
 * Profiles (Lighthouse 12's defaults, set through the DevTools protocol):
 *   desktop: 40 ms RTT, 10,240 kbit/s down and up, CPU 1x, 1350x940;
 *   mobile:  150 ms RTT, 1,638.4 kbit/s down, 675 kbit/s up, CPU 4x slower, 412x823 at a
 *            device pixel ratio of 1.75, a phone (touch, mobile viewport) that says so in its
 *            user agent (Lighthouse's Moto G Power, with this Chromium's version), as every
 *            phone's browser and the Shopify mobile app's web view do.
 * Shopify itself reads these metrics from merchants' real sessions (field data through App
 * Bridge); no lab profile is Shopify's. INP here: the slower of two interactions (a click
 * on the page title, then a Tab).
 * The Admin API is the local stand-in (scripts/lib/admin-graphql-standin.ts) through the
 * preload the browser tests use, so Shopify's latency is not in the figures.
 * Each page is loaded once unmeasured first (the server's warm-up), then RUNS times.
 * Not a test: figures go to docs/benchmarks.md ("Admin Web Vitals").
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { type BrowserContext, type CDPSession } from "playwright-core";
import { startApp } from "../lib/app-process";
import { startAdminGraphqlStandIn } from "../lib/admin-graphql-standin";
import { ADMIN_API_PRELOAD } from "../lib/admin-api-preload";
import { APP_BRIDGE_STAND_IN } from "../lib/app-bridge-stand-in";
import { launchChromium } from "../lib/chromium";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const DB = path.resolve(arg("db") ?? "tmp/bench-admin/bench.sqlite");
const RUNS = Number(arg("runs") ?? 5);
const TRACE_DIR = arg("trace");
const TRACE_CATEGORIES = [
  "devtools.timeline",
  "disabled-by-default-devtools.timeline",
  "disabled-by-default-devtools.timeline.frame",
  "disabled-by-default-devtools.timeline.invalidationTracking",
  "disabled-by-default-devtools.timeline.stack",
  "v8.execute",
  "disabled-by-default-v8.cpu_profiler",
  "blink.user_timing",
  "latencyInfo",
  "loading",
].join(",");
const PROFILES = {
  desktop: { rtt: 40, down: 10_240, up: 10_240, cpu: 1, width: 1350, height: 940, scale: 1, phone: false },
  mobile: { rtt: 150, down: 1_638.4, up: 675, cpu: 4, width: 412, height: 823, scale: 1.75, phone: true },
} as const;
type ProfileName = keyof typeof PROFILES;
const chosen = (arg("profile") ?? "both") === "both" ? (Object.keys(PROFILES) as ProfileName[]) : [arg("profile") as ProfileName];
const SHOP = "big.myshopify.com";
const KEY = "bench-web-vitals-key";
const SECRET = "bench-web-vitals-secret";
const BUDGET = { lcp: 2500, cls: 0.1, inp: 200 };
const ACTIVE_EMBED = [
  {
    handle: "tandem-theme",
    type: "theme_app_extension",
    activations: [{ handle: "tandem-embed", name: "Tandem Meta Pixel", target: "head", status: "active", activations: [] }],
  },
];

// Observers installed before any page script: what the web-vitals library reads, kept simple.
const OBSERVE = `(() => {
  const v = (window.__vitals = { lcp: 0, cls: 0, inp: 0, sessions: [], slowest: "", lcpElement: "" });
  new PerformanceObserver((l) => { for (const e of l.getEntries()) { v.lcp = Math.max(v.lcp, e.renderTime || e.loadTime || e.startTime); v.lcpElement = e.element ? e.element.tagName.toLowerCase() + " " + (e.element.textContent || "").slice(0, 40) : "?"; } }).observe({ type: "largest-contentful-paint", buffered: true });
  // CLS: the largest session window (shifts < 1 s apart, window < 5 s), input-driven shifts excluded.
  let current = null;
  new PerformanceObserver((l) => { for (const e of l.getEntries()) {
    if (e.hadRecentInput) continue;
    if (current && e.startTime - current.last < 1000 && e.startTime - current.first < 5000) { current.value += e.value; current.last = e.startTime; }
    else { current = { first: e.startTime, last: e.startTime, value: e.value }; v.sessions.push(current); }
    v.cls = Math.max(...v.sessions.map((s) => s.value));
  } }).observe({ type: "layout-shift", buffered: true });
  new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.interactionId && e.duration > v.inp) {
    v.inp = e.duration;
    // Where the slowest interaction's time went: waiting for the main thread, handlers, or painting.
    v.slowest = e.name + " on " + (e.target ? e.target.tagName.toLowerCase() : "?") + ": delay " + Math.round(e.processingStart - e.startTime) + ", handlers " + Math.round(e.processingEnd - e.processingStart) + ", paint " + Math.round(e.startTime + e.duration - e.processingEnd);
  } }).observe({ type: "event", buffered: true, durationThreshold: 16 });
})();`;

const label = (pagePath: string) => pagePath.replace(/\/app\/events\/[^/]+$/, "/app/events/<id>");

/** Ends the trace begun before the page's load and writes it to a file DevTools opens. */
async function saveTrace(cdp: CDPSession, file: string) {
  const done = new Promise<string>((resolve) => cdp.once("Tracing.tracingComplete", (e) => resolve(e.stream ?? "")));
  await cdp.send("Tracing.end");
  const stream = await done;
  const chunks: string[] = [];
  for (;;) {
    const { data, eof, base64Encoded } = await cdp.send("IO.read", { handle: stream });
    chunks.push(base64Encoded ? Buffer.from(data, "base64").toString("utf8") : data);
    if (eof) break;
  }
  await cdp.send("IO.close", { handle: stream });
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, chunks.join(""));
}

async function main() {
  if (!existsSync(DB)) throw new Error(`${DB} does not exist: run npx tsx scripts/bench-admin-queries.ts --keep ${path.dirname(DB)} first`);
  const url = `file:${DB}`;
  Object.assign(process.env, {
    DATABASE_URL: url,
    SHOPIFY_API_KEY: KEY,
    SHOPIFY_API_SECRET: SECRET,
    SHOPIFY_APP_URL: "https://bench.test",
    SCOPES: "read_orders,write_pixels,read_customer_events",
    TOKEN_ENCRYPTION_KEY: "0".repeat(64),
    WORKER: "off",
  });
  execFileSync(path.resolve("node_modules", ".bin", "prisma"), ["migrate", "deploy"], { env: process.env, stdio: "pipe" });
  if (!existsSync("build/index.js")) execFileSync("npm", ["run", "build", "--silent"], { stdio: "inherit" });
  const { Session } = await import("@shopify/shopify-api");
  const { sessionStorage } = await import("../../app/shopify.server");
  const { default: prisma } = await import("../../app/db.server");
  await sessionStorage.storeSession(
    new Session({ id: `offline_${SHOP}`, shop: SHOP, state: "", isOnline: false, scope: process.env.SCOPES, accessToken: "shpat_bench" }),
  );
  // What the worker's hourly housekeeping has done on a running deployment: the seeded file
  // names thousands of consent slots to recount, and the consent page's first loads would
  // recount them (up to 960 a load) instead of reading (docs/benchmarks.md, "What limits them").
  const { refreshAllRollups } = await import("../../app/models/admin-rollup.server");
  const { refreshAllConsentCounts } = await import("../../app/models/consent-summary.server");
  await refreshAllRollups();
  await refreshAllConsentCounts();
  // --event ID: that event's page; otherwise the shop's latest event (the id breaks ties, so every run shows the same one).
  const event = arg("event")
    ? { id: arg("event") }
    : await prisma.outboxEvent.findFirst({
        where: { shopDomain: SHOP },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        select: { id: true },
      });
  await prisma.$disconnect();
  const all = ["/app", "/app/orders", "/app/events", `/app/events/${event?.id}`, "/app/quality", "/app/consent", "/app/settings"];
  // --pages /app,/app/events: only those (an event's own page is /app/events/<id>).
  const only = arg("pages")?.split(",");
  const pages = only ? all.filter((p) => only.includes(p.replace(/\/app\/events\/[^/]+$/, "/app/events/<id>"))) : all;

  const standIn = await startAdminGraphqlStandIn();
  standIn.webPixel = { id: "gid://shopify/WebPixel/1", settings: "{}" };
  standIn.dataSharingState = "ALWAYS_ON";
  const app = await startApp({ TANDEM_TEST_ADMIN_API_URL: new URL(standIn.url).origin }, { nodeArgs: ["--import", ADMIN_API_PRELOAD] });
  const browser = await launchChromium();
  const desktopAgent = (await browser.newBrowserCDPSession().then(async (s) => (await s.send("Browser.getVersion")).userAgent)).replace(
    "HeadlessChrome",
    "Chrome",
  );
  const chromeVersion = /Chrome\/([\d.]+)/.exec(desktopAgent)?.[1] ?? "0";
  const phoneAgent = `Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${chromeVersion} Mobile Safari/537.36`;
  const host = Buffer.from(`${SHOP}/admin`).toString("base64url");
  const token = async () => (await getJwt(SHOP, KEY, SECRET, { iss: `https://${SHOP}/admin`, dest: `https://${SHOP}` })).token;
  console.log(
    `load average at start: ${loadavg()
      .map((n) => n.toFixed(1))
      .join(" / ")}; ${RUNS} runs per page and profile; database ${DB}`,
  );
  const rows: string[] = [];
  try {
    for (const profileName of chosen) {
      const profile = PROFILES[profileName];
      for (const pagePath of pages) {
        const samples: Array<{ lcp: number; cls: number; inp: number; ttfb: number }> = [];
        // Run 0 warms the server (module loading, V8 compilation, the page's first queries) and is not counted.
        for (let run = 0; run <= RUNS; run++) {
          const context: BrowserContext = await browser.newContext({
            userAgent: profile.phone ? phoneAgent : desktopAgent,
            viewport: { width: profile.width, height: profile.height },
            deviceScaleFactor: profile.scale,
            isMobile: profile.phone,
            hasTouch: profile.phone,
            locale: "en-GB",
          });
          await context.exposeBinding("__tandemIdToken", () => token());
          await context.addInitScript(OBSERVE);
          // App Bridge answers that the app embed is on, as on a set-up shop.
          await context.addInitScript(`window.__standInAppExtensions = ${JSON.stringify(ACTIVE_EMBED)};`);
          await context.route("**/*", (route) => {
            const requested = route.request().url();
            if (requested.startsWith(app.url)) return route.continue();
            if (requested.startsWith("https://cdn.shopify.com/shopifycloud/app-bridge.js"))
              return route.fulfill({ contentType: "text/javascript", body: APP_BRIDGE_STAND_IN });
            return route.abort();
          });
          const page = await context.newPage();
          const cdp = await context.newCDPSession(page);
          await cdp.send("Network.enable");
          await cdp.send("Network.emulateNetworkConditions", {
            offline: false,
            latency: profile.rtt,
            downloadThroughput: (profile.down * 1024) / 8,
            uploadThroughput: (profile.up * 1024) / 8,
          });
          await cdp.send("Emulation.setCPUThrottlingRate", { rate: profile.cpu });
          if (TRACE_DIR && run > 0) await cdp.send("Tracing.start", { categories: TRACE_CATEGORIES, transferMode: "ReturnAsStream" });
          const response = await page.goto(
            `${app.url}${pagePath}?embedded=1&shop=${SHOP}&host=${host}&locale=en-GB&id_token=${await token()}`,
            { waitUntil: "load" },
          );
          if (response?.status() !== 200)
            throw new Error(`${pagePath} answered ${response?.status()}; the app's log ends:\n${app.output().slice(-4000)}`);
          await page.waitForLoadState("networkidle");
          const lcp = await page.evaluate(() => (window as unknown as { __vitals: { lcp: number } }).__vitals.lcp);
          // Time to the document's first byte: the loader's share of LCP (the server answers once the loader is done).
          const ttfb = await page.evaluate(
            () => (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).responseStart,
          );
          await page.locator("h1").first().click();
          await page.keyboard.press("Tab");
          await page.waitForTimeout(300);
          const vitals = await page.evaluate(
            () => (window as unknown as { __vitals: { cls: number; inp: number; slowest: string; lcpElement: string } }).__vitals,
          );
          if (process.argv.includes("--explain"))
            console.log(
              "    " +
                (await page.evaluate(() =>
                  [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")]
                    .map((e) => e as PerformanceResourceTiming)
                    .map(
                      (e) =>
                        `${e.name.split("?")[0].split("/").pop()} ${Math.round(e.encodedBodySize / 1024)}/${Math.round(e.decodedBodySize / 1024)} KB ${Math.round(e.startTime)}-${Math.round(e.responseEnd)} ms`,
                    )
                    .join("; "),
                )),
            );
          if (process.argv.includes("--explain"))
            console.log(
              `  ${pagePath} run ${run}: LCP ${Math.round(lcp)} ms (${vitals.lcpElement}; first byte ${Math.round(ttfb)} ms; first paint ${Math.round(await page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? 0))} ms), slowest interaction ${vitals.slowest || "none"}`,
            );
          if (run > 0) samples.push({ lcp, cls: vitals.cls, inp: vitals.inp, ttfb });
          if (TRACE_DIR && run > 0)
            await saveTrace(cdp, path.join(TRACE_DIR, `${profileName}-${label(pagePath).replace(/\W+/g, "_")}-${run}.json`));
          await context.close();
        }
        const p75 = (values: number[]) =>
          [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil(values.length * 0.75) - 1)];
        const lcp = p75(samples.map((s) => s.lcp));
        const cls = p75(samples.map((s) => s.cls));
        const inp = p75(samples.map((s) => s.inp));
        const ttfb = p75(samples.map((s) => s.ttfb));
        const over = [lcp > BUDGET.lcp && "LCP", cls > BUDGET.cls && "CLS", inp > BUDGET.inp && "INP"].filter(Boolean).join(", ");
        const row = `| ${profileName} | ${label(pagePath)} | ${Math.round(lcp)} ms | ${cls.toFixed(3)} | ${Math.round(inp)} ms | ${Math.round(ttfb)} ms | ${over || "within"} |`;
        rows.push(row);
        console.log(row);
      }
    }
  } finally {
    await browser.close();
    await app.stop();
    await standIn.close();
  }
  console.log(
    [
      "",
      "| profile | page | LCP p75 | CLS p75 | INP p75 | TTFB p75 | budget |",
      "| --- | --- | --- | --- | --- | --- | --- |",
      ...rows,
    ].join("\n"),
  );
  console.log(
    `load average at end: ${loadavg()
      .map((n) => n.toFixed(1))
      .join(" / ")}`,
  );
}

await main();

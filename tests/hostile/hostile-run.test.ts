import { randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { configureDestination } from "~/models/destinations.server";
import { readSettings, saveShopSettings } from "~/models/shops.server";
import { startApp, type AppProcess } from "../../scripts/lib/app-process";
import { webhookHeaders } from "../../scripts/lib/shopify-webhook";
import { startMetaEmulator, type MetaEmulator } from "../../scripts/lib/meta-emulator";
import { TEST_API_KEY, TEST_API_SECRET } from "../setup-env";
import { makeCheckout, makeOrder } from "../../scripts/lib/store-simulator";
import { storeOfflineSession } from "../support/offline-session";

// A hostile-input run against the BUILT app as a real process
// (scripts/start.mjs: Express, compression, the HTTP edge, Remix): well over 1,000
// requests at every public route. Whatever arrives: no 5xx, nothing stored for anything
// forged, one shop never sees another's data, the log has one JSON line per client
// error and no personal data, the app is healthy at the end, and a valid order sent
// after the abuse reaches Meta exactly once.

const A = "hostile-a.myshopify.com";
const B = "hostile-b.myshopify.com";
const PII = { email: "Hostile.Shopper@Example.com", phone: "(650) 555-0142", firstName: "Quintessa" };
const PII_NEEDLES = ["hostile.shopper", "Hostile.Shopper", "555-0142", "5550142", "Quintessa", "quintessa"];

const BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
let app: AppProcess;
let meta: MetaEmulator;
const results: { category: string; status: number; label: string }[] = [];

beforeAll(async () => {
  meta = await startMetaEmulator();
  for (const shop of [A, B]) {
    await storeOfflineSession(shop, `shpat_${shop}`);
    const configured = await configureDestination(shop, {
      pixelId: shop === A ? "100000000100001" : "200000000200002",
      accessToken: `EAAhostile${shop.length}x${randomUUID().replace(/-/g, "")}`,
    });
    expect(configured.ok).toBe(true);
    const current = readSettings((await prisma.shop.findUniqueOrThrow({ where: { domain: shop } })).settings);
    expect((await saveShopSettings(shop, { ...current, consent: { ...current.consent, mode: "off" } })).ok).toBe(true);
  }
  // TRUSTED_PROXIES=0: clients connect directly; X-Forwarded-For must be ignored.
  app = await startApp({ WORKER: "inline", META_GRAPH_API_URL: meta.url, TRUSTED_PROXIES: "0" });
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await meta?.close();
});

/** node:http for methods fetch refuses to send (TRACE, TRACK). */
function rawStatus(method: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${app.url}${path}`, { method }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end();
  });
}

async function hit(
  category: string,
  label: string,
  method: string,
  path: string,
  init: { headers?: Record<string, string>; body?: BodyInit | null } = {},
): Promise<number> {
  if (method === "TRACE" || method === "TRACK") {
    const status = await rawStatus(method, path);
    results.push({ category, status, label: `${method} ${path.slice(0, 60)} ${label}` });
    return status;
  }
  // A browser's user agent: the Shopify library answers 410 to anything that looks like a bot.
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: { "User-Agent": BROWSER_UA, ...init.headers },
    body: init.body ?? undefined,
    redirect: "manual",
    ...(init.body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
  await response.arrayBuffer().catch(() => undefined);
  results.push({ category, status: response.status, label: `${method} ${path.slice(0, 60)} ${label}` });
  return response.status;
}

/** Runs jobs a few at a time: enough to overlap, not a load test. */
async function inParallel(jobs: (() => Promise<unknown>)[], width = 8) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < jobs.length) await jobs[next++]();
    }),
  );
}

function signed(topic: string, shop: string, body: unknown, overrides: Record<string, string | null> = {}, secret = TEST_API_SECRET) {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  const headers: Record<string, string> = webhookHeaders({ topic, shop, rawBody: raw, secret });
  for (const [name, value] of Object.entries(overrides)) {
    if (value === null) delete headers[name];
    else headers[name] = value;
  }
  return { headers, body: raw };
}

const TOPICS = [
  "orders/create",
  "orders/paid",
  "checkouts/create",
  "app/uninstalled",
  "customers/data_request",
  "customers/redact",
  "shop/redact",
];
const bodyFor = (topic: string, shop: string, n: number): unknown => {
  if (topic.startsWith("orders/")) return makeOrder({ id: 7_700_000 + n, consent: "m1a1s1", ...PII });
  if (topic === "checkouts/create") return makeCheckout({ token: `hostile-${n}` });
  if (topic === "customers/data_request")
    return { shop_id: 1, shop_domain: shop, customer: { id: 5, email: PII.email }, data_request: { id: n } };
  if (topic === "customers/redact") return { shop_id: 1, shop_domain: shop, customer: { id: 5, email: PII.email }, orders_to_redact: [n] };
  return { shop_id: 1, shop_domain: shop };
};

const stored = async () => ({
  outbox: await prisma.outboxEvent.count(),
  webhooks: await prisma.webhookReceipt.count(),
  pixel: await prisma.pixelReceipt.count(),
  shops: await prisma.shop.count({ where: { uninstalledAt: null } }),
  sessions: await prisma.session.count(),
});

describe("hostile input against the built app", () => {
  it("GIVEN over 1,000 hostile requests THEN no 5xx, nothing forged stored, tenants isolated, one log line per client error, no personal data, and a valid order after it reaches Meta once", async () => {
    const before = await stored();
    const jobs: (() => Promise<unknown>)[] = [];
    let n = 0;

    // 1. Forged webhooks: wrong secret, no signature, a signature of another body, missing headers.
    for (const topic of TOPICS) {
      for (const shop of [A, B]) {
        for (let i = 0; i < 5; i++) {
          const k = n++;
          jobs.push(() =>
            hit(
              "forged webhook",
              "wrong secret",
              "POST",
              `/webhooks/${topic}`,
              signed(topic, shop, bodyFor(topic, shop, k), {}, "not-the-secret"),
            ),
          );
          jobs.push(() =>
            hit(
              "forged webhook",
              "no hmac",
              "POST",
              `/webhooks/${topic}`,
              signed(topic, shop, bodyFor(topic, shop, k), { "X-Shopify-Hmac-Sha256": null }),
            ),
          );
          jobs.push(() => {
            const other = signed(topic, shop, { other: k });
            return hit("forged webhook", "hmac of another body", "POST", `/webhooks/${topic}`, {
              headers: other.headers,
              body: JSON.stringify(bodyFor(topic, shop, k)),
            });
          });
        }
        for (const header of ["X-Shopify-Topic", "X-Shopify-Shop-Domain", "X-Shopify-API-Version", "X-Shopify-Webhook-Id"]) {
          const k = n++;
          jobs.push(() =>
            hit(
              "forged webhook",
              `missing ${header}`,
              "POST",
              `/webhooks/${topic}`,
              signed(topic, shop, bodyFor(topic, shop, k), { [header]: null }, "not-the-secret"),
            ),
          );
        }
      }
    }

    // 2. Validly signed, malformed shop header and foreign topics (each once answered 500 or was accepted).
    const badDomains = [
      "evil.com",
      `${A}, ${A}`,
      `${A}/admin`,
      A.toUpperCase(),
      `${A}.`,
      "127.0.0.1",
      `${A}%00`,
      "",
      " ",
      "x".repeat(300) + ".myshopify.com",
    ];
    const badTopics = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "orders/delete", "ORDERS", "../orders/create"];
    for (const topic of TOPICS) {
      for (const domain of badDomains)
        jobs.push(() =>
          hit(
            "signed, bad headers",
            `shop ${domain.slice(0, 20)}`,
            "POST",
            `/webhooks/${topic}`,
            signed(topic, A, bodyFor(topic, A, n++), { "X-Shopify-Shop-Domain": domain }),
          ),
        );
      for (const other of [...badTopics, ...TOPICS.filter((t) => t !== topic)]) {
        jobs.push(() =>
          hit("signed, bad headers", `topic ${other}`, "POST", `/webhooks/${topic}`, signed(other, A, bodyFor(topic, A, n++))),
        );
      }
    }

    // 3. Validly signed, malformed bodies, compliance payloads included (each once answered 500 or was accepted).
    const badBodies = [
      '{"id": 1,',
      "[]",
      "null",
      "42",
      '"text"',
      "{}",
      JSON.stringify({ id: { $gt: 1 } }),
      JSON.stringify({ line_items: "many" }),
      "\u0000",
      JSON.stringify({ id: 1, __proto__: { polluted: true } }),
    ];
    // app/uninstalled needs no body: a signed "{}" for A would (rightly) uninstall it, so objects go elsewhere.
    for (const topic of TOPICS)
      for (const body of badBodies.filter((b) => topic !== "app/uninstalled" || !b.startsWith("{")))
        jobs.push(() => hit("signed, bad body", body.slice(0, 20), "POST", `/webhooks/${topic}`, signed(topic, A, body)));
    for (const id of [{ nested: 1 }, "nine", '9\r\n{"level":"info","msg":"forged line"}', -1, 1.5, null, [1]]) {
      jobs.push(() =>
        hit(
          "signed, bad body",
          "data_request.id",
          "POST",
          "/webhooks/customers/data_request",
          signed("customers/data_request", A, { shop_id: 1, shop_domain: A, data_request: { id } }),
        ),
      );
    }
    for (const topic of ["customers/data_request", "customers/redact", "shop/redact"]) {
      jobs.push(() =>
        hit("signed, bad body", "shop_domain of another shop", "POST", `/webhooks/${topic}`, signed(topic, B, bodyFor(topic, A, n++))),
      );
    }

    // 4. Wrong methods on webhook routes (they answer 405).
    for (const topic of TOPICS)
      for (const method of ["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "PATCH"])
        jobs.push(() => hit("wrong method", "", method, `/webhooks/${topic}`));

    // 5. The pixel endpoint: forged X-Forwarded-For, bad types, sizes, shapes, unknown keys.
    const shopKeyA = (await prisma.shop.findUniqueOrThrow({ where: { domain: A } })).shopKey;
    const receipt = (overrides: Record<string, unknown> = {}) =>
      JSON.stringify({
        v: 1,
        shop_key: "no-such-key",
        event_name: "Purchase",
        event_id: `purchase_${n++}`,
        consent: { marketing: true, analytics: true, sale_of_data: true },
        fbp: null,
        fbc: null,
        page_url: "https://x.test/",
        occurred_at: Date.now(),
        ...overrides,
      });
    for (let i = 0; i < 120; i++)
      jobs.push(() =>
        hit("pixel", "rotating X-Forwarded-For", "POST", "/pixel/events", {
          headers: { "Content-Type": "application/json", "X-Forwarded-For": `198.51.100.${i % 250}` },
          body: receipt(),
        }),
      );
    for (const [label, headers, body] of [
      ["text/plain", { "Content-Type": "text/plain" }, receipt()],
      ["no type", {}, receipt()],
      ["malformed", { "Content-Type": "application/json" }, "{"],
      ["too large", { "Content-Type": "application/json" }, receipt({ page_url: `https://x.test/${"a".repeat(10_000)}` })],
      ["array", { "Content-Type": "application/json" }, "[]"],
      ["bad shape", { "Content-Type": "application/json" }, receipt({ event_id: { a: 1 } })],
      ["real key, foreign id", { "Content-Type": "application/json" }, receipt({ shop_key: shopKeyA, event_id: "purchase_\r\nforged" })],
    ] as const) {
      for (let i = 0; i < 6; i++)
        jobs.push(() => hit("pixel", label, "POST", "/pixel/events", { headers: headers as Record<string, string>, body }));
    }
    for (const method of ["GET", "PUT", "DELETE", "PATCH", "HEAD"]) jobs.push(() => hit("pixel", "method", method, "/pixel/events"));

    // 6. Admin routes: no token, forged tokens, malformed host, JSON/broken multipart (the last two were once mishandled).
    const { token: tokenA } = await getJwt(A, TEST_API_KEY, TEST_API_SECRET, { iss: `https://${A}/admin`, dest: `https://${A}` });
    const { token: forged } = await getJwt(A, TEST_API_KEY, "not-the-secret", { iss: `https://${A}/admin`, dest: `https://${A}` });
    const adminPaths = [
      "/app",
      "/app/events",
      "/app/settings",
      "/app/events/does-not-exist",
      "/app/events/export",
      "/auth/login",
      "/auth/callback",
      "/auth/session-token",
    ];
    const badHosts = ["bm90IGJhc2U2NA", "%%%", "AAAA", Buffer.from("evil host/ with spaces").toString("base64"), "x".repeat(2000)];
    for (const path of adminPaths) {
      jobs.push(() => hit("admin", "no token", "GET", path));
      jobs.push(() => hit("admin", "forged bearer", "GET", path, { headers: { Authorization: `Bearer ${forged}` } }));
      jobs.push(() => hit("admin", "garbage bearer", "GET", path, { headers: { Authorization: "Bearer a.b.c" } }));
      jobs.push(() => hit("admin", "forged id_token", "GET", `${path}?shop=${A}&embedded=1&id_token=${forged}`));
      for (const host of badHosts) {
        jobs.push(() => hit("admin", `host ${host.slice(0, 12)}`, "GET", `${path}?shop=${A}&host=${encodeURIComponent(host)}`));
        jobs.push(() =>
          hit("admin", `host ${host.slice(0, 12)} with token`, "GET", `${path}?shop=${A}&host=${encodeURIComponent(host)}`, {
            headers: { Authorization: `Bearer ${tokenA}` },
          }),
        );
      }
      for (const shop of ["evil.com", "", "%00", "a".repeat(300)])
        jobs.push(() =>
          hit(
            "admin",
            `shop ${shop.slice(0, 10)}`,
            "GET",
            `${path}?shop=${encodeURIComponent(shop)}&host=${Buffer.from(`${A}/admin`).toString("base64url")}`,
          ),
        );
    }
    for (const path of ["/app/settings", "/app/events"]) {
      const auth = { Authorization: `Bearer ${tokenA}` };
      jobs.push(() =>
        hit("admin", "JSON body", "POST", path, { headers: { ...auth, "Content-Type": "application/json" }, body: '{"intent":"save"}' }),
      );
      jobs.push(() =>
        hit("admin", "broken multipart", "POST", path, {
          headers: { ...auth, "Content-Type": "multipart/form-data; boundary=zzz" },
          body: '--zzz\r\nContent-Disposition: form-data; name="intent"\r\n\r\nsave',
        }),
      );
      jobs.push(() =>
        hit("admin", "multipart without boundary", "POST", path, {
          headers: { ...auth, "Content-Type": "multipart/form-data" },
          body: "x",
        }),
      );
      jobs.push(() =>
        hit("admin", "unknown intent", "POST", path, {
          headers: { ...auth, "Content-Type": "application/x-www-form-urlencoded" },
          body: "intent=%00%ff",
        }),
      );
      jobs.push(() =>
        hit("admin", "no token POST", "POST", path, {
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          body: "intent=save",
        }),
      );
    }

    // 7. Unknown paths, methods and escapes; /healthz with odd methods.
    const oddPaths = [
      "/nope",
      "/%E0%A4%A",
      "/%",
      "/..%2f..%2fetc%2fpasswd",
      "/build/../../package.json",
      "/webhooks",
      "/webhooks/",
      "/webhooks/orders",
      "/webhooks/constructor",
      "/webhooks/__proto__",
      "/pixel",
      "/app/%ZZ",
      `/${"a".repeat(4000)}`,
      "/healthz/x",
      "/favicon.ico",
      "/build/nope.js",
      "/.env",
      "/prisma/tandem.sqlite",
    ];
    for (const path of oddPaths)
      for (const method of ["GET", "POST", "PUT", "DELETE", "OPTIONS"]) jobs.push(() => hit("unknown path", "", method, path));
    for (const method of ["TRACE", "TRACK", "PROPFIND", "MKCOL", "SEARCH", "PURGE", "LOCK", "M-SEARCH"])
      for (const path of ["/", "/healthz", "/app", "/webhooks/orders/create", "/pixel/events"])
        jobs.push(() => hit("unknown method", "", method, path));
    for (const method of ["HEAD", "POST", "PUT", "DELETE", "OPTIONS"]) jobs.push(() => hit("healthz", "", method, "/healthz"));
    for (let i = 0; i < 20; i++) jobs.push(() => hit("healthz", "", "GET", "/healthz"));

    await inParallel(jobs);

    // 8. Oversized bodies: the client finishes sending and reads a 413.
    for (const mb of [3, 5, 10]) {
      const big = Buffer.alloc(mb * 1024 * 1024, 97);
      expect(
        await hit("oversized", `${mb} MB declared`, "POST", "/webhooks/orders/create", { ...signed("orders/create", A, "{}"), body: big }),
      ).toBe(413);
    }
    const chunks = Array.from({ length: 24 }, () => new Uint8Array(128 * 1024).fill(98));
    const streamed = new ReadableStream({
      pull(controller) {
        const next = chunks.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    expect(
      await hit("oversized", "3 MB chunked", "POST", "/webhooks/orders/create", { ...signed("orders/create", A, "{}"), body: streamed }),
    ).toBe(413);
    expect(
      await hit("oversized", "admin 2 MB", "POST", "/app/settings", {
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: Buffer.alloc(2 * 1024 * 1024, 97),
      }),
    ).toBe(413);

    // 9. Replays of one valid webhook: stored once.
    const order = makeOrder({ id: 7_799_001, consent: "m1a1s1", ...PII });
    const replay = signed("orders/create", A, order, { "X-Shopify-Webhook-Id": "hostile-replay-1" });
    for (let i = 0; i < 20; i++) await hit("replay", "same webhook id", "POST", "/webhooks/orders/create", replay);

    // --- Checks ---
    const fiveXX = results.filter((r) => r.status >= 500);
    expect(fiveXX.map((r) => `${r.status} ${r.label}`)).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(1000);
    for (const r of results.filter((r) =>
      ["forged webhook", "signed, bad headers", "wrong method", "unknown method", "oversized"].includes(r.category),
    )) {
      expect(r.status, r.label).toBeGreaterThanOrEqual(400);
    }

    // Nothing forged was stored; the one replayed order is stored once.
    const after = await stored();
    // Pixel receipts are unsigned by design (docs/security.md): only the accepted ones may be stored.
    const acceptedReceipts = results.filter((r) => r.category === "pixel" && r.status === 202).length;
    // A validly signed body of the wrong shape comes from Shopify: it is answered 200 and
    // recorded as rejected (so Shopify does not retry it forever), never queued.
    const rejectedSigned = results.filter((r) => r.category === "signed, bad body" && r.status === 200).length;
    expect(after).toEqual({ ...before, outbox: before.outbox + 1, webhooks: before.webhooks + 1 + rejectedSigned, pixel: after.pixel });
    // The same receipt posted six times is one row; only A's real key can store anything.
    expect(after.pixel - before.pixel).toBeLessThanOrEqual(acceptedReceipts);
    expect(await prisma.pixelReceipt.count({ where: { shopDomain: { not: A } } })).toBe(0);
    expect(await prisma.outboxEvent.count({ where: { eventId: "purchase_7799001", shopDomain: A } })).toBe(1);
    expect(await prisma.outboxEvent.count({ where: { shopDomain: B } })).toBe(0);

    // Tenant isolation: B's admin, with B's valid token, never shows A's event.
    const { token: tokenB } = await getJwt(B, TEST_API_KEY, TEST_API_SECRET, { iss: `https://${B}/admin`, dest: `https://${B}` });
    const pageB = await fetch(`${app.url}/app/events?shop=${B}`, {
      headers: { Authorization: `Bearer ${tokenB}`, "User-Agent": BROWSER_UA },
    });
    expect(pageB.status, app.output().slice(-2000)).toBe(200);
    expect(await pageB.text()).not.toContain("7799001");
    results.push({ category: "admin", status: pageB.status, label: "B's event log" });

    // The app is healthy and a valid order sent now reaches Meta exactly once.
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    const finalOrder = makeOrder({ id: 7_799_999, consent: "m1a1s1", ...PII });
    expect(await hit("valid after abuse", "order", "POST", "/webhooks/orders/create", signed("orders/create", A, finalOrder))).toBe(200);
    const deadline = Date.now() + 30_000;
    while (meta.acceptedCount({ eventId: "purchase_7799999" }) < 1 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    // Meta may have asked again; give a second delivery every chance to show up before counting.
    while ((await prisma.outboxEvent.count({ where: { eventId: "purchase_7799999", status: "delivered" } })) < 1 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(meta.acceptedCount({ eventId: "purchase_7799999" })).toBe(1);

    // The log: JSON lines; one "client error" line per 4xx; no stack for client errors; no personal data.
    await app.stop();
    const lines = app
      .output()
      .split("\n")
      .filter((line) => line.trim() !== "");
    const json = lines.filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as { msg?: string; status?: number });
    const fourXX = results.filter((r) => r.status >= 400 && r.status < 500).length;
    expect(json.filter((line) => line.msg === "client error").length).toBe(fourXX);
    expect(lines.filter((line) => !line.startsWith("{") && !line.startsWith("[shopify-"))).toEqual([]);
    expect(lines.join("\n")).not.toMatch(/\n\s+at /);
    for (const needle of PII_NEEDLES) expect(app.output()).not.toContain(needle);
    expect(app.output()).not.toContain('forged line"}\n');

    const byCategory = new Map<string, Map<string, number>>();
    for (const r of results) {
      const counts = byCategory.get(r.category) ?? new Map<string, number>();
      const cls = `${Math.floor(r.status / 100)}xx`;
      counts.set(cls, (counts.get(cls) ?? 0) + 1);
      byCategory.set(r.category, counts);
    }
    const table = [...byCategory].map(([category, counts]) => `| ${category} | ${[...counts].map(([k, v]) => `${v} ${k}`).join(", ")} |`);
    console.info(`hostile run: ${results.length} requests, ${fourXX} client errors, ${json.length} log lines\n${table.join("\n")}`);
  }, 240_000);
});

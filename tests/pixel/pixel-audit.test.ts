import { beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { handleAuditReport, MAX_FINDINGS_PER_SHOP } from "~/pixel/handle-audit.server";
import { createPixelRateLimits } from "~/pixel/rate-limit.server";
import { action, loader } from "~/routes/pixel.audit";
import { callRoute } from "../support/routes";

// /pixel/audit, the theme embed's report of other pixels: as hostile-safe as the receipt
// endpoint (type, 2 KB, strict shape with ids validated, rate limits, unknown and
// uninstalled shops), storing counters only, never the shopper's address or agent.

const shop = "audit-shop.myshopify.com";
const OWN = "1234567890123456";
const OTHER = "999888777666555";
const URL = "https://tandem.test/pixel/audit";

beforeEach(async () => {
  for (const table of ["pixelAuditFinding", "destination", "shop"] as const) {
    await (prisma[table] as { deleteMany: () => Promise<unknown> }).deleteMany();
  }
  await prisma.shop.create({ data: { domain: shop, shopKey: "audit-key" } });
  await prisma.destination.create({ data: { shopDomain: shop, pixelId: OWN, accessTokenEnc: "v1:a:b:c" } });
});

const report = (overrides: Record<string, unknown> = {}) => ({
  v: 1,
  shop_key: "audit-key",
  page: "product",
  order: "before",
  pixels: [OTHER],
  events: ["Purchase"],
  ...overrides,
});
const request = (body: unknown, headers: Record<string, string> = {}) =>
  new Request(URL, {
    method: "POST",
    headers: { "content-type": "application/json", "user-agent": "UA/9", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
const post = (body: unknown, deps: Parameters<typeof handleAuditReport>[1] = {}) =>
  handleAuditReport(request(body), { remoteAddress: "203.0.113.7", ...deps });

describe("POST /pixel/audit", () => {
  it("GIVEN a report of another pixel and a foreign Purchase THEN 202 with CORS, one counter each, counted again on a repeat; the shop's own pixel is no finding", async () => {
    const first = await callRoute(action, request(report({ pixels: [OTHER, OWN] })));
    expect(first.status).toBe(202);
    expect(first.headers.get("access-control-allow-origin")).toBe("*");
    await post(report({ order: "after" }), { now: () => new Date("2030-01-01T00:00:00Z") });
    const rows = await prisma.pixelAuditFinding.findMany({ orderBy: { kind: "asc" } });
    expect(rows.map((r) => [r.kind, r.subject, r.pageType, r.count, r.order])).toEqual([
      ["foreign_event", "Purchase", "product", 2, "after"],
      ["foreign_pixel", OTHER, "product", 2, "after"],
    ]);
    expect(rows[0].lastSeenAt.toISOString()).toBe("2030-01-01T00:00:00.000Z");
    expect(JSON.stringify(rows)).not.toMatch(/203\.0\.113|UA\/9/);
    expect((await callRoute(loader, new Request(URL, { method: "OPTIONS" }))).status).toBe(204);
  });

  it.each([
    ["a pixel id that is not digits", report({ pixels: ["<script>"] })],
    ["an event other than Purchase or InitiateCheckout", report({ events: ["PageView"] })],
    ["an extra field (an email)", report({ email: "a@b.example" })],
    ["too many pixels", report({ pixels: Array.from({ length: 11 }, (_, i) => String(100000000 + i)) })],
    ["a page type with a path in it", report({ page: "/account/orders/123" })],
  ])("GIVEN %s THEN 400 and nothing stored", async (_name, body) => {
    expect((await post(body)).status).toBe(400);
    expect(await prisma.pixelAuditFinding.count()).toBe(0);
  });

  it("GIVEN a body over 2 KB, not JSON, the wrong type, an unknown or uninstalled shop THEN refused", async () => {
    expect((await post("x".repeat(3000))).status).toBe(413);
    expect((await post("{not json")).status).toBe(400);
    expect(
      (await handleAuditReport(new Request(URL, { method: "POST", headers: { "content-type": "text/plain" }, body: "{}" }))).status,
    ).toBe(415);
    expect((await post(report({ shop_key: "nope" }))).status).toBe(404);
    await prisma.shop.update({ where: { domain: shop }, data: { uninstalledAt: new Date() } });
    expect((await post(report())).status).toBe(410);
    expect(await prisma.pixelAuditFinding.count()).toBe(0);
  });

  it("GIVEN one address flooding THEN 429 once its budget is spent; GIVEN made-up pixel ids THEN at most 50 rows per shop", async () => {
    const limits = createPixelRateLimits({ clock: () => 0 });
    let last = 0;
    for (let i = 0; i < 61; i++) last = (await post(report({ pixels: [String(500000000 + i)], events: [] }), { limits })).status;
    expect(last).toBe(429);
    expect(await prisma.pixelAuditFinding.count()).toBe(MAX_FINDINGS_PER_SHOP);
  });
});

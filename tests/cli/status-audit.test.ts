import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { configureDestination } from "~/models/destinations.server";
import { handleAuditReport } from "~/pixel/handle-audit.server";
import { startMetaEmulator, type MetaEmulator } from "../../scripts/lib/meta-emulator";
import { tandem } from "./run-cli";
import { receivedPurchase } from "../support/received-orders";

// `tandem status` with the storefront audit's findings (every shop, or one with --shop,
// which adds what Meta's own count shows), and `tandem quality show` with Meta's
// purchases beside the store's orders per day.

const shop = "status-audit.myshopify.com";
const PIXEL = "8888888888888888";
const OTHER = "999888777666555";
let meta: MetaEmulator;

beforeAll(async () => {
  meta = await startMetaEmulator();
  process.env.META_GRAPH_API_URL = meta.url;
});
afterAll(() => meta.close());
beforeEach(async () => {
  meta.reset();
  for (const table of [
    "pixelAuditFinding",
    "metaEventCount",
    "qualitySnapshot",
    "qualityRead",
    "receivedOrder",
    "destination",
    "shop",
  ] as const)
    await (prisma[table] as { deleteMany: () => Promise<unknown> }).deleteMany();
  expect(await configureDestination(shop, { pixelId: PIXEL, accessToken: "EAAB" + "s".repeat(40) })).toMatchObject({ ok: true });
  await prisma.shop.update({ where: { domain: shop }, data: { timezone: "UTC", shopKey: "status-key" } });
});

describe("tandem status and the storefront audit", () => {
  it("GIVEN no finding THEN it says so; GIVEN the embed's report THEN each finding with where, when and the purchases counted twice", async () => {
    expect((await tandem("status")).out).toContain("Storefront audit: no other Meta pixel seen.");
    const body = { v: 1, shop_key: "status-key", page: "product", order: "before", pixels: [OTHER], events: ["Purchase"] };
    const posted = await handleAuditReport(
      new Request("https://tandem.test/pixel/audit", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
      { remoteAddress: "203.0.113.10" },
    );
    expect(posted.status).toBe(202);
    const text = await tandem("status");
    expect(text.code).toBe(0);
    expect(text.out).toContain("Storefront audit: 2 findings");
    expect(text.out).toMatch(new RegExp(`${shop}: another Meta pixel ${OTHER}: seen 1 time on product pages`));
    expect(text.out).toMatch(/Purchase with an event id Tandem did not make: seen 1 time on product pages.*about 1 counted twice/);
    const json = JSON.parse((await tandem("status", "--json")).out);
    expect(json.auditFindings[shop].map((f: { kind: string }) => f.kind).sort()).toEqual(["foreign_event", "foreign_pixel"]);
  });

  it("GIVEN Meta's count read THEN status --shop and quality show give it beside the store's orders", async () => {
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    for (let i = 0; i < 5; i++) {
      const at = new Date(`${yesterday}T12:00:00Z`);
      await prisma.receivedOrder.create({ data: receivedPurchase(shop, `o${i}`, at) });
    }
    meta.setPixelStats(PIXEL, [{ start_time: `${yesterday}T12:00:00+0000`, data: [{ value: "Purchase", count: 9 }] }]);
    const show = await tandem("quality", "show", "--shop", shop, "--refresh");
    expect(show.out).toMatch(
      new RegExp(
        `${yesterday}: store 5 orders, Tandem sent 0, Meta counted 9: OUT OF BAND\\. Meta counted 4 purchases more than your store had`,
      ),
    );
    const status = await tandem("status", "--shop", shop);
    expect(status.out).toMatch(
      new RegExp(`Meta's count for pixel ${PIXEL} over \\d days: 9 purchases Tandem did not send, 4 counted twice`),
    );
  });
});

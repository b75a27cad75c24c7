import { beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { handlePixelReceipt } from "~/pixel/handle-receipt.server";
import { createPixelRateLimits, TokenBucketLimiter } from "~/pixel/rate-limit.server";
import { FBP, makeReceipt, receiptRequest } from "./receipt-support";

// The server's copy of a storefront event the web pixel fired (ViewContent, AddToCart),
// made from its receipt when the merchant opted in: same name and id, the match keys the
// request carries, the receipt's consent, and limits that keep a flood of fake receipts
// from becoming a flood of server events (docs/decisions/042). Both providers.

const shop = "pixel-shop.myshopify.com";
const CHROME = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const CUSTOM_DATA = {
  value: 19.99,
  currency: "EUR",
  content_ids: ["41001"],
  contents: [{ id: "41001", quantity: 1, item_price: 19.99 }],
  content_type: "product",
  num_items: 1,
};
let counter = 0;
const uuid = () => `6f1c2b8e-3d4a-4b5c-9d6e-${String(++counter).padStart(12, "0")}`;

async function shopWith(serverCopies: Record<string, string>) {
  await prisma.shop.create({ data: { domain: shop, shopKey: "pixel-shop-key", settings: JSON.stringify({ serverCopies }) } });
  for (const pixelId of ["1111111111", "2222222222"])
    await prisma.destination.create({ data: { shopDomain: shop, pixelId, accessTokenEnc: "v1:a:b:c" } });
}

beforeEach(async () => {
  for (const table of ["outboxEvent", "pixelReceipt", "destination", "shop"] as const) {
    await (prisma[table] as { deleteMany: () => Promise<unknown> }).deleteMany();
  }
});

function storefrontReceipt(overrides: Record<string, unknown> = {}) {
  return makeReceipt({
    event_name: "AddToCart",
    event_id: uuid(),
    page_url: "https://pixel-shop.myshopify.com/products/tee",
    custom_data: CUSTOM_DATA,
    ...overrides,
  });
}

async function post(body: unknown, init: { ip?: string; userAgent?: string } = {}, limits = createPixelRateLimits()) {
  const response = await handlePixelReceipt(
    receiptRequest(body, { ip: init.ip ?? "2606:4700:4700::1111", userAgent: init.userAgent ?? CHROME }),
    {
      limits,
      trustedProxies: 1,
    },
  );
  expect(response.status).toBe(202);
}

describe("server copies of storefront events", () => {
  it("GIVEN a shop that wants AddToCart copies WHEN the web pixel's receipt arrives THEN one queued row per pixel: same name and id, the receipt's products, fbp, public IPv6 and user agent", async () => {
    await shopWith({ addToCart: "on" });
    const receipt = storefrontReceipt();
    await post(receipt);
    const rows = await prisma.outboxEvent.findMany({ orderBy: { destinationId: "asc" } });
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row).toMatchObject({
        eventName: "AddToCart",
        eventId: receipt.event_id,
        status: "pending",
        sourceTopic: "web_pixel",
        consentReason: "signal_allows_marketing",
      });
      expect(row.browserSeenAt).toBeInstanceOf(Date);
      const payload = JSON.parse(row.payload);
      expect(payload).toMatchObject({
        event_name: "AddToCart",
        event_id: receipt.event_id,
        action_source: "website",
        event_source_url: "https://pixel-shop.myshopify.com/products/tee",
        user_data: { fbp: FBP, client_ip_address: "2606:4700:4700::1111", client_user_agent: CHROME },
        custom_data: { value: 19.99, currency: "EUR", content_ids: ["41001"], num_items: 1 },
      });
    }
    // The same receipt again (a retried request): nothing more.
    await post(receipt);
    expect(await prisma.outboxEvent.count()).toBe(2);
  });

  it("GIVEN a shopper who opted out of the sale of data THEN the copy goes with Limited Data Use, as the browser's hit does", async () => {
    await shopWith({ addToCart: "on" });
    await post(storefrontReceipt({ consent: { marketing: true, analytics: true, sale_of_data: false } }));
    const row = await prisma.outboxEvent.findFirstOrThrow();
    expect(row.consentAction).toBe("send_ldu");
    expect(JSON.parse(row.payload).data_processing_options).toEqual(["LDU"]);
  });

  it("GIVEN a malformed fbp and a private address THEN the copy is still made, without them, and the notes say why", async () => {
    await shopWith({ addToCart: "on" });
    await post(storefrontReceipt({ fbp: "<script>alert(1)</script>" }), { ip: "10.0.0.7" });
    const row = await prisma.outboxEvent.findFirstOrThrow();
    const userData = JSON.parse(row.payload).user_data;
    expect(userData).toEqual({ client_user_agent: CHROME });
    expect(JSON.parse(row.keyNotes ?? "[]")).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: "fbp" }), expect.objectContaining({ key: "client_ip_address" })]),
    );
  });

  it.each([
    ["the merchant has not decided yet", {}, {}, {}],
    ["the merchant chose browser only for ViewContent", { viewContent: "off", addToCart: "on" }, { event_name: "ViewContent" }, {}],
    [
      "a crawler's receipt",
      { addToCart: "on" },
      {},
      { userAgent: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)" },
    ],
    ["a headless browser's receipt", { addToCart: "on" }, {}, { userAgent: "Mozilla/5.0 HeadlessChrome/131.0.0.0 Safari/537.36" }],
    ["no marketing consent", { addToCart: "on" }, { consent: { marketing: false, analytics: true, sale_of_data: true } }, {}],
  ])("GIVEN %s THEN the receipt is stored and no server event is made", async (_label, copies, overrides, init) => {
    await shopWith(copies);
    await post(storefrontReceipt(overrides), init);
    expect(await prisma.pixelReceipt.count()).toBe(1);
    expect(await prisma.outboxEvent.count()).toBe(0);
  });

  it("GIVEN one address posting 40 receipts at once THEN every receipt is accepted but at most 30 become server events", async () => {
    await shopWith({ addToCart: "on", viewContent: "on" });
    const limits = createPixelRateLimits({ clock: () => 1_000 });
    for (let i = 0; i < 40; i++)
      await post(storefrontReceipt({ event_name: i % 2 ? "AddToCart" : "ViewContent" }), { ip: "9.9.9.9" }, limits);
    expect(await prisma.pixelReceipt.count()).toBe(40);
    // Two pixels: two rows per server event.
    expect(await prisma.outboxEvent.count()).toBe(60);
  });

  it("GIVEN many addresses WHEN the shop's budget of server copies is spent THEN further receipts make none", async () => {
    await shopWith({ addToCart: "on" });
    const limits = {
      ...createPixelRateLimits({ clock: () => 1_000 }),
      copyShop: new TokenBucketLimiter({ capacity: 3, perMinute: 1, clock: () => 1_000 }),
    };
    for (let i = 0; i < 6; i++) await post(storefrontReceipt(), { ip: `9.9.9.${i + 1}` }, limits);
    expect(await prisma.outboxEvent.count()).toBe(3 * 2);
  });
});

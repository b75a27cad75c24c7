import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { describeContact, describeEmbed, describePixel, readEmbedStatus } from "~/models/storefront-status";
import { handlePixelReceipt } from "~/pixel/handle-receipt.server";
import { makeReceipt, receiptRequest } from "../../pixel/receipt-support";
import { getStorefrontFacts, recordEmbedReport, recordPixelAnswer } from "~/models/storefront-status.server";
import { configureDestination } from "~/models/destinations.server";
import { getShopOverview } from "~/models/overview.server";
import { handleStorefrontStatusPost, readWebPixelStatus, refreshWebPixelStatus } from "~/shopify/web-pixel-status.server";
import { graphqlFor, startAdminGraphqlStandIn, type StandIn } from "../../../scripts/lib/admin-graphql-standin";

// The facts behind the overview's storefront card and its checklist, on the real database
// (both providers): App Bridge's report, Shopify's pixel answer through the Admin GraphQL
// stand-in, and receipts against orders when Shopify does not say.

const shop = "storefront-facts.myshopify.com";
const NOW = new Date("2026-12-06T12:00:00Z");
let standIn: StandIn;

beforeAll(async () => {
  standIn = await startAdminGraphqlStandIn();
  await prisma.shop.create({ data: { domain: shop, shopKey: "k-storefront-facts" } });
});
afterAll(async () => {
  await standIn.close();
  await prisma.$disconnect();
});

async function order(n: number, placedAt: Date, { receipt = false, isTest = false, outcome = "queued" } = {}) {
  const eventId = `purchase_${9_000_000 + n}`;
  await prisma.receivedOrder.create({
    data: {
      shopDomain: shop,
      kind: "order",
      sourceId: String(9_000_000 + n),
      eventName: "Purchase",
      eventId,
      outcome,
      isTest,
      placedAt,
      firstSeenAt: placedAt,
      lastSeenAt: placedAt,
      lastTopic: "orders/paid",
    },
  });
  if (receipt)
    await prisma.pixelReceipt.create({
      data: { shopDomain: shop, eventName: "Purchase", eventId, consent: "m1a1s1", occurredAt: placedAt },
    });
}

describe("storefront facts", () => {
  it("GIVEN orders of the last 7 days, some with a browser report THEN they are counted; older, test and unsent orders are not", async () => {
    const day = 86_400_000;
    for (let n = 1; n <= 6; n++) await order(n, new Date(NOW.getTime() - n * day + 3600_000), { receipt: n <= 2 });
    await order(20, new Date(NOW.getTime() - 8 * day), { receipt: true }); // too old
    await order(21, new Date(NOW.getTime() - day), { isTest: true, receipt: true });
    await order(22, new Date(NOW.getTime() - day), { outcome: "skipped" });
    const facts = await getStorefrontFacts(shop, NOW);
    expect(facts.pixel).toMatchObject({ orders: 6, ordersWithReceipt: 2, state: null, dataSharing: null });
    expect(describePixel(facts.pixel)).toMatchObject({ badge: "Partly reporting", done: true });
    expect(describePixel(facts.pixel).source).toBe(
      "Inferred from 2 browser reports for 6 orders in the last 7 days (Shopify's Admin API did not answer).",
    );
    expect(facts.embed).toEqual({ reported: null, reportedAt: null, seenInOrders: false });
  });

  it("GIVEN App Bridge's report posted by the card THEN it is the embed's status for the card and the checklist; a bad report is refused", async () => {
    const form = (entries: Record<string, string>) => Object.entries(entries).reduce((f, [k, v]) => (f.append(k, v), f), new FormData());
    expect(
      await handleStorefrontStatusPost({
        shopDomain: shop,
        graphql: graphqlFor(standIn),
        form: form({ intent: "storefront_embed", status: "available" }),
        now: NOW,
      }),
    ).toEqual({ ok: true });
    const facts = await getStorefrontFacts(shop, NOW);
    expect(facts.embed).toMatchObject({ reported: "available", reportedAt: NOW.toISOString() });
    expect(describeEmbed(facts.embed, "https://x.myshopify.com/admin/themes/current/editor")).toMatchObject({
      badge: "Off",
      done: false,
      action: { label: "Turn on in the theme editor" },
    });
    expect(
      await handleStorefrontStatusPost({
        shopDomain: shop,
        graphql: graphqlFor(standIn),
        form: form({ intent: "storefront_embed", status: "on" }),
        now: NOW,
      }),
    ).toMatchObject({ ok: false });
    await recordEmbedReport(shop, "active", NOW);
    expect((await getStorefrontFacts(shop, NOW)).embed.reported).toBe("active");
  });

  it("GIVEN Shopify's pixel WHEN refreshed THEN the unstable API is asked; its answer is kept for 10 minutes", async () => {
    standIn.webPixel = { id: "gid://shopify/WebPixel/1", settings: "{}" };
    standIn.dataSharingState = "OPTIMIZED_ALLOW_LIMITED_EVENTS";
    await refreshWebPixelStatus({ shopDomain: shop, graphql: graphqlFor(standIn), now: NOW });
    expect((await getStorefrontFacts(shop, NOW)).pixel).toMatchObject({
      state: "connected",
      dataSharing: "OPTIMIZED_ALLOW_LIMITED_EVENTS",
    });
    expect(standIn.calls.at(-1)).toMatchObject({ operation: "webPixel", version: "unstable" });
    const asked = standIn.calls.length;
    await refreshWebPixelStatus({ shopDomain: shop, graphql: graphqlFor(standIn), now: new Date(NOW.getTime() + 9 * 60_000) });
    expect(standIn.calls.length).toBe(asked);
    await refreshWebPixelStatus({ shopDomain: shop, graphql: graphqlFor(standIn), now: new Date(NOW.getTime() + 11 * 60_000) });
    expect(standIn.calls.length).toBe(asked + 1);
  });

  it("GIVEN the unstable field refused THEN the stable query still tells connected from missing", async () => {
    standIn.refuseUnstable = true;
    standIn.webPixel = { id: "gid://shopify/WebPixel/1", settings: "{}" };
    expect(await readWebPixelStatus(graphqlFor(standIn))).toEqual({ state: "connected", dataSharing: null });
    standIn.webPixel = null;
    expect(await readWebPixelStatus(graphqlFor(standIn))).toEqual({ state: "missing" });
    expect(standIn.calls.slice(-2).map((c) => c.version)).toEqual(["unstable", "2026-07"]);
    standIn.refuseUnstable = false;
  });
});

describe("personal details Shopify withholds from the web pixel", () => {
  it("GIVEN purchase receipts saying Shopify gave no e-mail or phone THEN the overview says so from the third on; one e-mail is enough to stop it", async () => {
    const withheld = "withheld-contact.myshopify.com";
    await prisma.shop.create({ data: { domain: withheld, shopKey: "withheld-key" } });
    const receive = async (n: number, contact: { email: boolean; phone: boolean }) => {
      const body = makeReceipt({ shop_key: "withheld-key", event_id: `purchase_${7_700 + n}`, contact });
      expect((await handlePixelReceipt(receiptRequest(body, { ip: `192.0.2.${n}` }))).status).toBe(202);
    };
    await receive(1, { email: false, phone: false });
    await receive(2, { email: false, phone: false });
    expect(describeContact((await getStorefrontFacts(withheld)).pixel.contact)).toBeNull();
    await receive(3, { email: false, phone: false });
    const facts = await getStorefrontFacts(withheld);
    expect(facts.pixel.contact).toEqual({ purchases: 3, withEmail: 0, withPhone: 0 });
    expect(describeContact(facts.pixel.contact)?.detail).toMatch(
      /^Shopify gave the web pixel no e-mail and no phone for any of the 3 purchases/,
    );
    // Nothing personal is stored: only the counts.
    expect(JSON.stringify(await prisma.pixelContactDay.findMany({ where: { shopDomain: withheld } }))).not.toMatch(/@|\+1/);
    await receive(4, { email: true, phone: false });
    expect(describeContact((await getStorefrontFacts(withheld)).pixel.contact)).toBeNull();
  });
});

describe("App Bridge's app.extensions() answer", () => {
  const theme = (activations: unknown[]) => [{ handle: "tandem-theme", type: "theme_app_extension", activations }];
  it.each([
    [
      "active",
      theme([
        {
          handle: "tandem-embed",
          name: "Tandem Meta Pixel",
          target: "head",
          status: "active",
          activations: [{ target: "head", themeId: "gid://shopify/OnlineStoreTheme/1" }],
        },
      ]),
      "active",
    ],
    [
      "available",
      theme([{ handle: "tandem-embed", name: "Tandem Meta Pixel", target: "head", status: "available", activations: [] }]),
      "available",
    ],
    [
      "unavailable",
      theme([{ handle: "tandem-embed", name: "Tandem Meta Pixel", target: "head", status: "unavailable", activations: [] }]),
      "unavailable",
    ],
    [
      "an app without our embed",
      [{ handle: "other", type: "ui_extension", activations: [{ target: "admin.product-details.block.render" }] }],
      "not_listed",
    ],
    ["not an array", { error: "nope" }, "no_answer"],
  ])("GIVEN %s THEN %s", (_, answer, expected) => {
    expect(readEmbedStatus(answer)).toBe(expected);
  });
});

describe("the overview's banner and the storefront pieces", () => {
  const bannerShop = "storefront-banner.myshopify.com";
  const editor = "https://storefront-banner.myshopify.com/admin/themes/current/editor?context=apps";
  beforeAll(async () => {
    expect(await configureDestination(bannerShop, { pixelId: "3141592653589793", accessToken: "EAAB" + "b".repeat(40) })).toMatchObject({
      ok: true,
    });
  });

  it("GIVEN the embed on and the pixel always on THEN healthy; WHEN Shopify pauses the pixel and the embed is switched off THEN the banner names both, with the card's fixes", async () => {
    await recordEmbedReport(bannerShop, "active", NOW);
    await recordPixelAnswer(bannerShop, { state: "connected", dataSharing: "ALWAYS_ON", error: null }, NOW);
    const healthy = await getShopOverview(bannerShop, { now: NOW, themeEditorUrl: editor });
    expect(healthy.status).toBe("healthy");
    expect(healthy.conditions).toEqual([]);

    await recordEmbedReport(bannerShop, "available", NOW);
    await recordPixelAnswer(bannerShop, { state: "connected", dataSharing: "OPTIMIZED_PAUSE_ALL_EVENTS", error: null }, NOW);
    const flagged = await getShopOverview(bannerShop, { now: NOW, themeEditorUrl: editor });
    expect(flagged.status).toBe("needs_attention");
    expect(flagged.conditions).toEqual([
      expect.objectContaining({
        key: "storefront_embed",
        title: "Theme app embed: Off",
        fix: { label: "Turn on in the theme editor", url: editor },
      }),
      expect.objectContaining({
        key: "storefront_pixel",
        title: "Checkout web pixel: Paused by Shopify",
        fix: { label: "Open Customer events", url: "shopify://admin/settings/customer_events" },
      }),
    ]);
    // The checklist says the same from the same facts.
    expect(flagged.setup.filter((s) => s.key === "embed" || s.key === "pixel").map((s) => s.done)).toEqual([false, false]);
  });

  it("GIVEN no web pixel at Shopify THEN 'not connected' in the banner, unless a failed activation already says why", async () => {
    await recordEmbedReport(bannerShop, "active", NOW);
    await recordPixelAnswer(bannerShop, { state: "missing", dataSharing: null, error: null }, NOW);
    expect((await getShopOverview(bannerShop, { now: NOW })).conditions.map((c) => c.title)).toEqual(["Checkout web pixel: Not connected"]);
    await prisma.shopActivation.create({
      data: { shopDomain: bannerShop, state: "failed", lastError: "webPixelCreate refused", attemptedAt: NOW },
    });
    expect((await getShopOverview(bannerShop, { now: NOW })).conditions.map((c) => c.key)).toEqual(["activation_failed"]);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { saveShopSettings } from "~/models/shops.server";
import { activateShop, AUTO_RETRY_AFTER_MS, ensureActivation, getActivationStatus } from "~/shopify/activation.server";
import { themeEditorUrl } from "~/shopify/storefront-config";
import { TEST_API_KEY } from "../setup-env";
import {
  declaredPixelFields,
  graphqlFor,
  startAdminGraphqlStandIn,
  throwingGraphqlFor,
  type StandIn,
} from "../../scripts/lib/admin-graphql-standin";

const shopDomain = "activation.myshopify.com";
let standIn: StandIn;

beforeAll(async () => {
  standIn = await startAdminGraphqlStandIn();
});
afterAll(() => standIn.close());

beforeEach(async () => {
  await prisma.shopActivation.deleteMany();
  await prisma.destination.deleteMany();
  await prisma.shop.deleteMany();
  await prisma.shop.create({ data: { domain: shopDomain, shopKey: "activation-key" } });
  await prisma.destination.create({ data: { shopDomain, pixelId: "1234567890123456", accessTokenEnc: "v1:a:b:c" } });
  standIn.calls.length = 0;
  standIn.metafields.clear();
  standIn.webPixel = null;
  standIn.missingPixel = "error";
});

const activate = (graphql = graphqlFor(standIn)) => activateShop({ shopDomain, graphql });

describe("activateShop", () => {
  it("GIVEN a first install THEN the theme config metafield is set on the app installation and the web pixel is created with the documented settings", async () => {
    expect(await activate()).toEqual({ ok: true, webPixel: "created" });
    const metafield = standIn.metafields.get("tandem.config");
    expect(metafield).toMatchObject({ ownerId: "gid://shopify/AppInstallation/777", type: "json" });
    expect(JSON.parse(metafield!.value)).toEqual({
      pixel_ids: ["1234567890123456"],
      catalog_id_rule: "variant_id",
      catalog_country: "US",
      value_rule: { include_shipping: false, include_tax: false },
      audit_url: "https://tandem.test/pixel/audit",
      shop_key: "activation-key",
      product_events: "web_pixel",
    });
    const settings = JSON.parse(standIn.webPixel!.settings);
    expect(Object.keys(settings).sort()).toEqual(declaredPixelFields().sort());
    expect(settings).toMatchObject({
      pixelIds: "1234567890123456",
      receiptUrl: "https://tandem.test/pixel/events",
      shopKey: "activation-key",
      includeTax: "false",
      sendHashedEmail: "true",
      events: "InitiateCheckout,AddPaymentInfo,Purchase,ViewContent,AddToCart",
      // Undecided at install: no server copies until the merchant chooses.
      serverCopies: "",
    });
    const status = await getActivationStatus(shopDomain);
    expect(status).toMatchObject({ state: "active", lastError: null, stale: false });
    expect(status.succeededAt).not.toBeNull();
  });

  it("GIVEN an activated shop WHEN saved again unchanged THEN no pixel mutation; WHEN a rule changes THEN an update, never a second create", async () => {
    await activate();
    expect(await activate()).toEqual({ ok: true, webPixel: "unchanged" });
    expect([standIn.count("webPixelCreate"), standIn.count("webPixelUpdate")]).toEqual([1, 0]);

    await saveShopSettings(shopDomain, { value: { includeTax: true } });
    expect(await activate()).toEqual({ ok: true, webPixel: "updated" });
    expect([standIn.count("webPixelCreate"), standIn.count("webPixelUpdate")]).toEqual([1, 1]);
    expect(JSON.parse(standIn.webPixel!.settings).includeTax).toBe("true");
    expect(JSON.parse(standIn.metafields.get("tandem.config")!.value).value_rule.include_tax).toBe(true);
  });

  it("GIVEN Shopify answers 'no web pixel' with plain null instead of an error THEN the pixel is created all the same", async () => {
    standIn.missingPixel = "null";
    expect(await activate()).toEqual({ ok: true, webPixel: "created" });
  });

  it("GIVEN webPixelCreate returns userErrors THEN the result says so and the admin status shows the message; a retry then succeeds", async () => {
    standIn.failNext("webPixelCreate", {
      userErrors: [{ field: ["webPixel", "settings"], message: "Settings are invalid: pixelIds is too long" }],
    });
    const result = await activate();
    expect(result).toEqual({ ok: false, step: "web_pixel", message: "webPixel.settings: Settings are invalid: pixelIds is too long" });
    const failed = await getActivationStatus(shopDomain);
    expect(failed.state).toBe("failed");
    expect(failed.lastError).toContain("Settings are invalid: pixelIds is too long");
    expect(failed.succeededAt).toBeNull();

    expect(await activate()).toEqual({ ok: true, webPixel: "created" });
    expect(await getActivationStatus(shopDomain)).toMatchObject({ state: "active", lastError: null });
  });

  it("GIVEN metafieldsSet returns userErrors THEN activation stops there: no web pixel is touched", async () => {
    standIn.failNext("metafieldsSet", { userErrors: [{ field: ["metafields", "0", "value"], message: "Value is too large." }] });
    expect(await activate()).toMatchObject({ ok: false, step: "metafield", message: expect.stringContaining("Value is too large.") });
    expect(standIn.count("webPixel") + standIn.count("webPixelCreate")).toBe(0);
  });

  it("GIVEN a GraphQL error thrown the way shopify-app-remix throws it (missing scope) THEN it is recorded, not swallowed", async () => {
    standIn.failNext("webPixelCreate", {
      errors: [
        { message: "Access denied for webPixelCreate field. Required access: `write_pixels`.", extensions: { code: "ACCESS_DENIED" } },
      ],
    });
    const result = await activate(throwingGraphqlFor(standIn));
    expect(result).toMatchObject({ ok: false, step: "web_pixel", message: expect.stringContaining("Access denied") });
    expect((await getActivationStatus(shopDomain)).lastError).toContain("write_pixels");
  });

  it("GIVEN the library's thrown not-found error for a missing pixel THEN it still counts as 'none yet' and the pixel is created", async () => {
    expect(await activate(throwingGraphqlFor(standIn))).toEqual({ ok: true, webPixel: "created" });
  });

  it("GIVEN Shopify cannot be reached THEN a failure with a message, recorded", async () => {
    const unreachable = () => fetch("http://127.0.0.1:9/admin/api/2026-07/graphql.json", { method: "POST", body: "{}" });
    expect(await activateShop({ shopDomain, graphql: unreachable })).toMatchObject({ ok: false, step: "installation" });
    expect((await getActivationStatus(shopDomain)).state).toBe("failed");
  });
});

describe("ensureActivation (admin loads)", () => {
  it("GIVEN an active, up-to-date shop THEN nothing is sent to Shopify", async () => {
    await activate();
    const before = standIn.calls.length;
    expect((await ensureActivation({ shopDomain, graphql: graphqlFor(standIn) })).state).toBe("active");
    expect(standIn.calls.length).toBe(before);
  });

  it("GIVEN a failure a moment ago THEN not retried on every load; GIVEN one older than the retry delay THEN retried", async () => {
    standIn.failNext("currentAppInstallation", { errors: [{ message: "Internal error" }] });
    const failedAt = new Date();
    await activateShop({ shopDomain, graphql: graphqlFor(standIn), now: failedAt });
    const calls = standIn.calls.length;
    expect((await ensureActivation({ shopDomain, graphql: graphqlFor(standIn), now: new Date(failedAt.getTime() + 1000) })).state).toBe(
      "failed",
    );
    expect(standIn.calls.length).toBe(calls);
    const later = new Date(failedAt.getTime() + AUTO_RETRY_AFTER_MS + 1000);
    expect((await ensureActivation({ shopDomain, graphql: graphqlFor(standIn), now: later })).state).toBe("active");
  });

  it("GIVEN a pixel added since the last activation THEN the load re-applies it", async () => {
    await activate();
    await prisma.destination.create({ data: { shopDomain, pixelId: "999999999", accessTokenEnc: "v1:a:b:c" } });
    expect((await getActivationStatus(shopDomain)).stale).toBe(true);
    await ensureActivation({ shopDomain, graphql: graphqlFor(standIn) });
    expect(JSON.parse(standIn.webPixel!.settings).pixelIds).toBe("1234567890123456,999999999");
    expect((await getActivationStatus(shopDomain)).stale).toBe(false);
  });
});

describe("theme editor deep link", () => {
  it("GIVEN the shop and API key THEN the link opens the App embeds panel with the tandem-embed block, which exists", async () => {
    expect(themeEditorUrl(shopDomain, TEST_API_KEY)).toBe(
      `https://${shopDomain}/admin/themes/current/editor?context=apps&activateAppId=${TEST_API_KEY}/tandem-embed`,
    );
    const { existsSync } = await import("node:fs");
    expect(existsSync("extensions/tandem-theme/blocks/tandem-embed.liquid")).toBe(true);
  });
});

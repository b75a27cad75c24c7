import { Session } from "@shopify/shopify-api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { getSecretBox } from "~/models/token-encryption.server";
import { readSettings } from "~/models/shops.server";
import { action, loader } from "~/routes/app.settings/route";
import { sessionStorage } from "~/shopify.server";
import { startAdminGraphqlStandIn, type StandIn } from "../activation/admin-graphql-standin";
import { callRoute } from "../support/routes";
import { adminRequest } from "../support/shopify-requests";
import { routeAdminApiTo } from "./route-admin-graphql";

const shop = "settings.myshopify.com";
const TOKEN = "EAAB" + "x".repeat(40);
let standIn: StandIn;
let restoreFetch: () => void;

beforeAll(async () => {
  standIn = await startAdminGraphqlStandIn();
  restoreFetch = routeAdminApiTo(standIn);
  await sessionStorage.storeSession(new Session({ id: `offline_${shop}`, shop, state: "", isOnline: false, scope: "read_orders,write_pixels,read_customer_events", accessToken: "shpat_settings" }));
});
afterAll(async () => {
  restoreFetch();
  await standIn.close();
});
beforeEach(async () => {
  await prisma.shopActivation.deleteMany();
  await prisma.destination.deleteMany();
  await prisma.shop.deleteMany();
  standIn.webPixel = null;
  standIn.calls.length = 0;
});

/** The form exactly as the page submits it (form-state.ts), with overrides. */
function settingsForm(overrides: Record<string, string | string[]> = {}): FormData {
  const fields: Record<string, string | string[]> = {
    intent: "save",
    "destination.pixelId": "1234567890123456",
    "destination.accessToken": TOKEN,
    "destination.testEventCode": "",
    "events.purchase": "true",
    "events.initiateCheckout": "true",
    "events.addPaymentInfo": "false",
    "value.includeShipping": "true",
    "value.includeTax": "false",
    "value.currency": "presentment",
    "catalog.idRule": "sku",
    "catalog.feedCountry": "de",
    purchasePaymentStates: ["", "paid", "authorized"],
    "filters.testOrders": "skip",
    "filters.includePosOrders": "false",
    "filters.includeDraftOrders": "false",
    "filters.excludedTags": "wholesale, internal",
    "filters.skipZeroValue": "true",
    "consent.mode": "strict",
    "consent.optInRegions": "DE, FR GB",
    "consent.graceMinutes": "5",
    "matchKeys.fbp": "false",
    ...overrides,
  };
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
  return form;
}

async function post(form: FormData) {
  const response = await callRoute(action, await adminRequest(shop, "/app/settings", { method: "POST", body: form }));
  return { status: response.status, body: await response.json() };
}

describe("/app/settings", () => {
  it("GIVEN a valid save THEN the destination (token sealed) and the settings are stored, and the storefront is activated", async () => {
    const { status, body } = await post(settingsForm());
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, intent: "save", activation: { state: "active" } });
    const destination = await prisma.destination.findFirstOrThrow({ where: { shopDomain: shop } });
    expect(destination.pixelId).toBe("1234567890123456");
    expect(getSecretBox().open(destination.accessTokenEnc)).toBe(TOKEN);
    const settings = readSettings((await prisma.shop.findUniqueOrThrow({ where: { domain: shop } })).settings);
    expect(settings).toMatchObject({
      events: { purchase: true, initiateCheckout: true, addPaymentInfo: false },
      value: { includeShipping: true },
      catalog: { idRule: "sku", feedCountry: "DE" },
      purchasePaymentStates: ["paid", "authorized"],
      filters: { testOrders: "skip", excludedTags: ["wholesale", "internal"] },
      consent: { mode: "strict", optInRegions: ["DE", "FR", "GB"], graceMinutes: 5 },
    });
    expect(settings.matchKeys).toMatchObject({ fbp: false, em: true });
    expect(JSON.parse(standIn.webPixel!.settings)).toMatchObject({ pixelIds: "1234567890123456", catalogIdRule: "sku", includeShipping: "true" });
    // The route's own admin.graphql made the calls, with the shop's offline token.
    expect(new Set(standIn.calls.map((call) => call.accessToken))).toEqual(new Set(["shpat_settings"]));
  });

  it("GIVEN a saved pixel WHEN the merchant saves a different pixel id THEN the old one stops and its unsent events are cancelled with the reason", async () => {
    expect((await post(settingsForm())).status).toBe(200);
    const old = await prisma.destination.findFirstOrThrow({ where: { shopDomain: shop } });
    await prisma.outboxEvent.create({
      data: { shopDomain: shop, destinationId: old.id, eventName: "Purchase", eventId: "purchase_1", status: "pending", payload: "{}", eventTime: 1, sourceTopic: "orders/create", consentAction: "send", consentReason: "mode_off" },
    });
    expect((await post(settingsForm({ "destination.pixelId": "6543210987654321" }))).status).toBe(200);
    const destinations = await prisma.destination.findMany({ where: { shopDomain: shop }, orderBy: { createdAt: "asc" } });
    expect(destinations.map((d) => [d.pixelId, d.enabled])).toEqual([["1234567890123456", false], ["6543210987654321", true]]);
    const event = await prisma.outboxEvent.findFirstOrThrow({ where: { eventId: "purchase_1" } });
    expect(event.status).toBe("cancelled");
    expect(event.lastError).toContain("replaced by pixel 6543210987654321");
    const page = await (await callRoute(loader, await adminRequest(shop, "/app/settings"))).json();
    expect(page.destination.pixelId).toBe("6543210987654321");
    await prisma.outboxEvent.deleteMany();
  });

  it("GIVEN an activation that failed a while ago WHEN the merchant opens the page THEN the loader retries it", async () => {
    await prisma.shop.create({ data: { domain: shop, shopKey: "settings-key" } });
    await prisma.shopActivation.create({ data: { shopDomain: shop, state: "failed", lastError: "earlier failure", attemptedAt: new Date(Date.now() - 5 * 60_000) } });
    const response = await callRoute(loader, await adminRequest(shop, "/app/settings"));
    const data = await response.json();
    expect(data.activation).toMatchObject({ state: "active", lastError: null });
    expect(standIn.count("webPixelCreate")).toBe(1);
  });

  it("GIVEN invalid fields THEN 400 with the domain's messages next to each field, and nothing is stored", async () => {
    const { status, body } = await post(settingsForm({ "consent.graceMinutes": "90", "consent.optInRegions": "DE, Germany", purchasePaymentStates: ["", "pending"], "destination.pixelId": "abc" }));
    expect(status).toBe(400);
    expect(body.ok).toBe(false);
    expect(body.errors).toMatchObject({
      "consent.graceMinutes": "Wait at most 60 minutes: Meta wants events within the hour.",
      "consent.optInRegions": "Use a two-letter country code such as US or DE.",
      purchasePaymentStates: expect.stringContaining("Pending and voided"),
      "destination.pixelId": expect.stringContaining("5 to 20 digits"),
    });
    expect(await prisma.destination.count()).toBe(0);
    const stored = await prisma.shop.findUnique({ where: { domain: shop } });
    expect(stored === null || stored.settings === "{}").toBe(true);
    expect(standIn.count("webPixelCreate")).toBe(0);
  });

  it("GIVEN only the settings are invalid THEN the valid destination is not stored either", async () => {
    const { status } = await post(settingsForm({ "consent.mode": "sometimes" }));
    expect(status).toBe(400);
    expect(await prisma.destination.count()).toBe(0);
  });

  it("GIVEN a saved token THEN the loader says one is set but never returns it; an empty token field keeps it", async () => {
    await post(settingsForm());
    const response = await callRoute(loader, await adminRequest(shop, "/app/settings"));
    expect(response.status).toBe(200);
    const raw = await response.text();
    expect(raw).not.toContain(TOKEN);
    expect(raw).not.toContain("accessTokenEnc");
    const data = JSON.parse(raw);
    expect(data.destination).toEqual({ id: expect.any(String), pixelId: "1234567890123456", testEventCode: null, tokenSet: true, pausedReason: null, lastTestEventId: null });
    expect(data.themeEditorUrl).toBe(`https://${shop}/admin/themes/current/editor?context=apps&activateAppId=tandem-test-api-key/tandem-embed`);

    const again = await post(settingsForm({ "destination.accessToken": "", "destination.testEventCode": "TEST4242" }));
    expect(again.status).toBe(200);
    const destination = await prisma.destination.findFirstOrThrow();
    expect(destination.testEventCode).toBe("TEST4242");
    expect(getSecretBox().open(destination.accessTokenEnc)).toBe(TOKEN);
  });

  it("GIVEN a new pixel id without a token THEN refused with a message, nothing stored", async () => {
    await post(settingsForm());
    const { status, body } = await post(settingsForm({ "destination.pixelId": "6543210987654321", "destination.accessToken": "" }));
    expect(status).toBe(400);
    expect(body.errors["destination.accessToken"]).toMatch(/access token/);
    expect(await prisma.destination.count()).toBe(1);
  });

  it("GIVEN a failed activation WHEN the merchant presses Retry THEN it runs again and the status shows success", async () => {
    standIn.failNext("webPixelCreate", { userErrors: [{ field: ["webPixel", "settings"], message: "Settings are invalid." }] });
    const saved = await post(settingsForm());
    expect(saved.body.activation).toMatchObject({ state: "failed", lastError: expect.stringContaining("Settings are invalid.") });
    const form = new FormData();
    form.append("intent", "retry");
    const retried = await post(form);
    expect(retried.body).toMatchObject({ ok: true, intent: "retry", activation: { state: "active", lastError: null } });
  });
});

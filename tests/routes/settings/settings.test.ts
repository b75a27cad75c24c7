import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { getSecretBox } from "~/secrets/token-encryption.server";
import { readSettings } from "~/models/shops.server";
import { action, loader } from "~/routes/app.settings/route";
import { callRoute } from "../../support/routes";
import { adminRequest } from "../../support/shopify-requests";
import { storeOfflineSession } from "../../support/offline-session";
import { useAdminApiStandIn } from "../../support/admin-api-stand-in";

const shop = "settings.myshopify.com";
const TOKEN = "EAAB" + "x".repeat(40);
const standIn = useAdminApiStandIn();

beforeAll(async () => {
  await storeOfflineSession(shop, "shpat_settings");
});
beforeEach(async () => {
  await prisma.shopActivation.deleteMany();
  await prisma.outboxEvent.deleteMany();
  await prisma.destination.deleteMany();
  await prisma.shop.deleteMany();
  standIn.webPixel = null;
  standIn.calls.length = 0;
});

/** The form exactly as the page submits it (form-state.ts), with overrides. */
function settingsForm(overrides: Record<string, string | string[]> = {}): FormData {
  const fields: Record<string, string | string[]> = {
    intent: "save",
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
    "alerts.emails": "",
    ...overrides,
  };
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
  return form;
}

async function post(form: FormData, domain = shop) {
  const response = await callRoute(action, await adminRequest(domain, "/app/settings", { method: "POST", body: form }));
  return { status: response.status, body: await response.json() };
}

/** One of the pixel cards' forms. */
async function pixel(intent: string, fields: Record<string, string>, domain = shop) {
  const form = new FormData();
  form.append("intent", intent);
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return post(form, domain);
}

const PIXEL = "1234567890123456";
const SECOND = "654321098765432";
const addFirst = () => pixel("destination.add", { pixelId: PIXEL, accessToken: TOKEN, testEventCode: "" });
const page = async (domain = shop) => (await callRoute(loader, await adminRequest(domain, "/app/settings"))).json();

describe("/app/settings", () => {
  it("GIVEN a pixel added and a valid save THEN the destination (token sealed) and the settings are stored, and the storefront is activated with the pixel", async () => {
    expect(await addFirst()).toMatchObject({ status: 200, body: { ok: true, intent: "destination.add", message: `Pixel ${PIXEL} added` } });
    const { status, body } = await post(settingsForm());
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, intent: "save", activation: { state: "active" } });
    const destination = await prisma.destination.findFirstOrThrow({ where: { shopDomain: shop } });
    expect(destination.pixelId).toBe(PIXEL);
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
    expect(JSON.parse(standIn.webPixel!.settings)).toMatchObject({ pixelIds: PIXEL, catalogIdRule: "sku", includeShipping: "true" });
    // The route's own admin.graphql made the calls, with the shop's offline token.
    expect(new Set(standIn.calls.map((call) => call.accessToken))).toEqual(new Set(["shpat_settings"]));
  });

  it("GIVEN one pixel WHEN the merchant adds a second THEN both are listed and sending, the storefront fires both; the same pixel twice is refused", async () => {
    await addFirst();
    expect((await pixel("destination.add", { pixelId: SECOND, accessToken: TOKEN + "2", testEventCode: "TEST55" })).status).toBe(200);
    const data = await page();
    expect(
      data.destinations.map((d: { pixelId: string; enabled: boolean; testEventCode: string | null }) => [
        d.pixelId,
        d.enabled,
        d.testEventCode,
      ]),
    ).toEqual([
      [PIXEL, true, null],
      [SECOND, true, "TEST55"],
    ]);
    expect(JSON.parse(standIn.webPixel!.settings).pixelIds).toBe(`${PIXEL},${SECOND}`);
    const again = await pixel("destination.add", { pixelId: SECOND, accessToken: TOKEN, testEventCode: "" });
    expect(again.status).toBe(400);
    expect(again.body.errors["destination.pixelId"]).toMatch(/already connected/);
    expect(await prisma.destination.count()).toBe(2);
  });

  it("GIVEN a pixel id that is not Meta's shape, or no token THEN refused with the field's message and nothing stored", async () => {
    for (const pixelId of ["abc", "12345", "12345678901234567", " 1234 5678 9012 345"]) {
      const { status, body } = await pixel("destination.add", { pixelId, accessToken: TOKEN, testEventCode: "" });
      expect(status).toBe(400);
      expect(body.errors["destination.pixelId"]).toMatch(/15 or 16 digits/);
    }
    const noToken = await pixel("destination.add", { pixelId: PIXEL, accessToken: "", testEventCode: "" });
    expect(noToken.body.errors["destination.accessToken"]).toBe("Enter a Conversions API access token for this pixel.");
    const badCode = await pixel("destination.add", { pixelId: PIXEL, accessToken: TOKEN, testEventCode: "12345" });
    expect(badCode.body.errors["destination.testEventCode"]).toMatch(/TEST12345/);
    expect(await prisma.destination.count()).toBe(0);
  });

  it("GIVEN a saved token THEN the loader never returns it; an edit with an empty token keeps it and changes the test code; a new token resumes a pixel Meta paused", async () => {
    await addFirst();
    const raw = await (await callRoute(loader, await adminRequest(shop, "/app/settings"))).text();
    expect(raw).not.toContain(TOKEN);
    expect(raw).not.toContain("accessTokenEnc");
    const data = JSON.parse(raw);
    expect(data.destinations).toEqual([
      { id: expect.any(String), pixelId: PIXEL, testEventCode: null, enabled: true, pausedReason: null, unsent: 0, lastTestEventId: null },
    ]);
    expect(data.themeEditorUrl).toBe(
      `https://${shop}/admin/themes/current/editor?context=apps&activateAppId=tandem-test-api-key/tandem-embed`,
    );
    const id = data.destinations[0].id;

    expect((await pixel("destination.update", { destinationId: id, accessToken: "", testEventCode: "TEST4242" })).status).toBe(200);
    let destination = await prisma.destination.findUniqueOrThrow({ where: { id } });
    expect(destination.testEventCode).toBe("TEST4242");
    expect(getSecretBox().open(destination.accessTokenEnc)).toBe(TOKEN);

    await prisma.destination.update({
      where: { id },
      data: { pausedAt: new Date(), pausedReason: "Meta refused the access token or its permissions (code 190): expired" },
    });
    await prisma.outboxEvent.create({
      data: {
        shopDomain: shop,
        destinationId: id,
        eventName: "Purchase",
        eventId: "purchase_1",
        status: "paused",
        payload: "{}",
        eventTime: 1,
        sourceTopic: "orders/create",
        consentAction: "send",
        consentReason: "mode_off",
      },
    });
    expect((await page()).destinations[0]).toMatchObject({ pausedReason: "Meta does not recognise this access token.", unsent: 1 });
    const fixed = await pixel("destination.update", { destinationId: id, accessToken: TOKEN + "new", testEventCode: "TEST4242" });
    expect(fixed.body).toMatchObject({ ok: true, message: "Pixel saved; 1 held event is being sent" });
    destination = await prisma.destination.findUniqueOrThrow({ where: { id } });
    expect(destination.pausedAt).toBeNull();
    expect(getSecretBox().open(destination.accessTokenEnc)).toBe(TOKEN + "new");
    expect((await prisma.outboxEvent.findFirstOrThrow()).status).toBe("pending");
  });

  it("GIVEN two pixels WHEN the merchant pauses one THEN new events skip it and its queue waits; resumed it is back; removed it is gone with its queued events", async () => {
    await addFirst();
    await pixel("destination.add", { pixelId: SECOND, accessToken: TOKEN, testEventCode: "" });
    const [first, second] = (await page()).destinations;
    await prisma.outboxEvent.create({
      data: {
        shopDomain: shop,
        destinationId: second.id,
        eventName: "Purchase",
        eventId: "purchase_2",
        status: "pending",
        payload: "{}",
        eventTime: 1,
        sourceTopic: "orders/create",
        consentAction: "send",
        consentReason: "mode_off",
      },
    });

    expect((await pixel("destination.pause", { destinationId: second.id })).body).toMatchObject({ ok: true, message: "Pixel paused" });
    expect((await page()).destinations[1]).toMatchObject({ enabled: false, unsent: 1 });
    expect(JSON.parse(standIn.webPixel!.settings).pixelIds).toBe(PIXEL);
    expect((await pixel("destination.resume", { destinationId: second.id })).body).toMatchObject({ ok: true, message: "Pixel resumed" });
    expect((await page()).destinations[1]).toMatchObject({ enabled: true });

    expect((await pixel("destination.remove", { destinationId: second.id })).body).toMatchObject({
      ok: true,
      message: `Pixel ${SECOND} removed`,
    });
    expect((await page()).destinations.map((d: { id: string }) => d.id)).toEqual([first.id]);
    expect(await prisma.outboxEvent.count()).toBe(0);
    expect(JSON.parse(standIn.webPixel!.settings).pixelIds).toBe(PIXEL);
  });

  it("GIVEN another shop WHEN it names this shop's pixel THEN nothing changes", async () => {
    await addFirst();
    const [mine] = (await page()).destinations;
    const other = "other-settings.myshopify.com";
    await storeOfflineSession(other, "shpat_other");
    for (const intent of ["destination.pause", "destination.remove", "destination.update"]) {
      const { status, body } = await pixel(intent, { destinationId: mine.id, accessToken: TOKEN + "evil", testEventCode: "" }, other);
      expect(status).toBe(400);
      expect(Object.values(body.errors).join()).toMatch(/not connected/);
    }
    const stored = await prisma.destination.findUniqueOrThrow({ where: { id: mine.id } });
    expect(stored).toMatchObject({ enabled: true });
    expect(getSecretBox().open(stored.accessTokenEnc)).toBe(TOKEN);
    expect((await page(other)).destinations).toEqual([]);
  });

  it("GIVEN alert addresses THEN several are saved, an invalid one refuses the whole save, and empty falls back to the shop's contact email", async () => {
    const saved = await post(settingsForm({ "alerts.emails": "ops@shop.example, owner@shop.example" }));
    expect(saved.status).toBe(200);
    expect((await prisma.shop.findUniqueOrThrow({ where: { domain: shop } })).alertEmails).toBe("ops@shop.example,owner@shop.example");
    const data = await page();
    expect(data.alerts).toEqual({ emails: ["ops@shop.example", "owner@shop.example"], contactEmail: "owner@shop.example" });

    const refused = await post(settingsForm({ "alerts.emails": "ops@shop.example, not-an-address", "consent.mode": "off" }));
    expect(refused.status).toBe(400);
    expect(refused.body.errors["alerts.emails"]).toMatch(/not an email address: not-an-address/);
    const row = await prisma.shop.findUniqueOrThrow({ where: { domain: shop } });
    expect(row.alertEmails).toBe("ops@shop.example,owner@shop.example");
    expect(readSettings(row.settings).consent.mode).toBe("strict");

    expect((await post(settingsForm({ "alerts.emails": "  " }))).status).toBe(200);
    expect((await prisma.shop.findUniqueOrThrow({ where: { domain: shop } })).alertEmails).toBeNull();
    expect((await page()).alerts.emails).toEqual([]);
  });

  it("GIVEN an activation that failed a while ago WHEN the merchant opens the page THEN the loader retries it", async () => {
    await prisma.shop.create({ data: { domain: shop, shopKey: "settings-key" } });
    await prisma.shopActivation.create({
      data: { shopDomain: shop, state: "failed", lastError: "earlier failure", attemptedAt: new Date(Date.now() - 5 * 60_000) },
    });
    const data = await page();
    expect(data.activation).toMatchObject({ state: "active", lastError: null });
    expect(standIn.count("webPixelCreate")).toBe(1);
  });

  it("GIVEN the merchant's server-copy choices WHEN saved THEN stored, and the web pixel asks the server only for the chosen copies; an unknown choice is refused", async () => {
    await addFirst();
    expect((await post(settingsForm({ "serverCopies.addToCart": "on", "serverCopies.viewContent": "off" }))).status).toBe(200);
    const settings = readSettings((await prisma.shop.findUniqueOrThrow({ where: { domain: shop } })).settings);
    expect(settings.serverCopies).toEqual({ addToCart: "on", viewContent: "off" });
    expect(JSON.parse(standIn.webPixel!.settings)).toMatchObject({
      serverCopies: "AddToCart",
      events: expect.stringContaining("ViewContent,AddToCart"),
    });
    const refused = await post(settingsForm({ "serverCopies.addToCart": "always" }));
    expect(refused).toMatchObject({ status: 400, body: { errors: { "serverCopies.addToCart": "Choose on or off." } } });
  });

  it("GIVEN the subscription choices WHEN saved THEN stored; Subscribe without a usable lifetime value is refused in words", async () => {
    await addFirst();
    const saved = await post(
      settingsForm({ "events.recurringPayment": "true", "events.subscribe": "true", "events.subscribePredictedLtv": "239.90" }),
    );
    expect(saved.status).toBe(200);
    const settings = readSettings((await prisma.shop.findUniqueOrThrow({ where: { domain: shop } })).settings);
    expect(settings.events).toMatchObject({ recurringPayment: true, subscribe: true, subscribePredictedLtv: 239.9 });
    expect(settings.filters.includeRenewalOrders).toBe(false);
    for (const [typed, message] of [
      ["", "Enter what a new subscriber is worth to you over their lifetime, in your shop's currency, to send Subscribe events."],
      ["-20", "The predicted lifetime value must be more than zero."],
      ["12,50", "Enter the predicted lifetime value as an amount, such as 120 or 89.90."],
    ]) {
      const refused = await post(settingsForm({ "events.subscribe": "true", "events.subscribePredictedLtv": typed }));
      expect(refused).toMatchObject({ status: 400, body: { errors: { "events.subscribePredictedLtv": message } } });
    }
  });

  it("GIVEN invalid fields THEN 400 with the domain's messages next to each field, and nothing is stored", async () => {
    const { status, body } = await post(
      settingsForm({ "consent.graceMinutes": "90", "consent.optInRegions": "DE, Germany", purchasePaymentStates: ["", "pending"] }),
    );
    expect(status).toBe(400);
    expect(body.ok).toBe(false);
    expect(body.errors).toMatchObject({
      "consent.graceMinutes": "Wait at most 60 minutes: Meta wants events within the hour.",
      "consent.optInRegions": "Use a two-letter country code such as US or DE.",
      purchasePaymentStates: expect.stringContaining("Pending and voided"),
    });
    const stored = await prisma.shop.findUnique({ where: { domain: shop } });
    expect(stored === null || stored.settings === "{}").toBe(true);
    expect(standIn.count("webPixelCreate")).toBe(0);
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

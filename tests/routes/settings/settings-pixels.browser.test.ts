import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { PIXEL_PAUSED_WHEN_RECEIVED } from "~/outbox/status";
import type { AppProcess } from "../../../scripts/lib/app-process";
import { postWebhook } from "../../../scripts/lib/shopify-webhook";
import type { MetaEmulator } from "../../../scripts/lib/meta-emulator";
import { TEST_API_SECRET } from "../../setup-env";
import type { AdminBrowser } from "../../support/admin-browser";
import { startAdminStack, type AdminStack } from "../../support/admin-stack";
import { makeOrder } from "../../../scripts/lib/store-simulator";
import { waitFor } from "../../support/wait-for";
import { expectNoSidewaysScroll } from "../../support/no-sideways-scroll";

// Several Meta pixels per shop, in Chromium on the BUILT app with its inline worker and
// the Meta emulator: the merchant adds a second pixel on the settings page, a signed
// orders/create webhook reaches both pixels, then the second is paused and removed.

const shop = "settings-pixels.myshopify.com";
const FIRST = "1111222233334444";
const SECOND = "555566667777888";
const TOKEN = "EAAB" + "a".repeat(40);
const SECOND_TOKEN = "EAAB" + "b".repeat(40);
/** A real token, but made for the first pixel: Meta refuses it for the second. */
const FIRST_PIXEL_TOKEN = "EAAB" + "f".repeat(40);
const ALLOW = () => `m1a1s1.${Math.floor(Date.now() / 1000)}`;
let app: AppProcess;
let meta: MetaEmulator;
let admin: AdminBrowser;
let stack: AdminStack;

beforeAll(async () => {
  stack = await startAdminStack({ shop, pixel: { pixelId: FIRST, accessToken: TOKEN }, worker: "inline" });
  ({ app, meta, admin } = stack);
}, 240_000);

afterAll(() => stack?.stop());

const card = (page: Page, pixelId: string) => page.getByRole("region", { name: `Pixel ${pixelId}` });
/** A section of the settings page by its title: what a screenshot of one setting shows of a long page. */
const section = (page: Page, title: string) =>
  page.locator(".Polaris-Layout__AnnotatedSection").filter({ has: page.getByRole("heading", { name: title, exact: true }) });

async function sendOrder(id: number) {
  expect(
    await postWebhook(app.url, { topic: "orders/create", shop, body: makeOrder({ id, consent: ALLOW() }), secret: TEST_API_SECRET }),
  ).toBe(200);
  const eventId = `purchase_${id}`;
  await waitFor(() => meta.acceptedCount({ pixelId: FIRST, eventId }) === 1, `${eventId} at pixel ${FIRST}`, { timeoutMs: 60_000 });
  return eventId;
}

describe("managing pixels and alerts on the settings page (Chromium, built app, Meta emulator)", () => {
  it("GIVEN one pixel WHEN the merchant adds a second on the settings page THEN the token is checked with Meta (a wrong one refused in words) and a webhook's event reaches both pixels", async () => {
    // The first pixel's tokens, the one it sends with and another made for it: Meta refuses
    // either for any other pixel, and any other token for this one.
    meta.grantToken(TOKEN, [FIRST]);
    meta.grantToken(FIRST_PIXEL_TOKEN, [FIRST]);
    meta.setPixelName(SECOND, "Harbour Goods EU");
    const page = await admin.open("/app/settings");
    await card(page, FIRST).getByText("Connected").waitFor();
    await page.getByRole("button", { name: "Add another pixel" }).click();
    // Meta's shape is checked before anything is stored.
    await page.getByLabel("Pixel (dataset) ID").fill("12345");
    await page.getByLabel("Conversions API access token").fill(SECOND_TOKEN);
    await page.getByRole("button", { name: "Add pixel" }).click();
    await page.getByText("15 or 16 digits, as shown in Events Manager").waitFor();
    expect(await prisma.destination.count({ where: { shopDomain: shop } })).toBe(1);
    await page.getByLabel("Pixel (dataset) ID").fill(SECOND);
    // Meta refuses a token made for another pixel: nothing is stored, the field says why in words.
    await page.getByLabel("Conversions API access token").fill(FIRST_PIXEL_TOKEN);
    await page.getByRole("button", { name: "Add pixel" }).click();
    await page.getByText(`This access token may not send to pixel ${SECOND}: it was made for another pixel`).waitFor({ timeout: 30_000 });
    expect(await page.locator("body").innerText()).not.toMatch(/Unsupported get request|OAuthException|Destination/);
    expect(await prisma.destination.count({ where: { shopDomain: shop } })).toBe(1);
    await admin.screenshot(page, "settings-token-refused", { of: section(page, "Meta pixels") });
    await page.getByLabel("Conversions API access token").fill(SECOND_TOKEN);
    await page.getByLabel("Test event code (optional)").fill("TEST4242");
    await page.getByRole("button", { name: "Add pixel" }).click();
    await card(page, SECOND).getByText("Connected").waitFor({ timeout: 30_000 });
    await card(page, SECOND).getByText(`Meta confirmed this token may send to pixel ${SECOND} ("Harbour Goods EU").`).waitFor();
    await page.getByText(`Pixel ${SECOND} added`).waitFor();
    await admin.screenshot(page, "settings-pixels", { of: section(page, "Meta pixels") });

    const eventId = await sendOrder(7_300_001);
    await waitFor(() => meta.acceptedCount({ pixelId: SECOND, eventId }) === 1, `${eventId} at pixel ${SECOND}`, { timeoutMs: 60_000 });
    expect(new Set(meta.accepted().map((a) => a.pixelId))).toEqual(new Set([FIRST, SECOND]));
    await page.close();

    const phone = await admin.open("/app/settings", { width: 390 });
    await card(phone, SECOND).waitFor();
    await admin.screenshot(phone, "settings-pixels", { of: section(phone, "Meta pixels") });
    await expectNoSidewaysScroll(phone, "settings at 390 px");
    await phone.close();
  }, 240_000);

  it("GIVEN two pixels WHEN the merchant pauses the second THEN no green test result stays, the next order goes to the first only; removing asks first and says what happens", async () => {
    const page = await admin.open("/app/settings");
    await card(page, SECOND).getByRole("button", { name: "Send test event" }).click();
    await card(page, SECOND).getByText("Your pixel is connected.", { exact: false }).waitFor({ timeout: 60_000 });
    await card(page, SECOND).getByRole("button", { name: "Pause" }).click();
    await card(page, SECOND).getByText("Paused by you", { exact: true }).waitFor({ timeout: 30_000 });
    await page.reload();
    await card(page, SECOND).getByText("Not sending now: this pixel is paused").waitFor({ timeout: 30_000 });
    expect(await card(page, SECOND).getByText("Your pixel is connected", { exact: false }).count()).toBe(0);
    await admin.screenshot(page, "settings-pixel-paused", { of: section(page, "Meta pixels") });
    const eventId = await sendOrder(7_300_002);
    expect(meta.acceptedCount({ pixelId: SECOND, eventId })).toBe(0);
    // The paused pixel records the order as not sent, with why; only the first pixel's row moves.
    const rows = await prisma.outboxEvent.findMany({
      where: { shopDomain: shop, eventId },
      select: { status: true, lastError: true, destination: { select: { pixelId: true } } },
    });
    expect(rows.find((row) => row.destination.pixelId === SECOND)).toEqual({
      status: "skipped",
      lastError: PIXEL_PAUSED_WHEN_RECEIVED,
      destination: { pixelId: SECOND },
    });
    expect(rows).toHaveLength(2);

    await card(page, SECOND).getByRole("button", { name: "Remove" }).click();
    const warning = await card(page, SECOND).getByText("Tandem stops sending to this pixel at once.").innerText();
    expect(warning).toMatch(/event history is deleted from Tandem's event log\. Meta keeps what it already received\./);
    await admin.screenshot(page, "settings-pixel-remove", { of: section(page, "Meta pixels") });
    await card(page, SECOND).getByRole("button", { name: "Remove pixel" }).click();
    await page.getByText(`Pixel ${SECOND} removed`).waitFor({ timeout: 30_000 });
    await card(page, SECOND).waitFor({ state: "detached" });
    expect(await prisma.destination.findMany({ where: { shopDomain: shop }, select: { pixelId: true } })).toEqual([{ pixelId: FIRST }]);
    await page.close();
    expect(admin.errors).toEqual([]);
  }, 240_000);

  it("GIVEN the alert emails field WHEN the merchant types addresses THEN the contextual save bar appears; an invalid address is refused at the field, valid ones are saved", async () => {
    const page = await admin.open("/app/settings");
    const field = page.getByLabel("Send alerts to");
    await field.waitFor();
    expect(await page.locator("ui-save-bar[data-open]").count()).toBe(0);
    await page.getByText("Leave empty to use your store's contact email").waitFor();
    await field.fill("ops@shop.example, nope");
    await page.locator("ui-save-bar[data-open]").waitFor();
    await page.locator("ui-save-bar").getByRole("button", { name: "Save" }).click();
    await page.getByText("This is not an email address: nope").waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-invalid"))).toBe("true");
    expect((await prisma.shop.findUniqueOrThrow({ where: { domain: shop } })).alertEmails).toBeNull();
    await field.fill("ops@shop.example, owner@shop.example");
    await page.locator("ui-save-bar").getByRole("button", { name: "Save" }).click();
    await page.getByText("Settings saved").waitFor({ timeout: 30_000 });
    await page.locator("ui-save-bar[data-open]").waitFor({ state: "detached" });
    expect((await prisma.shop.findUniqueOrThrow({ where: { domain: shop } })).alertEmails).toBe("ops@shop.example,owner@shop.example");
    await admin.screenshot(page, "settings-alerts", { of: section(page, "Alert emails") });
    await page.close();
    expect(admin.errors).toEqual([]);
  }, 180_000);
});

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import type { AppProcess } from "../../../scripts/lib/app-process";
import type { MetaEmulator } from "../../../scripts/lib/meta-emulator";
import type { AdminBrowser } from "../../support/admin-browser";
import { startAdminStack, type AdminStack } from "../../support/admin-stack";

// "Send test event" in Chromium, on the BUILT app with its inline worker and the Meta
// emulator: the merchant enters the test event code, presses the button, and reads
// Meta's answer; then a refused token, worded with the fix. Screenshots at 1040 and 390 px.

const shop = "settings-test-event.myshopify.com";
const TOKEN = "EAAB" + "q".repeat(40);
const PIXEL = "1234567890123456";
const STEP = "Connect your Meta pixel and send a test event";
let app: AppProcess;
let meta: MetaEmulator;
let admin: AdminBrowser;
let stack: AdminStack;

beforeAll(async () => {
  stack = await startAdminStack({ shop, pixel: { pixelId: PIXEL, accessToken: TOKEN }, worker: "inline" });
  ({ app, meta, admin } = stack);
}, 240_000);

afterAll(() => stack?.stop());

/** A section of the settings page by its title: what a screenshot of one setting shows of a long page. */
const section = (page: Page, title: string) =>
  page.locator(".Polaris-Layout__AnnotatedSection").filter({ has: page.getByRole("heading", { name: title, exact: true }) });

/** The checklist row of a set-up step says Done or To do next to its label. */
async function stepState(page: Page, label: string): Promise<string> {
  return page.getByText(label, { exact: true }).evaluate((el) => el.closest(".Polaris-InlineStack")?.textContent ?? "");
}

async function waitOrExplain(page: Page, text: string | RegExp, name: string) {
  try {
    await page.getByText(text).first().waitFor({ timeout: 60_000 });
  } catch (error) {
    await admin.screenshot(page, `debug-${name}`);
    const rows = await prisma.outboxEvent.findMany({ where: { shopDomain: shop }, select: { status: true, lastError: true } });
    throw new Error(
      `${(error as Error).message}\nbrowser errors: ${admin.errors.join("\n")}\nrows: ${JSON.stringify(rows)}\napp output:\n${app.output().slice(-3000)}`,
    );
  }
}

describe("send test event (Chromium, built app, Meta emulator)", () => {
  it("GIVEN a pixel without a test event code WHEN the merchant enters one and sends THEN Meta's acceptance is shown with events_received and fbtrace_id, and the overview's Meta step is done", async () => {
    const overviewBefore = await admin.open("/app");
    expect(await stepState(overviewBefore, STEP)).toContain("To do");
    await overviewBefore.close();

    const page = await admin.open("/app/settings");
    const button = page.getByRole("button", { name: "Send test event" });
    await button.waitFor();
    expect(await button.isDisabled()).toBe(true);
    await page.getByLabel("Test event code", { exact: true }).fill("TEST12345");
    await button.click();
    await waitOrExplain(page, "Meta accepted the test event", "test-event-accepted");
    // The card re-reads the pixel: the code entered is now its test event code.
    await page.getByText("Test event code: TEST12345.").waitFor({ timeout: 30_000 });

    const [accepted] = meta.accepted();
    expect(meta.accepted()).toHaveLength(1);
    expect(accepted).toMatchObject({ pixelId: PIXEL, testEventCode: "TEST12345" });
    const text = await page.locator("body").innerText();
    expect(text).toContain("Events received: 1.");
    expect(text).toContain(`fbtrace_id): ${accepted.fbtraceId}`);
    // Stored on the pixel for next time, and no live conversion came of it.
    expect((await prisma.destination.findFirstOrThrow({ where: { shopDomain: shop } })).testEventCode).toBe("TEST12345");
    expect(await prisma.outboxEvent.count({ where: { shopDomain: shop, isTest: false } })).toBe(0);
    await admin.screenshot(page, "settings-test-accepted", { of: section(page, "Meta pixels") });
    await page.close();

    const overview = await admin.open("/app");
    expect(await stepState(overview, STEP)).toContain("Done");
    await overview.close();

    const phone = await admin.open("/app/settings", { width: 390 });
    await waitOrExplain(phone, "Last test event: Meta accepted the test event", "test-event-last");
    await admin.screenshot(phone, "settings-test-accepted", { of: section(phone, "Meta pixels") });
    await phone.close();
  }, 180_000);

  it("GIVEN Meta refuses the token WHEN the merchant sends a test event THEN the page says the token was refused, sending is paused, and how to fix it", async () => {
    meta.revokeToken(TOKEN);
    const page = await admin.open("/app/settings");
    await page.getByRole("button", { name: "Send test event" }).click();
    await waitOrExplain(page, "Meta refused the access token: sending to this pixel is paused", "test-event-refused");
    await page.getByText("Paused: token refused", { exact: true }).waitFor({ timeout: 30_000 });
    const text = await page.locator("body").innerText();
    expect(text).toMatch(/What to do: .*Generate access token/);
    expect(meta.accepted()).toHaveLength(1);
    await admin.screenshot(page, "settings-test-refused", { of: section(page, "Meta pixels") });
    await page.close();
    expect(admin.errors).toEqual([]);
  }, 180_000);
});

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import type { AppProcess } from "../../../scripts/lib/app-process";
import { purchase } from "../../delivery/fixtures";
import type { MetaEmulator } from "../../../scripts/lib/meta-emulator";
import type { AdminBrowser } from "../../support/admin-browser";
import { startAdminStack, type AdminStack } from "../../support/admin-stack";
import { waitForFullHydration } from "../../support/hydrated";
import { expectNoSidewaysScroll } from "../../support/no-sideways-scroll";
import { pageSettled } from "../../support/page-settled";

// The admin pages of the BUILT app in Chromium, with the App Bridge stand-in (session
// tokens on every fetch), the inline worker and the Meta emulator: what a merchant does
// and sees. Screenshots of every page at the admin's iframe width (1040) and on a phone
// (390) go to tmp/screenshots/.

const shop = "admin-pages.myshopify.com";
const TOKEN = "EAAB" + "p".repeat(40);
let app: AppProcess;
let meta: MetaEmulator;
let admin: AdminBrowser;
let stack: AdminStack;
const ids: Record<string, string> = {};

beforeAll(async () => {
  stack = await startAdminStack({
    shop,
    pixel: { pixelId: "1234567890123456", accessToken: TOKEN },
    worker: "inline",
    beforeStart: async () => {
      const destination = await prisma.destination.findFirstOrThrow({ where: { shopDomain: shop } });
      const row = (eventId: string, status: string, extra: Record<string, unknown> = {}) => ({
        shopDomain: shop,
        destinationId: destination.id,
        eventName: "Purchase",
        eventId,
        status,
        sourceTopic: "orders/create",
        payload: JSON.stringify(
          purchase(eventId, {
            custom_data: {
              value: 84.5,
              currency: "EUR",
              content_ids: ["4411"],
              content_type: "product",
              num_items: 1,
              order_id: eventId.slice(9),
            },
          }),
        ),
        eventTime: Math.floor(Date.now() / 1000) - 120,
        orderId: eventId.startsWith("purchase_") ? eventId.slice(9) : null,
        consentAction: "send",
        consentReason: "signal_allows_marketing",
        ...extra,
      });
      for (let i = 0; i < 8; i++)
        await prisma.outboxEvent.create({
          data: row(`purchase_${7000 + i}`, "delivered", { deliveredAt: new Date(), browserSeenAt: new Date() }),
        });
      ids.failed = (
        await prisma.outboxEvent.create({
          data: row("purchase_7100", "failed", { lastError: "Meta: (#100) Invalid parameter", attempts: 3 }),
        })
      ).id;
      ids.blocked = (
        await prisma.outboxEvent.create({
          data: row("purchase_7200", "blocked", {
            consentAction: "block",
            consentReason: "no_signal_opt_in_region",
            lastError: "Consent: no_signal_opt_in_region",
          }),
        })
      ).id;
      ids.waiting = (
        await prisma.outboxEvent.create({
          data: {
            ...row("ic_9f8e7d6c5b4a", "waiting_consent", {
              consentAction: "wait",
              consentReason: "awaiting_signal",
              consentUntil: new Date(Date.now() + 8 * 60_000),
            }),
            eventName: "InitiateCheckout",
            checkoutToken: "9f8e7d6c5b4a",
          },
        })
      ).id;
    },
  });
  ({ app, meta, admin } = stack);
}, 240_000);

afterAll(() => stack?.stop());

const statusOf = async (id: string) => (await prisma.outboxEvent.findUniqueOrThrow({ where: { id } })).status;

/**
 * Records each change of <html>'s or <body>'s class or inline style made once the page's
 * content is there (the inline script at the top of <body> runs before it is parsed).
 */
const WATCH_DOCUMENT_STYLES = `(() => {
  const changes = (window.__documentStyleChanges = []);
  new MutationObserver((records) => {
    if (!document.querySelector("main")) return;
    for (const r of records)
      if (r.target === document.documentElement || r.target === document.body)
        changes.push(r.target.nodeName + " " + r.attributeName + ": " + r.oldValue + " -> " + r.target.getAttribute(r.attributeName));
  }).observe(document, { subtree: true, attributes: true, attributeOldValue: true, attributeFilter: ["class", "style"] });
})();`;

/** The page settled, then its screenshot: the whole page, which is what these screenshots show. */
async function shoot(page: Page, name: string) {
  await pageSettled(page);
  await admin.screenshot(page, name, { fullPage: true });
}

describe("admin pages in Chromium (built app, App Bridge stand-in)", () => {
  it("GIVEN the event log WHEN the merchant filters by status, opens an event and comes back THEN the filter is still applied", async () => {
    const page = await admin.open("/app/events");
    // Every part hydrated before the filter is used: a click on a part still being hydrated is lost.
    await pageSettled(page);
    await page.getByText("Order ID 7100").waitFor();
    expect(await page.locator("table").innerText()).toMatch(
      /Held back: never sent\. No consent signal, and the buyer is in an opt-in region/,
    );
    expect(await page.locator("table").innerText()).toMatch(/Waiting until \d\d:\d\d/);
    expect(await page.locator("table").innerText()).toContain("€84.50");
    await page.getByRole("button", { name: "Status" }).click();
    await page.getByLabel("Failed").click();
    // Client-side navigations: no load event to wait for, so poll the address.
    await expect.poll(() => page.url(), { timeout: 30_000 }).toMatch(/status=failed/);
    await page.getByText("1–1 of 1").waitFor();
    await page.getByRole("heading", { name: "Event log" }).click();
    expect(await page.getByRole("link", { name: "Order ID 7100" }).getAttribute("href")).toBe(`/app/events/${ids.failed}?status=failed`);
    await page.getByRole("link", { name: "Order ID 7100" }).click();
    await expect.poll(() => page.url(), { timeout: 30_000 }).toContain(`/app/events/${ids.failed}`);
    await page.getByText("Customer information in the requests to Meta").waitFor();
    expect(page.url()).toContain("status=failed");
    expect(await page.getByRole("link", { name: "Event log" }).getAttribute("href")).toBe("/app/events?status=failed");
    await page.getByRole("link", { name: "Event log" }).click();
    await expect.poll(() => page.url(), { timeout: 30_000 }).toMatch(/\/app\/events\?.*status=failed/);
    await page.getByText("1–1 of 1").waitFor();
    expect(await page.locator("table").innerText()).not.toContain("Order ID 7000");
  }, 120_000);

  it("GIVEN a failed event WHEN the merchant presses Send again THEN Meta (the emulator) receives it and the page shows Delivered without a reload", async () => {
    const page = await admin.open(`/app/events/${ids.failed}`);
    await shoot(page, "event-failed");
    await page.getByRole("button", { name: "Send again" }).click();
    try {
      await page.getByText(/Sent again: now delivered/).waitFor({ timeout: 90_000 });
    } catch (error) {
      await admin.screenshot(page, "debug-send-again");
      throw new Error(`${(error as Error).message}\nstatus ${await statusOf(ids.failed)}; app output:\n${app.output().slice(-3000)}`);
    }
    expect(await statusOf(ids.failed)).toBe("delivered");
    expect(meta.acceptedCount({ eventName: "Purchase", eventId: "purchase_7100" })).toBe(1);
    await page.getByText("Accepted by Meta").waitFor();
  }, 180_000);

  it("GIVEN a consent-blocked event THEN its page says never sent and offers no Send again", async () => {
    const page = await admin.open(`/app/events/${ids.blocked}`);
    await page.getByText("Held back: never sent.").first().waitFor();
    expect(await page.getByRole("button", { name: "Send again" }).count()).toBe(0);
    const text = await page.locator("body").innerText();
    expect(text).not.toMatch(/no_signal_opt_in_region|m[a-z0-9]{20,}/);
    // Nothing on the page of a never-sent event says it was sent, queued or deduplicated.
    expect(text).toContain("Customer information (not sent)");
    expect(text).toContain("Never sent: the shopper's consent choice held it back, and it stays unsent.");
    expect(text).toContain("Tandem has sent no server copy of this event, so Meta has nothing to deduplicate.");
    expect(text).not.toMatch(/Customer information sent|Queued for Meta|Not sent to Meta yet|Meta keeps one|: sent\b/);
    await shoot(page, "event-blocked");
    expect(await statusOf(ids.blocked)).toBe("blocked");
  });

  it("GIVEN an unknown event id THEN a Polaris not-found page, not a bare 404", async () => {
    const page = await admin.open("/app/events/does-not-exist", { expectStatus: 404 });
    await page.getByText("This event does not exist in your store").waitFor();
    await shoot(page, "event-not-found");
  });

  it.each([1040, 390])(
    "GIVEN every page at %i px THEN it renders with a title, without hydration errors (screenshots)",
    async (width) => {
      for (const [path, name, title] of [
        ["/app", "overview", null],
        ["/app/events", "events", "Event log · Tandem"],
        [`/app/events/${ids.waiting}`, "event-waiting", "Checkout 9f8e7d6c… · InitiateCheckout · Tandem"],
        [`/app/events/${ids.failed}`, "event-delivered", "Order ID 7100 · Purchase · Tandem"],
        ["/app/consent", "consent", "Consent · Tandem"],
        ["/app/settings", "settings", null],
      ] as const) {
        const page = await admin.open(path, { width, beforeGoto: (p) => p.addInitScript(WATCH_DOCUMENT_STYLES) });
        // Every part hydrated (they hydrate apart, after the frame) before the errors are read.
        await waitForFullHydration(page);
        // Polaris's provider found <html> and <body> as the page's first lines left them: a
        // change there makes the browser restyle the whole document inside hydration.
        expect(await page.evaluate(() => (window as unknown as { __documentStyleChanges: string[] }).__documentStyleChanges)).toEqual([]);
        await shoot(page, name);
        if (title) expect(await page.title()).toBe(title);
        await expectNoSidewaysScroll(page, `${path} at ${width} px`);
        await page.close();
      }
      expect(admin.errors).toEqual([]);
    },
    240_000,
  );
});

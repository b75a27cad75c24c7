import { Session } from "@shopify/shopify-api";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { type Browser, type Page } from "playwright-core";
import { launchChromium } from "../../../scripts/lib/chromium";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { sessionStorage } from "~/shopify.server";
import { startApp, type AppProcess } from "../../../scripts/lib/app-process";
import { TEST_API_KEY, TEST_API_SECRET } from "../../setup-env";

// The merchant's event log rendered by the BUILT app (tests/global-setup.ts builds it) in
// real Chromium, on this test file's database.

const shop = "log-browser.myshopify.com";
let app: AppProcess;
let browser: Browser;
let failedId = "";

beforeAll(async () => {
  await sessionStorage.storeSession(
    new Session({
      id: `offline_${shop}`,
      shop,
      state: "",
      isOnline: false,
      scope: "read_orders,write_pixels,read_customer_events",
      accessToken: "shpat_log",
    }),
  );
  await prisma.shop.create({ data: { domain: shop, shopKey: "log-browser-key" } });
  const destination = await prisma.destination.create({ data: { shopDomain: shop, pixelId: "4040404040", accessTokenEnc: "v1:a:b:c" } });
  const base = {
    shopDomain: shop,
    destinationId: destination.id,
    eventTime: 1,
    sourceTopic: "orders/create",
    payload: JSON.stringify({ event_name: "Purchase", user_data: { em: ["ab".repeat(32)] } }),
  };
  await prisma.outboxEvent.create({
    data: {
      ...base,
      eventName: "Purchase",
      eventId: "purchase_900",
      status: "delivered",
      consentAction: "send",
      consentReason: "signal_allows_marketing",
      deliveredAt: new Date(),
    },
  });
  failedId = (
    await prisma.outboxEvent.create({
      data: {
        ...base,
        eventName: "Purchase",
        eventId: "purchase_901",
        status: "failed",
        consentAction: "send",
        consentReason: "signal_allows_marketing",
        lastError: "Event 0: currency is not an ISO 4217 code",
      },
    })
  ).id;
  await prisma.outboxEvent.create({
    data: {
      ...base,
      eventName: "InitiateCheckout",
      eventId: "ic_abc",
      status: "blocked",
      consentAction: "block",
      consentReason: "signal_denies_marketing",
    },
  });
  app = await startApp({});
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** An embedded-admin document load: the session token as id_token, only the app reachable. */
async function open(path: string, { width = 1280, javaScript = true } = {}): Promise<Page> {
  const { token } = await getJwt(shop, TEST_API_KEY, TEST_API_SECRET, { iss: `https://${shop}/admin`, dest: `https://${shop}` });
  const userAgent = (await browser.newBrowserCDPSession().then(async (s) => (await s.send("Browser.getVersion")).userAgent)).replace(
    "HeadlessChrome",
    "Chrome",
  );
  const page = await (await browser.newContext({ userAgent, viewport: { width, height: 844 }, javaScriptEnabled: javaScript })).newPage();
  await page.route("**/*", (route) => (route.request().url().startsWith(app.url) ? route.continue() : route.abort()));
  const host = Buffer.from(`${shop}/admin`).toString("base64url");
  const separator = path.includes("?") ? "&" : "?";
  const response = await page.goto(`${app.url}${path}${separator}embedded=1&shop=${shop}&host=${host}&id_token=${token}`);
  expect(response?.status(), app.output()).toBe(200);
  return page;
}

describe("event log in Chromium (built app)", () => {
  it("GIVEN a phone-wide screen WHEN the page hydrates THEN the table stays where the server's HTML put it, under the filter bar", async () => {
    const tableTop = async (page: Page) => (await page.locator(".Polaris-IndexTable").first().boundingBox())?.y;
    const html = await open("/app/events", { width: 390, javaScript: false });
    await html.getByText("purchase_901").first().waitFor();
    const before = await tableTop(html);
    const live = await open("/app/events", { width: 390 });
    await live.locator("html[data-hydrated]").waitFor({ state: "attached" });
    // Polaris measures the bar in an effect and writes its height on the wrapper: after that, no more moves.
    await live.waitForFunction(() => {
      const wrapper = document.querySelector<HTMLElement>(".Polaris-IndexFilters__IndexFiltersWrapper");
      return Boolean(wrapper?.style.height) && wrapper?.style.height !== "0px";
    });
    const filterBar = await live.locator(".Polaris-IndexFilters").first().boundingBox();
    expect(before).toBeGreaterThanOrEqual((filterBar?.y ?? 0) + (filterBar?.height ?? 0));
    expect(await tableTop(live)).toBe(before);
  });

  it("GIVEN delivered, failed and blocked events THEN each row shows its status and the reason in words", async () => {
    const page = await open("/app/events");
    await page.getByText("purchase_901").waitFor();
    const text = await page.locator("table").innerText();
    expect(text).toContain("Event 0: currency is not an ISO 4217 code");
    expect(text).toContain("Held back: never sent. The shopper declined marketing.");
    expect(text).toMatch(/Delivered/);
    expect(text).toMatch(/Held back by consent/);
    // The amount column is the value Meta received, not Shopify's order total.
    expect(await page.getByRole("columnheader", { name: "Value sent to Meta" }).count()).toBe(1);
  });

  it("GIVEN a failed event's page WHEN the merchant presses Send again THEN it is queued", async () => {
    const page = await open(`/app/events/${failedId}`);
    await page.getByRole("button", { name: "Send again" }).click();
    await page.getByText("Queued to be sent again.").waitFor();
    expect((await prisma.outboxEvent.findUniqueOrThrow({ where: { id: failedId } })).status).toBe("pending");
  });
});

import type { Page } from "playwright-core";
import { Session } from "@shopify/shopify-api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { configureDestination } from "~/models/destinations.server";
import { desiredStorefrontConfig } from "~/shopify/activation.server";
import { sessionStorage } from "~/shopify.server";
import { startApp, type AppProcess } from "../../../scripts/lib/app-process";
import { startAdminGraphqlStandIn, type StandIn } from "../../../scripts/lib/admin-graphql-standin";
import { TEST_API_KEY } from "../../setup-env";
import { launchAdmin, type AdminBrowser } from "../../support/admin-browser";
import { ADMIN_API_PRELOAD } from "../../../scripts/lib/admin-api-preload";
import { postWebhook } from "../../support/app-webhooks";
import { makeOrder } from "../../../scripts/lib/store-simulator";
import { makeReceipt } from "../../pixel/receipt-support";
import { expectNoSidewaysScroll } from "../../support/no-sideways-scroll";
import { pageSettled } from "../../support/page-settled";

// The overview's "Storefront pieces" card in the BUILT app and real Chromium. App Bridge's
// `shopify.app.extensions()` is the stand-in's, answering as Shopify documents it; the web
// pixel's status comes from the local Admin GraphQL stand-in, which the built app reaches
// through a preload that sends https://<shop>/admin/api/* there (Shopify is unreachable here).

const shop = "storefront-status.myshopify.com";
let app: AppProcess;
let admin: AdminBrowser;
let standIn: StandIn;

/** What app.extensions() answers for Tandem's theme extension with its embed in `status`. */
const themeExtension = (status: "active" | "available" | "unavailable") => [
  {
    handle: "tandem-theme",
    type: "theme_app_extension",
    activations: [
      {
        handle: "tandem-embed",
        name: "Tandem Meta Pixel",
        target: "head",
        status,
        activations: status === "active" ? [{ target: "head", themeId: "gid://shopify/OnlineStoreTheme/140000000001" }] : [],
      },
    ],
  },
];

beforeAll(async () => {
  standIn = await startAdminGraphqlStandIn();
  await sessionStorage.storeSession(
    new Session({
      id: `offline_${shop}`,
      shop,
      state: "",
      isOnline: false,
      scope: "read_orders,write_pixels,read_customer_events",
      accessToken: "shpat_status",
    }),
  );
  expect(await configureDestination(shop, { pixelId: "2718281828459045", accessToken: "EAAB" + "q".repeat(40) })).toMatchObject({
    ok: true,
  });
  // Activation already done, so a load only reads the pixel's status.
  const { hash } = await desiredStorefrontConfig(shop);
  await prisma.shopActivation.create({
    data: { shopDomain: shop, state: "active", appliedHash: hash, attemptedAt: new Date(), succeededAt: new Date() },
  });
  app = await startApp(
    { WORKER: "off", TANDEM_TEST_ADMIN_API_URL: new URL(standIn.url).origin },
    { nodeArgs: ["--import", ADMIN_API_PRELOAD] },
  );
  admin = await launchAdmin(app.url, shop);
}, 120_000);

afterAll(async () => {
  await admin?.close();
  await app?.stop();
  await standIn?.close();
});

beforeEach(async () => {
  // Every case asks Shopify afresh (the overview otherwise reuses an answer for 10 minutes).
  await prisma.storefrontStatus.deleteMany({ where: { shopDomain: shop } });
});

/** The "Storefront pieces" card, what the screenshots of this file show. */
const storefrontCard = (page: Page) =>
  page.locator(".Polaris-ShadowBevel").filter({ has: page.getByRole("heading", { name: "Storefront pieces" }) });

/** Opens the overview at both widths; returns the 1040 px page, its card, and checks no sideways scroll. */
async function openOverview(name: string, appExtensions: unknown): Promise<Page> {
  let page: Page | null = null;
  for (const width of [390, 1040]) {
    page = await admin.open("/app", { width, appExtensions });
    await page.getByRole("heading", { name: "Storefront pieces" }).waitFor();
    await page.getByRole("region", { name: "Theme app embed" }).getByText("Checking").waitFor({ state: "detached" });
    // App Bridge's answer posted back and the loader run again: the card and banner it completes.
    await pageSettled(page);
    await admin.screenshot(page, `storefront-status-${name}`, { of: storefrontCard(page) });
    await expectNoSidewaysScroll(page, `the overview at ${width} px`);
    if (width === 390) await page.close();
  }
  return page!;
}

const row = (page: Page, name: string) => page.getByRole("region", { name });
/** The overview's status banner (the first on the page). */
const banner = (page: Page) => page.locator(".Polaris-Banner").first();
const setupStep = (page: Page, label: string) =>
  page.getByText(label).locator("xpath=ancestor::div[contains(@class,'Polaris-InlineStack')][1]");

describe("storefront pieces on the overview (Chromium, built app)", () => {
  it("GIVEN the embed active and the pixel always on THEN both say so, and the checklist marks both steps done", async () => {
    standIn.webPixel = { id: "gid://shopify/WebPixel/1", settings: "{}" };
    standIn.dataSharingState = "ALWAYS_ON";
    const page = await openOverview("active", themeExtension("active"));
    await row(page, "Theme app embed").getByText("On", { exact: true }).waitFor();
    await row(page, "Checkout web pixel").getByText("Connected, with data sharing always on.").waitFor();
    expect(await row(page, "Theme app embed").getByRole("link").count()).toBe(0);
    // Nothing wrong with either piece: the banner does not contradict the card.
    await banner(page).getByText("Tracking is healthy").waitFor();
    // The checklist follows the same facts (App Bridge's answer was posted back and the loader re-ran).
    await setupStep(page, "Turn on the Tandem app embed in your theme").getByText("Done").waitFor();
    await setupStep(page, "Web pixel active in checkout").getByText("Done").waitFor();
    expect(standIn.calls.filter((c) => c.operation === "webPixel").map((c) => c.version)).toContain("unstable");
    expect((await prisma.storefrontStatus.findUnique({ where: { shopDomain: shop } }))?.embedStatus).toBe("active");
    await page.close();
    expect(admin.errors).toEqual([]);
  }, 120_000);

  it("GIVEN the embed available (off) and the pixel paused by Shopify THEN each row has its one fixing action", async () => {
    standIn.webPixel = { id: "gid://shopify/WebPixel/1", settings: "{}" };
    standIn.dataSharingState = "OPTIMIZED_PAUSE_ALL_EVENTS";
    const page = await openOverview("off-paused", themeExtension("available"));
    const embed = row(page, "Theme app embed");
    await embed.getByText("Off", { exact: true }).waitFor();
    const editor = new URL((await embed.getByRole("link", { name: "Turn on in the theme editor" }).getAttribute("href"))!);
    expect(editor.host).toBe(shop);
    expect(editor.pathname).toBe("/admin/themes/current/editor");
    expect(editor.searchParams.get("context")).toBe("apps");
    expect(editor.searchParams.get("activateAppId")).toBe(`${TEST_API_KEY}/tandem-embed`);
    const pixel = row(page, "Checkout web pixel");
    await pixel.getByText("Paused by Shopify").waitFor();
    expect(await pixel.getByRole("link", { name: "Open Customer events" }).getAttribute("href")).toBe(
      "shopify://admin/settings/customer_events",
    );
    await setupStep(page, "Turn on the Tandem app embed in your theme").getByText("To do").waitFor();
    await setupStep(page, "Web pixel active in checkout").getByText("To do").waitFor();
    // The banner agrees with the card (once App Bridge's answer is posted back), with the same fixing actions.
    await banner(page).getByText("Tracking needs attention").waitFor();
    await banner(page).getByText("Theme app embed: Off.").waitFor();
    await banner(page).getByText("Checkout web pixel: Paused by Shopify.").waitFor();
    expect(await banner(page).getByRole("link", { name: "Turn on in the theme editor" }).getAttribute("href")).toBe(editor.href);
    expect(await banner(page).getByRole("link", { name: "Open Customer events" }).getAttribute("href")).toBe(
      "shopify://admin/settings/customer_events",
    );
    await page.close();
    expect(admin.errors).toEqual([]);
  }, 120_000);

  it("GIVEN a theme without app embeds and no web pixel THEN 'not supported' and 'not connected' with Retry activation", async () => {
    standIn.webPixel = null;
    standIn.dataSharingState = null;
    const page = await openOverview("unsupported-missing", themeExtension("unavailable"));
    await row(page, "Theme app embed").getByText("Not supported").waitFor();
    await row(page, "Checkout web pixel").getByText("Not connected").waitFor();
    expect(await row(page, "Checkout web pixel").getByRole("link", { name: "Retry activation" }).getAttribute("href")).toBe(
      "/app/settings",
    );
    await banner(page).getByText("Theme app embed: Not supported.").waitFor();
    await banner(page).getByText("Checkout web pixel: Not connected.").waitFor();
    await page.close();
    expect(admin.errors).toEqual([]);
  }, 120_000);

  it("GIVEN App Bridge without app.extensions() and Shopify's unstable API refusing dataSharingState THEN the card infers both from orders and says so", async () => {
    standIn.webPixel = { id: "gid://shopify/WebPixel/1", settings: "{}" };
    standIn.dataSharingState = null;
    standIn.refuseUnstable = true;
    // Five paid orders whose carts carry the embed's consent record, and no browser report.
    const consent = `m1a1s1.${Math.floor(Date.now() / 1000)}`;
    for (let n = 1; n <= 5; n++)
      expect(
        await postWebhook(app.url, "orders/paid", shop, { ...makeOrder({ id: 6_610_000_000 + n, consent, country: "US" }), name: `#${n}` }),
      ).toBe(200);
    const page = await openOverview("inferred", "unsupported");
    const embed = row(page, "Theme app embed");
    await embed.getByText("Seen in orders").waitFor();
    await embed.getByText(/Inferred from your orders/).waitFor();
    const pixel = row(page, "Checkout web pixel");
    await pixel.getByText("No browser reports").waitFor();
    await pixel.getByText(/Inferred from 0 browser reports for 5 orders in the last 7 days/).waitFor();
    await banner(page).getByText("Checkout web pixel: No browser reports.").waitFor();
    expect(
      await banner(page)
        .getByText(/^Theme app embed:/)
        .count(),
    ).toBe(0);
    // The stable query still told "connected" apart from "missing".
    expect(standIn.calls.filter((c) => c.operation === "webPixel").map((c) => c.version)).toEqual(
      expect.arrayContaining(["unstable", "2026-07"]),
    );
    await page.close();
    standIn.refuseUnstable = false;
    expect(admin.errors).toEqual([]);
  }, 120_000);

  it("GIVEN the web pixel's purchase reports carry no e-mail or phone (protected customer data withheld) THEN the overview and the match-quality page say so", async () => {
    standIn.webPixel = { id: "gid://shopify/WebPixel/1", settings: "{}" };
    standIn.dataSharingState = "ALWAYS_ON";
    const { shopKey } = await prisma.shop.findUniqueOrThrow({ where: { domain: shop }, select: { shopKey: true } });
    // Three Purchase receipts as the pixel posts them when Shopify nulls the personal fields.
    for (let n = 1; n <= 3; n++) {
      const response = await fetch(`${app.url}/pixel/events`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Forwarded-For": `198.51.100.${n}` },
        body: JSON.stringify(
          makeReceipt({ shop_key: shopKey, event_id: `purchase_${8_800 + n}`, contact: { email: false, phone: false } }),
        ),
      });
      expect(response.status).toBe(202);
    }
    const overview = await openOverview("contact-withheld", themeExtension("active"));
    const contact = row(overview, "Customer details in the web pixel");
    await contact.getByText("Withheld by Shopify").waitFor();
    await contact.getByText(/no e-mail and no phone for any of the 3 purchases/).waitFor();
    await overview.close();
    for (const width of [390, 1040]) {
      const page = await admin.open("/app/quality", { width });
      const notice = page.locator(".Polaris-Banner", { hasText: "Shopify withholds customer details from the web pixel" });
      await notice.getByText(/no e-mail and no phone for any of the 3 purchases of the last 7 days/).waitFor();
      await notice.getByText(/never its value/).waitFor();
      await pageSettled(page);
      // The notice stands at the top of the page: the first screen shows it.
      await admin.screenshot(page, "quality-contact-withheld");
      await expectNoSidewaysScroll(page, `the match quality page at ${width} px`);
      await page.close();
    }
    expect(admin.errors).toEqual([]);
  }, 120_000);
});

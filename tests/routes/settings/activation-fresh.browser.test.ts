import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { configureDestination } from "~/models/destinations.server";
import { startApp, type AppProcess } from "../../../scripts/lib/app-process";
import { startAdminGraphqlStandIn, type StandIn } from "../../../scripts/lib/admin-graphql-standin";
import { ADMIN_API_PRELOAD } from "../../../scripts/lib/admin-api-preload";
import { launchAdmin, type AdminBrowser } from "../../support/admin-browser";
import { installShop } from "../../support/admin-stack";
import { expectNoSidewaysScroll } from "../../support/no-sideways-scroll";

// A shop just installed, in the BUILT app and real Chromium: a pixel connected, nothing
// received yet (no order, no browser event). The activation card tells the truth about
// it: Shopify took the storefront settings (when, in the merchant's clock), no storefront
// event has reached Tandem yet, and never a bare "Active" or a raw GMT date.

const shop = "activation-fresh.myshopify.com";
let app: AppProcess;
let admin: AdminBrowser;
let standIn: StandIn;

beforeAll(async () => {
  standIn = await startAdminGraphqlStandIn();
  standIn.shop = { ianaTimezone: "Asia/Tokyo", contactEmail: "owner@shop.example" };
  await installShop(shop);
  expect(await configureDestination(shop, { pixelId: "1732050807568877", accessToken: "EAAB" + "f".repeat(40) })).toMatchObject({
    ok: true,
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

describe("the activation card of a fresh install (Chromium, built app)", () => {
  it.each([1040, 390])(
    "GIVEN a shop just installed with a pixel and nothing received WHEN a German merchant opens Settings at %i px THEN the card says what happened and what has not yet, in the admin's clock",
    async (width) => {
      const page = await admin.open("/app/settings", { width, locale: "de-DE" });
      const heading = page.getByRole("heading", { name: "Storefront and checkout pixel" });
      await heading.waitFor({ timeout: 20_000 }).catch(async (error) => {
        throw new Error(`${error}\n${await page.locator("body").innerText()}`);
      });
      // The card's content: the first vertical stack around its heading.
      const card = heading.locator("xpath=ancestor::div[contains(@class,'Polaris-BlockStack')][1]");
      const text = await card.innerText();
      expect(await prisma.outboxEvent.count({ where: { shopDomain: shop } })).toBe(0);
      expect(text).not.toMatch(/\bActive\b|GMT|Last activated/);
      // The moment Shopify took the settings, as every other date of the admin: German, Tokyo time.
      const activation = await prisma.shopActivation.findUniqueOrThrow({ where: { shopDomain: shop } });
      const when = new Intl.DateTimeFormat("de-DE", { timeZone: "Asia/Tokyo", dateStyle: "medium", timeStyle: "short" }).format(
        activation.succeededAt!,
      );
      expect(text).toContain(when);
      expect(text).toContain("No storefront or checkout event has reached Tandem yet");
      await admin.screenshot(page, "activation-fresh");
      await expectNoSidewaysScroll(page, `the settings page at ${width} px`);
      await page.close();
      expect(admin.errors).toEqual([]);
    },
    120_000,
  );
});

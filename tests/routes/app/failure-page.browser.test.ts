import { Session } from "@shopify/shopify-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { sessionStorage } from "~/shopify.server";
import { startApp, type AppProcess } from "../../../scripts/lib/app-process";
import { launchAdmin, type AdminBrowser } from "../../support/admin-browser";

// When the database (or Shopify) fails while a page loads, the merchant gets a Polaris page
// in words with a retry, not a bare "500 / Something went wrong". The failure is real: the
// built app's session table is gone, so signing the request in fails inside Shopify's library.

const shop = "failure-page.myshopify.com";
let app: AppProcess;
let admin: AdminBrowser;

beforeAll(async () => {
  await sessionStorage.storeSession(
    new Session({ id: `offline_${shop}`, shop, state: "", isOnline: false, scope: "read_orders", accessToken: "shpat_f" }),
  );
  app = await startApp({ WORKER: "off" });
  admin = await launchAdmin(app.url, shop);
  await prisma.$executeRawUnsafe(`DROP TABLE "Session"`);
}, 90_000);

afterAll(async () => {
  await admin?.close();
  await app?.stop();
});

describe("a failure while a page loads", () => {
  it.each([1040, 390])("GIVEN the database fails THEN at %i px a Polaris page says so and offers Try again", async (width) => {
    const page = await admin.open("/app", { width, phone: width < 500, expectStatus: 500 });
    await page.getByText("This page could not load").waitFor();
    expect(await page.getByRole("button", { name: "Try again" }).count()).toBe(1);
    expect(await page.locator("main").count()).toBe(1);
    expect(await page.locator("body").innerText()).not.toMatch(/Unexpected Server Error|Something went wrong|Application Error/);
    await page.waitForLoadState("networkidle");
    await admin.screenshot(page, "failure-page");
  });
});

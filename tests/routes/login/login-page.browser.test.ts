import { mkdirSync } from "node:fs";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppProcess } from "../../../scripts/lib/app-process";
import { launchChromium } from "../../../scripts/lib/chromium";

// The BUILT app's login page in Chromium, outside the admin: a Polaris page in Tandem's
// words with a store domain field that explains a bad entry without repeating it.

let app: AppProcess;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  app = await startApp({ WORKER: "off" });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await app?.stop();
});

async function openLogin(width: number) {
  // shopify-app-remix answers bots ("HeadlessChrome") with 410: present as a desktop Chrome.
  const session = await browser.newBrowserCDPSession();
  const userAgent = (await session.send("Browser.getVersion")).userAgent.replace("HeadlessChrome", "Chrome");
  const context = await browser.newContext({ userAgent, viewport: { width, height: 800 } });
  contexts.push(context);
  await context.route("**/*", (route) => (route.request().url().startsWith(app.url) ? route.continue() : route.abort()));
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  const response = await page.goto(`${app.url}/auth/login`);
  expect(response?.status()).toBe(200);
  return { page, errors };
}

describe("the login page", () => {
  it.each([1040, 390])(
    "GIVEN a bad store domain WHEN submitted at %i px THEN the field says how to write it",
    async (width) => {
      const { page, errors } = await openLogin(width);
      await page.getByRole("heading", { name: "Log in to Tandem" }).waitFor();
      expect(await page.title()).toBe("Log in · Tandem");
      expect(await page.locator("main").count()).toBe(1);
      const field = page.getByRole("textbox", { name: "Store domain" });
      await field.fill("not a store!");
      await page.getByRole("button", { name: "Log in" }).click();
      await page.getByText("That is not a Shopify store domain").waitFor();
      expect(await page.locator("body").innerText()).not.toContain("not a store!");
      expect(await field.getAttribute("aria-invalid")).toBe("true");
      mkdirSync("tmp/screenshots", { recursive: true });
      await page.screenshot({ path: `tmp/screenshots/login-invalid-${width}.png`, fullPage: true });
      expect(errors).toEqual([]);
    },
    60_000,
  );

  it("GIVEN an empty field WHEN submitted THEN it asks for the domain", async () => {
    const { page } = await openLogin(1040);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByText("Enter your store's domain, for example my-store.myshopify.com.").waitFor();
  }, 60_000);
});

import { mkdirSync } from "node:fs";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { TEST_API_KEY, TEST_API_SECRET } from "../setup-env";
import { launchChromium } from "../../scripts/lib/chromium";
import { APP_BRIDGE_STAND_IN } from "../../scripts/lib/app-bridge-stand-in";

// The embedded admin in real Chromium, with a stand-in for App Bridge
// (scripts/lib/app-bridge-stand-in.ts): Shopify's script (cdn.shopify.com, unreachable
// here) is replaced by a small one, run before each page's own scripts, that does what the
// app relies on App Bridge for.

export type AdminBrowser = {
  browser: Browser;
  /** Console errors and uncaught exceptions of every page opened (hydration mismatches show here). */
  errors: string[];
  /**
   * `phone`: a mobile Chrome user agent; `javaScript: false`: the server's HTML only, as before the scripts run;
   * `appExtensions`: what App Bridge's `shopify.app.extensions()` answers ("unsupported": an App Bridge without it).
   */
  open(
    path: string,
    options?: {
      width?: number;
      height?: number;
      expectStatus?: number;
      phone?: boolean;
      javaScript?: boolean;
      appExtensions?: unknown;
      /** The merchant's admin language (the browser's and the admin's `locale` parameter); en-GB unless told. */
      locale?: string;
      /** Runs on the new page before it navigates (a page-level route, say). */
      beforeGoto?: (page: Page) => Promise<unknown>;
    },
  ): Promise<Page>;
  /**
   * Writes tmp/screenshots/<name>-<width>.png: what the viewport shows, unless told otherwise.
   * `fullPage` where the whole page is what the screenshot shows (a long page costs seconds of
   * Chromium's CPU to paint whole); `of` an element's box alone, scrolled into view, where
   * one part of a long page is what it shows.
   */
  screenshot(page: Page, name: string, options?: { fullPage?: boolean; of?: Locator }): Promise<string>;
  close(): Promise<void>;
};

export async function launchAdmin(appUrl: string, shop: string): Promise<AdminBrowser> {
  const browser = await launchChromium();
  // shopify-app-remix answers bots (isbot: "HeadlessChrome") with 410: present as a desktop Chrome.
  const userAgent = (await browser.newBrowserCDPSession().then(async (s) => (await s.send("Browser.getVersion")).userAgent)).replace(
    "HeadlessChrome",
    "Chrome",
  );
  const errors: string[] = [];
  const token = async () =>
    (await getJwt(shop, TEST_API_KEY, TEST_API_SECRET, { iss: `https://${shop}/admin`, dest: `https://${shop}` })).token;

  // One browser context per set of options, shared by every page opened with them: a new
  // context is a new network and storage partition in Chromium plus three protocol round
  // trips to set it up, about half of what opening a page cost (and axe ran slower in a
  // fresh one). The app keeps nothing in the browser (no cookies, no web storage: the
  // session token comes with each request), so a page in a shared context starts as fresh
  // as one in its own. A test closes its page, never the context.
  type ContextOptions = { width: number; height: number; phone: boolean; javaScript: boolean; locale: string; appExtensions: unknown };
  const contexts = new Map<string, Promise<BrowserContext>>();
  const contextFor = (options: ContextOptions) => {
    const key = JSON.stringify(options);
    let context = contexts.get(key);
    if (!context) {
      context = newContext(options);
      contexts.set(key, context);
    }
    return context;
  };
  const newContext = async ({ width, height, phone, javaScript, locale, appExtensions }: ContextOptions) => {
    const agent = phone
      ? userAgent.replace(/\(X11;[^)]*\)/, "(Linux; Android 14; Pixel 8)").replace(/ Safari\//, " Mobile Safari/")
      : userAgent;
    const context = await browser.newContext({
      userAgent: agent,
      viewport: { width, height },
      locale,
      timezoneId: "Europe/Berlin",
      javaScriptEnabled: javaScript,
    });
    await context.exposeBinding("__tandemIdToken", () => token());
    await context.addInitScript((value) => {
      (window as unknown as { __standInAppExtensions?: unknown }).__standInAppExtensions = value;
    }, appExtensions);
    // App Bridge's stand-in runs before each page's own scripts, as an init script instead of
    // an answer to the app's script tag: Playwright turns Chromium's HTTP cache off in a
    // context with a route, and with it on, a shared context loads the app's scripts and
    // styles once (they are immutable) and compiles them from V8's code cache. The tag's own
    // request is refused by Chromium's host resolver like every other outside host
    // (scripts/lib/chromium.ts), which the console listener below expects.
    await context.addInitScript(APP_BRIDGE_STAND_IN);
    return context;
  };

  return {
    browser,
    errors,
    async open(
      path,
      {
        width = 1040,
        height = 900,
        expectStatus = 200,
        phone = false,
        javaScript = true,
        appExtensions,
        locale = "en-GB",
        beforeGoto,
      } = {},
    ) {
      const context = await contextFor({ width, height, phone, javaScript, locale, appExtensions: appExtensions ?? [] });
      const page = await context.newPage();
      await beforeGoto?.(page);
      page.on("pageerror", (error) => errors.push(`${path}: ${error.message}`));
      page.on("console", (message) => {
        // Resources the stand-in network refuses (fonts, Shopify's CDN) are expected here.
        if (message.type() === "error" && !/Failed to load resource/.test(message.text())) errors.push(`${path}: ${message.text()}`);
      });
      const host = Buffer.from(`${shop}/admin`).toString("base64url");
      const separator = path.includes("?") ? "&" : "?";
      const response = await page.goto(
        `${appUrl}${path}${separator}embedded=1&shop=${shop}&host=${host}&locale=${locale}&id_token=${await token()}`,
      );
      if (response?.status() !== expectStatus) throw new Error(`${path} answered ${response?.status()}, expected ${expectStatus}`);
      // The root's effect marks the page hydrated (app/root.tsx); clicks before it could reach
      // the server's HTML only, which a loaded machine made a race.
      if (javaScript && expectStatus === 200) await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
      return page;
    },
    async screenshot(page, name, { fullPage = false, of } = {}) {
      mkdirSync("tmp/screenshots", { recursive: true });
      const file = `tmp/screenshots/${name}-${page.viewportSize()?.width}.png`;
      await (of ? of.screenshot({ path: file }) : page.screenshot({ path: file, fullPage }));
      return file;
    },
    async close() {
      for (const context of contexts.values()) await (await context).close().catch(() => undefined);
      await browser.close();
    },
  };
}

import { mkdirSync } from "node:fs";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { TEST_API_KEY, TEST_API_SECRET } from "../setup-env";

// The embedded admin in real Chromium, with a stand-in for App Bridge: Shopify's script
// (cdn.shopify.com, unreachable here) is answered with a small one that does what the app
// relies on App Bridge for: session tokens (shopify.idToken), an Authorization header on
// the app's own fetch() calls (Remix data requests and actions), toasts and the
// contextual save bar (<ui-save-bar>, shopify.saveBar). The nav menu is hidden, as the
// admin moves it out of the frame.

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const APP_BRIDGE_STAND_IN = String.raw`
(() => {
  const realFetch = window.fetch.bind(window);
  const toasts = [];
  const style = document.createElement("style");
  style.textContent = "ui-nav-menu{display:none} ui-save-bar{display:none} ui-save-bar[data-open]{display:flex;position:fixed;top:0;left:0;right:0;z-index:1000;gap:8px;justify-content:flex-end;padding:8px 16px;background:#1a1a1a} #stand-in-toasts{position:fixed;bottom:16px;left:50%;transform:translateX(-50%);z-index:1001}";
  document.head.appendChild(style);
  window.shopify = {
    config: { apiKey: document.currentScript && document.currentScript.dataset.apiKey },
    idToken: () => window.__tandemIdToken(),
    toast: {
      show(message, options) {
        toasts.push({ message, isError: Boolean(options && options.isError) });
        let box = document.getElementById("stand-in-toasts");
        if (!box) { box = document.createElement("div"); box.id = "stand-in-toasts"; document.body.appendChild(box); }
        const item = document.createElement("div");
        item.setAttribute("role", "status");
        item.textContent = message;
        item.style.cssText = "background:#1a1a1a;color:#fff;padding:8px 16px;border-radius:8px";
        box.appendChild(item);
      },
    },
    saveBar: {
      show(id) { const bar = document.getElementById(id); if (bar) bar.setAttribute("data-open", ""); return Promise.resolve(); },
      hide(id) { const bar = document.getElementById(id); if (bar) bar.removeAttribute("data-open"); return Promise.resolve(); },
      toggle(id) { const bar = document.getElementById(id); if (bar) bar.toggleAttribute("data-open"); return Promise.resolve(); },
    },
  };
  window.__standInToasts = toasts;
  window.fetch = async (input, init) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? String(input) : input.url, location.href);
    if (url.origin !== location.origin) return realFetch(input, init);
    const headers = new Headers((init && init.headers) || (input instanceof Request ? input.headers : undefined));
    if (!headers.has("Authorization")) headers.set("Authorization", "Bearer " + (await window.__tandemIdToken()));
    return realFetch(input, { ...(init || {}), headers });
  };
})();
`;

export type AdminBrowser = {
  browser: Browser;
  /** Console errors and uncaught exceptions of every page opened (hydration mismatches show here). */
  errors: string[];
  /** `phone`: a mobile Chrome user agent; `javaScript: false`: the server's HTML only, as before the scripts run. */
  open(
    path: string,
    options?: { width?: number; height?: number; expectStatus?: number; phone?: boolean; javaScript?: boolean },
  ): Promise<Page>;
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
};

export async function launchAdmin(appUrl: string, shop: string): Promise<AdminBrowser> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
  // shopify-app-remix answers bots (isbot: "HeadlessChrome") with 410: present as a desktop Chrome.
  const userAgent = (await browser.newBrowserCDPSession().then(async (s) => (await s.send("Browser.getVersion")).userAgent)).replace(
    "HeadlessChrome",
    "Chrome",
  );
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  const token = async () =>
    (await getJwt(shop, TEST_API_KEY, TEST_API_SECRET, { iss: `https://${shop}/admin`, dest: `https://${shop}` })).token;

  return {
    browser,
    errors,
    async open(path, { width = 1040, height = 900, expectStatus = 200, phone = false, javaScript = true } = {}) {
      const agent = phone
        ? userAgent.replace(/\(X11;[^)]*\)/, "(Linux; Android 14; Pixel 8)").replace(/ Safari\//, " Mobile Safari/")
        : userAgent;
      const context = await browser.newContext({
        userAgent: agent,
        viewport: { width, height },
        locale: "en-GB",
        timezoneId: "Europe/Berlin",
        javaScriptEnabled: javaScript,
      });
      contexts.push(context);
      await context.exposeBinding("__tandemIdToken", () => token());
      await context.route("**/*", (route) => {
        const url = route.request().url();
        if (url.startsWith(appUrl)) return route.continue();
        if (url.startsWith("https://cdn.shopify.com/shopifycloud/app-bridge.js"))
          return route.fulfill({ contentType: "text/javascript", body: APP_BRIDGE_STAND_IN });
        return route.abort();
      });
      const page = await context.newPage();
      page.on("pageerror", (error) => errors.push(`${path}: ${error.message}`));
      page.on("console", (message) => {
        // Resources the stand-in network refuses (fonts, Shopify's CDN) are expected here.
        if (message.type() === "error" && !/Failed to load resource/.test(message.text())) errors.push(`${path}: ${message.text()}`);
      });
      const host = Buffer.from(`${shop}/admin`).toString("base64url");
      const separator = path.includes("?") ? "&" : "?";
      const response = await page.goto(
        `${appUrl}${path}${separator}embedded=1&shop=${shop}&host=${host}&locale=en-GB&id_token=${await token()}`,
      );
      if (response?.status() !== expectStatus) throw new Error(`${path} answered ${response?.status()}, expected ${expectStatus}`);
      return page;
    },
    async screenshot(page, name) {
      mkdirSync("tmp/screenshots", { recursive: true });
      const file = `tmp/screenshots/${name}-${page.viewportSize()?.width}.png`;
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
    },
  };
}

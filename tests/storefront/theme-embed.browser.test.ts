// The theme app embed's script in real Chromium against a local storefront stand-in.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { launchChromium } from "../../scripts/lib/chromium";
import { startStorefront } from "../../scripts/lib/storefront-server";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const GRANTED = { m: true, a: true, s: true };
const DENIED = { m: false, a: false, s: false };

let browser: Browser;
let context: BrowserContext;
let store: Awaited<ReturnType<typeof startStorefront>>;

beforeAll(async () => {
  // playwright-core gives every launch a fresh temporary profile (it refuses --user-data-dir).
  browser = await launchChromium();
});
afterAll(async () => browser?.close());
afterEach(async () => {
  await context?.close();
  await store?.close();
});

async function open(consent: typeof GRANTED, options: Parameters<typeof startStorefront>[0] = {}) {
  store = await startStorefront(options);
  context = await browser.newContext();
  // Shopify keeps the visitor's choice across pages; so does this stub (per context).
  await context.addInitScript((c) => {
    const saved = sessionStorage.getItem("__consent");
    (window as unknown as { __consent: unknown }).__consent = saved ? JSON.parse(saved) : c;
  }, consent);
  return context.newPage();
}

// Negative assertions need the script to have had its chance: the consent API answered
// and the event loop drained.
async function settle(page: Page) {
  await page.waitForFunction(() => (window as unknown as { __consentApiLoaded?: boolean }).__consentApiLoaded === true);
  await page.waitForTimeout(300);
}

function tracked(name: string) {
  return store.state.fbqCalls.filter((c) => c.args[0] === "track" && c.args[1] === name);
}

async function until(check: () => boolean, what: string) {
  // A bound for a condition that must come, not a speed figure: generous for a loaded machine.
  const deadline = Date.now() + 30_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function grantLater(page: Page, consent: typeof GRANTED) {
  await page.evaluate((c) => {
    sessionStorage.setItem("__consent", JSON.stringify(c));
    (window as unknown as { __consent: unknown }).__consent = c;
    document.dispatchEvent(
      new CustomEvent("visitorConsentCollected", {
        detail: { marketingAllowed: c.m, analyticsAllowed: c.a, saleOfDataAllowed: c.s, preferencesAllowed: false },
      }),
    );
  }, consent);
}

describe("theme embed in Chromium", () => {
  it("GIVEN marketing not allowed and no answer yet WHEN the shopper browses and adds to cart THEN no Meta script, no _fb cookies, no cart writes", async () => {
    const page = await open(DENIED);
    await page.goto(`${store.url}/products/tee?fbclid=IwAR0abc`);
    await settle(page);
    await page.click("#fetch-add");
    await page.click("#xhr-add");
    await until(() => store.state.cartAdds.length === 2, "the theme's own adds");
    await page.waitForTimeout(300);

    expect(store.state.fbeventsRequests).toBe(0);
    expect(await page.evaluate(() => typeof (window as unknown as { fbq?: unknown }).fbq)).toBe("undefined");
    expect((await context.cookies()).filter((c) => c.name.startsWith("_fb"))).toEqual([]);
    expect(store.state.cartUpdates).toEqual([]);
    expect(store.state.fbqCalls).toEqual([]);
  });

  it("GIVEN a visitor who declined marketing (Shopify records 'no') WHEN pages load THEN nothing of Meta's, and one consent record m0 in the cart for the server", async () => {
    // The web pixel declares marketing as required, so Shopify does not load it for this
    // visitor: the cart's record is how the server learns of the decline (decision 050).
    const page = await open({ m: false, a: true, s: true, decided: true } as typeof GRANTED);
    await page.goto(`${store.url}/products/tee?fbclid=IwAR0abc`);
    await until(() => store.state.cartUpdates.length === 1, "the consent record");
    expect(store.state.cartUpdates[0]).toEqual({ _tandem_consent: expect.stringMatching(/^m0a1s1\.\d{10}$/) });
    await page.reload();
    await settle(page);
    expect(store.state.cartUpdates).toHaveLength(1);
    expect(store.state.fbeventsRequests).toBe(0);
    expect((await context.cookies()).filter((c) => c.name.startsWith("_fb"))).toEqual([]);
    expect(store.state.fbqCalls).toEqual([]);
  });

  it("GIVEN no answer yet at load WHEN the visitor declines in the banner THEN one consent record m0 and nothing of Meta's", async () => {
    const page = await open(DENIED);
    await page.goto(`${store.url}/`);
    await settle(page);
    expect(store.state.cartUpdates).toEqual([]);
    await grantLater(page, { m: false, a: false, s: false });
    await until(() => store.state.cartUpdates.length === 1, "the consent record");
    expect(store.state.cartUpdates[0]).toEqual({ _tandem_consent: expect.stringMatching(/^m0a0s0\.\d{10}$/) });
    expect(store.state.fbeventsRequests).toBe(0);
  });

  it("GIVEN consent granted WHEN on a product page THEN PageView and ViewContent with eventIDs, init with external_id, one cart write that a reload does not repeat", async () => {
    const page = await open(GRANTED, { customerId: "7390123456", pixelIds: ["111", "222"] });
    await page.goto(`${store.url}/products/tee`);
    // Each fbq call reaches the server in its own beacon, in no set order: wait for every
    // call asserted on below, not only the last one made.
    const inits = () => store.state.fbqCalls.filter((c) => c.args[0] === "init");
    await until(
      () =>
        inits().length === 2 &&
        tracked("PageView").length === 1 &&
        tracked("ViewContent").length === 1 &&
        store.state.cartUpdates.length === 1,
      "both inits, PageView, ViewContent and the cart write",
    );

    expect(store.state.fbeventsRequests).toBe(1);
    const calls = store.state.fbqCalls.map((c) => c.args);
    // Sorted: the two inits' beacons may arrive in either order.
    expect(
      inits()
        .map((c) => c.args)
        .sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
    ).toEqual([
      ["init", "111", { external_id: "7390123456" }],
      ["init", "222", { external_id: "7390123456" }],
    ]);
    expect(calls.some((c) => c[0] === "dataProcessingOptions")).toBe(false);
    const pageView = tracked("PageView");
    expect(pageView).toHaveLength(1);
    expect(pageView[0].args[3]).toEqual({ eventID: expect.stringMatching(UUID) });
    expect(tracked("ViewContent")[0].args.slice(2)).toEqual([
      {
        content_ids: ["41001"],
        contents: [{ id: "41001", quantity: 1, item_price: 19.99 }],
        num_items: 1,
        currency: "USD",
        content_type: "product",
        value: 19.99,
      },
      { eventID: expect.stringMatching(UUID) },
    ]);
    expect(tracked("ViewContent")[0].args[3]).not.toEqual(pageView[0].args[3]);

    const fbp = (await context.cookies()).find((c) => c.name === "_fbp")!.value;
    expect(store.state.cartUpdates[0]).toEqual({ _tandem_consent: expect.stringMatching(/^m1a1s1\.\d{10}$/), _fbp: fbp });
    const consent = store.state.cartUpdates[0]._tandem_consent;
    expect(Math.abs(Number(consent.split(".")[1]) - Date.now() / 1000)).toBeLessThan(60);

    await page.reload();
    await until(() => tracked("PageView").length === 2, "the second PageView");
    await settle(page);
    expect(store.state.cartUpdates).toHaveLength(1);
  });

  it("GIVEN consent granted WHEN the theme adds to cart by fetch, XHR, AJAX form and plain form post THEN one AddToCart each with the added variant, quantity and price", async () => {
    const page = await open(GRANTED);
    await page.goto(`${store.url}/products/tee`);
    await until(() => tracked("ViewContent").length === 1, "ViewContent");

    await page.click("#fetch-add");
    await until(() => tracked("AddToCart").length === 1, "AddToCart from fetch");
    await page.click("#xhr-add");
    await until(() => tracked("AddToCart").length === 2, "AddToCart from XHR");
    await page.click("#ajax-form-submit");
    await until(() => tracked("AddToCart").length === 3, "AddToCart from the AJAX form");
    await Promise.all([page.waitForURL(`${store.url}/cart`), page.click("#plain-submit")]);
    await until(() => tracked("AddToCart").length === 4, "AddToCart from the form post");
    await settle(page);

    const data = tracked("AddToCart").map((c) => c.args[2]);
    expect(data).toEqual([
      {
        content_ids: ["41002"],
        contents: [{ id: "41002", quantity: 3, item_price: 24.99 }],
        num_items: 3,
        currency: "USD",
        content_type: "product",
        value: 74.97,
      },
      {
        content_ids: ["41001"],
        contents: [{ id: "41001", quantity: 4, item_price: 19.99 }],
        num_items: 4,
        currency: "USD",
        content_type: "product",
        value: 79.96,
      },
      {
        content_ids: ["41002"],
        contents: [{ id: "41002", quantity: 1, item_price: 24.99 }],
        num_items: 1,
        currency: "USD",
        content_type: "product",
        value: 24.99,
      },
      {
        content_ids: ["41001"],
        contents: [{ id: "41001", quantity: 2, item_price: 19.99 }],
        num_items: 2,
        currency: "USD",
        content_type: "product",
        value: 39.98,
      },
    ]);
    const ids = tracked("AddToCart").map((c) => (c.args[3] as { eventID: string }).eventID);
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(4);
    expect(store.state.cartAdds).toHaveLength(4);
    // The cart page after the form post: nothing changed, so nothing is written again.
    expect(store.state.cartUpdates).toHaveLength(1);
  });

  it("GIVEN the config saying the web pixel fires product events WHEN the shopper views a product and adds to cart every way THEN the embed fires neither (one browser copy each) and keeps PageView, cookies and the cart write", async () => {
    const page = await open(GRANTED, { productEvents: "web_pixel" });
    await page.goto(`${store.url}/products/tee`);
    await until(() => tracked("PageView").length === 1, "PageView");
    await page.click("#fetch-add");
    await page.click("#xhr-add");
    await page.click("#ajax-form-submit");
    await until(() => store.state.cartAdds.length === 3, "the three adds");
    await until(() => store.state.cartUpdates.length === 1, "the cart write");
    await settle(page);
    expect([tracked("ViewContent"), tracked("AddToCart")]).toEqual([[], []]);
    expect(Object.keys(store.state.cartUpdates[0])).toEqual(expect.arrayContaining(["_tandem_consent", "_fbp"]));
  });

  it("GIVEN the product_id catalog rule WHEN viewing a product THEN ids are product ids with content_type product_group", async () => {
    const page = await open(GRANTED, { catalogIdRule: "product_id" });
    await page.goto(`${store.url}/products/tee?variant=41002`);
    await until(() => tracked("ViewContent").length === 1, "ViewContent");
    expect(tracked("ViewContent")[0].args[2]).toMatchObject({ content_ids: ["8001"], content_type: "product_group", value: 24.99 });
  });

  it("GIVEN consent unknown at load WHEN the visitor grants it later THEN the pixel starts then", async () => {
    const page = await open(DENIED);
    await page.goto(`${store.url}/search?q=red+shoes`);
    await settle(page);
    expect(store.state.fbeventsRequests).toBe(0);

    await grantLater(page, GRANTED);
    await until(
      () => tracked("PageView").length === 1 && tracked("Search").length === 1 && store.state.cartUpdates.length === 1,
      "PageView, Search and the cart write",
    );
    expect(store.state.fbeventsRequests).toBe(1);
    expect(tracked("PageView")).toHaveLength(1);
    expect(tracked("Search")[0].args.slice(2)).toEqual([{ search_string: "red shoes" }, { eventID: expect.stringMatching(UUID) }]);
    expect(store.state.cartUpdates[0]._tandem_consent).toMatch(/^m1a1s1\./);
  });

  it("GIVEN consent granted WHEN the visitor revokes marketing THEN events stop and an m0 consent record replaces fbp/fbc in the cart", async () => {
    const page = await open(GRANTED);
    await page.goto(`${store.url}/products/tee`);
    await until(() => store.state.cartUpdates.length === 1, "the first cart write");

    await grantLater(page, { m: false, a: true, s: true });
    await until(() => store.state.cartUpdates.length === 2, "the m0 record");
    expect(store.state.cartUpdates[1]).toEqual({ _tandem_consent: expect.stringMatching(/^m0a1s1\.\d{10}$/), _fbp: "" });
    // fbq calls reach the recording server on their own request: wait for it, do not race it.
    await until(() => store.state.fbqCalls.some((c) => c.args[0] === "consent"), "the revoke call");
    expect(store.state.fbqCalls.map((c) => c.args).filter((a) => a[0] === "consent")).toEqual([["consent", "revoke"]]);

    await page.click("#fetch-add");
    await until(() => store.state.cartAdds.length === 1, "the theme's add");
    await page.waitForTimeout(300);
    expect(tracked("AddToCart")).toEqual([]);

    await page.reload();
    await settle(page);
    expect(store.state.cartUpdates).toHaveLength(2);
    expect(tracked("PageView")).toHaveLength(1);
  });

  it("GIVEN sale of data not allowed WHEN the pixel starts THEN dataProcessingOptions LDU comes before init", async () => {
    const page = await open({ m: true, a: true, s: false });
    await page.goto(`${store.url}/`);
    await until(() => tracked("PageView").length === 1 && store.state.cartUpdates.length === 1, "PageView and the cart write");
    // The order of the calls as the page made them: the server receives each in its own
    // beacon, in no set order.
    const calls = await page.evaluate(() => (window as unknown as { __fbqCalls: unknown[][] }).__fbqCalls);
    const ldu = calls.findIndex((c) => c[0] === "dataProcessingOptions");
    expect(calls[ldu]).toEqual(["dataProcessingOptions", ["LDU"], 0, 0]);
    expect(ldu).toBeLessThan(calls.findIndex((c) => c[0] === "init"));
    expect(store.state.cartUpdates[0]._tandem_consent).toMatch(/^m1a1s0\./);
  });

  it("GIVEN an fbclid in the URL and no _fbc cookie WHEN consent is granted THEN _fbc is built, kept as a cookie and written to the cart", async () => {
    const page = await open(GRANTED);
    const before = Date.now();
    await page.goto(`${store.url}/?fbclid=IwAR2xYz_AbC-123`);
    await until(() => store.state.cartUpdates.length === 1, "the cart write");
    const fbc = store.state.cartUpdates[0]._fbc;
    expect(fbc).toMatch(/^fb\.1\.\d{13}\.IwAR2xYz_AbC-123$/);
    expect(Number(fbc.split(".")[2])).toBeGreaterThanOrEqual(before);
    expect((await context.cookies()).find((c) => c.name === "_fbc")?.value).toBe(fbc);

    // The next page has no fbclid; the cookie keeps the same value, so no second write.
    await page.goto(`${store.url}/products/tee`);
    await until(() => tracked("PageView").length === 2, "the second PageView");
    await settle(page);
    expect(store.state.cartUpdates).toHaveLength(1);
  });

  it("GIVEN an older _fbc cookie WHEN the shopper arrives from a new ad click THEN the new fbclid replaces it with a new creation time", async () => {
    const page = await open(GRANTED);
    await context.addCookies([{ name: "_fbc", value: "fb.1.1700000000000.IwAR_old-click", url: store.url }]);
    const before = Date.now();
    await page.goto(`${store.url}/?fbclid=IwAR_new-click`);
    await until(() => store.state.cartUpdates.some((u) => u._fbc), "the cart write");
    const fbc = store.state.cartUpdates.find((u) => u._fbc)!._fbc;
    expect(fbc).toMatch(/^fb\.1\.\d{13}\.IwAR_new-click$/);
    expect(Number(fbc.split(".")[2])).toBeGreaterThanOrEqual(before);
    expect((await context.cookies()).find((c) => c.name === "_fbc")?.value).toBe(fbc);
  });

  it("GIVEN the same click id as the cookie THEN the cookie and its creation time are kept", async () => {
    const page = await open(GRANTED);
    const old = "fb.1.1700000000000.IwAR_same";
    await context.addCookies([{ name: "_fbc", value: old, url: store.url }]);
    await page.goto(`${store.url}/?fbclid=IwAR_same`);
    await until(() => store.state.cartUpdates.some((u) => u._fbc), "the cart write");
    expect(store.state.cartUpdates.find((u) => u._fbc)!._fbc).toBe(old);
  });

  it("GIVEN fbclid only in the referrer THEN _fbc is built from it", async () => {
    const page = await open(GRANTED);
    await page.goto(`${store.url}/products/tee`, { referer: "https://l.facebook.com/l.php?u=x&fbclid=IwAR_from-referrer" });
    await until(() => store.state.cartUpdates.some((u) => u._fbc), "the cart write");
    expect(store.state.cartUpdates.find((u) => u._fbc)!._fbc).toMatch(/^fb\.1\.\d{13}\.IwAR_from-referrer$/);
  });

  it("GIVEN fbevents.js blocked WHEN consent allows THEN Tandem creates _fbp in Meta's format and writes it to the cart", async () => {
    const page = await open(GRANTED, { fbevents: "blocked" });
    const before = Date.now();
    await page.goto(`${store.url}/`);
    await until(() => store.state.cartUpdates.some((u) => u._fbp), "the cart write with _fbp");
    const fbp = store.state.cartUpdates.find((u) => u._fbp)!._fbp;
    expect(fbp).toMatch(/^fb\.1\.\d{13}\.\d{1,10}$/);
    expect(Number(fbp.split(".")[2])).toBeGreaterThanOrEqual(before);
    const cookie = (await context.cookies()).find((c) => c.name === "_fbp")!;
    expect(cookie.value).toBe(fbp);
    expect(cookie.expires * 1000 - Date.now()).toBeGreaterThan(89 * 86_400_000);
  });

  it("GIVEN fbevents.js blocked and consent denied THEN no _fbp is created", async () => {
    const page = await open(DENIED, { fbevents: "blocked" });
    await page.goto(`${store.url}/`);
    await settle(page);
    expect((await context.cookies()).filter((c) => c.name.startsWith("_fb"))).toEqual([]);
  });

  it("GIVEN an in-app browser where fbevents.js writes _fbc after it ran THEN the embed reads it again and the cart gets it", async () => {
    const page = await open(GRANTED, { fbevents: "late-fbc" });
    await page.goto(`${store.url}/`);
    await until(() => store.state.cartUpdates.some((u) => u._fbc), "the late _fbc in the cart");
    expect(store.state.cartUpdates.find((u) => u._fbc)!._fbc).toMatch(/^fb\.1\.\d{13}\.IwAR_inapp-7$/);
  });
});

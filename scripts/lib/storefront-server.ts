// A local stand-in for an Online Store page with the Tandem app embed enabled: it renders
// what extensions/tandem-theme/blocks/tandem-embed.liquid renders (the config JSON and the
// deferred script), a stub of Shopify's Customer Privacy API driven by window.__consent,
// the AJAX cart endpoints, and a stand-in for Meta's fbevents.js that records every fbq
// call (in window.__fbqCalls, and on this server so calls made before a navigation
// survive it).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { readFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";

const ASSET = fileURLToPath(new URL("../../extensions/tandem-theme/assets/tandem-embed.js", import.meta.url));

export const PRODUCT = {
  id: "8001",
  variant_id: "41001",
  variants: [
    { id: "41001", sku: "TEE-S", price: 1999 },
    { id: "41002", sku: null, price: 2499 },
  ],
};

export interface StorefrontOptions {
  /** How Meta's script behaves: as usual, blocked (an ad blocker: 404), or writing _fbc a moment after it ran (in-app browsers). */
  fbevents?: "ok" | "blocked" | "late-fbc";
  pixelIds?: string[];
  catalogIdRule?: string;
  customerId?: string | null;
  /** Theme code before the embed in <head>, e.g. another Meta pixel snippet (the pixel audit's tests). */
  headHtml?: string;
  /** false: the same pages without the app embed (the Lighthouse comparison). */
  embed?: boolean;
  /** The visitor's choice before any script runs (the browser tests set window.__consent themselves). */
  consent?: { m: boolean; a: boolean; s: boolean; decided?: boolean };
  /** "web_pixel": the config the app writes today (the web pixel fires ViewContent and AddToCart); absent: an older config. */
  productEvents?: "web_pixel";
}

export interface StorefrontState {
  cartAttributes: Record<string, string>;
  cartUpdates: Array<Record<string, string>>;
  cartAdds: Array<{ path: string; body: string }>;
  fbeventsRequests: number;
  fbqCalls: Array<{ page: string; args: unknown[] }>;
  /** What the embed's pixel audit posted (its audit_url points here). */
  auditReports: unknown[];
}

const SHOPIFY_STUB = `<script>
window.__consent = window.__consent || { m: false, a: false, s: false };
window.Shopify = { shop: "tandem-test.myshopify.com", routes: { root: "/" },
  loadFeatures: function (features, cb) {
    setTimeout(function () {
      var ok = features.length === 1 && features[0].name === "consent-tracking-api";
      window.Shopify.customerPrivacy = {
        marketingAllowed: function () { return window.__consent.m; },
        analyticsProcessingAllowed: function () { return window.__consent.a; },
        saleOfDataAllowed: function () { return window.__consent.s; },
        // Shopify's record of the answer: "yes"/"no" once the visitor decided, "" before.
        currentVisitorConsent: function () {
          var c = window.__consent, a = function (v) { return c.decided ? (v ? "yes" : "no") : ""; };
          return { marketing: a(c.m), analytics: a(c.a), preferences: "", sale_of_data: a(c.s) };
        }
      };
      window.__consentApiLoaded = true;
      cb(ok ? undefined : new Error("unknown feature"));
    }, 20);
  } };
</script>`;

// What fbevents.js does with the stub queue: replay the queue, then take calls directly;
// create the _fbp cookie on init as Meta's script does, load signals/config/<id> per pixel
// and send each tracked event to /tr/?id=&ev=&eid= for every pixel initialised (here on
// this server, as fbevents.js does on connect.facebook.net and facebook.com).
const FBEVENTS_STAND_IN = `(function () {
  var f = window.fbq; window.__fbqCalls = [];
  function run(a) {
    var args = JSON.parse(JSON.stringify(Array.prototype.slice.call(a)));
    window.__fbqCalls.push(args);
    navigator.sendBeacon("/__fbq", JSON.stringify({ page: location.pathname + location.search, args: args }));
    if (args[0] === "init" && !/(^|; )_fbp=/.test(document.cookie))
      document.cookie = "_fbp=fb.1." + Date.now() + "." + Math.floor(Math.random() * 1e10) + ";path=/";
    if (args[0] === "init") {
      window.__fbqPixels = (window.__fbqPixels || []).concat(String(args[1]));
      var s = document.createElement("script"); s.src = "/signals/config/" + args[1]; document.head.appendChild(s);
    }
    if (args[0] === "track") (window.__fbqPixels || []).forEach(function (id) {
      new Image().src = "/tr/?id=" + id + "&ev=" + encodeURIComponent(args[1]) + "&eid=" + encodeURIComponent((args[3] && args[3].eventID) || "");
    });
  }
  f.callMethod = function () { run(arguments); };
  f.queue.forEach(run); f.queue = [];
})();`;

function themeBody(): string {
  return `<main>
<form method="post" action="/cart/add" id="plain-form">
  <input type="hidden" name="id" value="41001"><input name="quantity" value="2">
  <button type="submit" id="plain-submit">Add to cart</button>
</form>
<form method="post" action="/cart/add" id="ajax-form">
  <input type="hidden" name="id" value="41002"><input name="quantity" value="1">
  <button type="submit" id="ajax-form-submit">Add (AJAX theme form)</button>
</form>
<button id="fetch-add">Quick add</button>
<button id="xhr-add">Quick add (XHR)</button>
</main>
<script>
document.getElementById("ajax-form").addEventListener("submit", function (e) {
  e.preventDefault();
  fetch("/cart/add", { method: "POST", headers: { Accept: "application/javascript", "X-Requested-With": "XMLHttpRequest" }, body: new FormData(e.target) });
});
document.getElementById("fetch-add").addEventListener("click", function () {
  fetch("/cart/add.js", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ items: [{ id: 41002, quantity: 3 }] }) });
});
document.getElementById("xhr-add").addEventListener("click", function () {
  var x = new XMLHttpRequest(); x.open("POST", "/cart/add.js"); x.setRequestHeader("Content-Type", "application/x-www-form-urlencoded");
  x.send("id=41001&quantity=4");
});
</script>`;
}

function page(state: StorefrontState, opts: StorefrontOptions, isProduct: boolean): string {
  const config = {
    config: {
      pixel_ids: opts.pixelIds ?? ["111222333444555"],
      catalog_id_rule: opts.catalogIdRule ?? "variant_id",
      catalog_country: "US",
      value_rule: { include_shipping: false, include_tax: false },
      fbevents_url: "/fbevents.js",
      audit_url: "/__audit",
      shop_key: "storefront-key",
      ...(opts.productEvents ? { product_events: opts.productEvents } : {}),
    },
    page_type: isProduct ? "product" : "index",
    customer_id: opts.customerId ?? null,
    currency: "USD",
    cart: {
      _fbp: state.cartAttributes._fbp ?? null,
      _fbc: state.cartAttributes._fbc ?? null,
      _tandem_consent: state.cartAttributes._tandem_consent ?? null,
    },
    product: isProduct ? PRODUCT : null,
  };
  const consent = opts.consent ? `<script>window.__consent = window.__consent || ${JSON.stringify(opts.consent)};</script>` : "";
  const embed =
    opts.embed === false
      ? ""
      : `<script type="application/json" id="tandem-embed-config">${JSON.stringify(config)}</script>
<script src="/assets/tandem-embed.js" defer></script>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Store</title>${consent}${SHOPIFY_STUB}
${opts.headHtml ?? ""}
${embed}</head><body>${themeBody()}</body></html>`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => resolve(body));
  });
}

function lineItem(id: string, quantity: number) {
  const variant = PRODUCT.variants.find((v) => v.id === id);
  return {
    id: Number(id),
    variant_id: Number(id),
    product_id: Number(PRODUCT.id),
    sku: variant?.sku ?? null,
    price: variant?.price ?? 0,
    quantity,
  };
}

export async function startStorefront(opts: StorefrontOptions = {}) {
  const state: StorefrontState = { cartAttributes: {}, cartUpdates: [], cartAdds: [], fbeventsRequests: 0, fbqCalls: [], auditReports: [] };
  const asset = await readFile(ASSET, "utf8");
  const send = (res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store", ...headers });
    res.end(body);
  };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const body = req.method === "POST" ? await readBody(req) : "";
    if (url.pathname === "/assets/tandem-embed.js") return send(res, 200, "text/javascript", asset);
    if (url.pathname === "/fbevents.js") {
      state.fbeventsRequests++;
      if (opts.fbevents === "blocked") return send(res, 404, "text/plain", "blocked");
      const late = `setTimeout(function () { document.cookie = "_fbc=fb.1." + Date.now() + ".IwAR_inapp-7;path=/"; }, 400);`;
      return send(res, 200, "text/javascript", FBEVENTS_STAND_IN + (opts.fbevents === "late-fbc" ? late : ""));
    }
    if (url.pathname.startsWith("/signals/config/")) return send(res, 200, "text/javascript", "");
    if (url.pathname === "/tr/") return send(res, 200, "image/gif", "GIF89a");
    if (url.pathname === "/__audit" && req.method === "POST") {
      state.auditReports.push(JSON.parse(body));
      return send(res, 202, "application/json", "{}");
    }
    if (url.pathname === "/__fbq") {
      state.fbqCalls.push(JSON.parse(body));
      return send(res, 204, "text/plain", "");
    }
    if (url.pathname === "/cart/update.js" && req.method === "POST") {
      const attributes = JSON.parse(body).attributes as Record<string, string>;
      state.cartUpdates.push(attributes);
      for (const [key, value] of Object.entries(attributes)) {
        if (value === "") delete state.cartAttributes[key];
        else state.cartAttributes[key] = value;
      }
      return send(res, 200, "application/json", JSON.stringify({ attributes: state.cartAttributes, items: [] }));
    }
    if (url.pathname === "/cart.js")
      return send(res, 200, "application/json", JSON.stringify({ attributes: state.cartAttributes, items: [] }));
    if ((url.pathname === "/cart/add.js" || url.pathname === "/cart/add") && req.method === "POST") {
      state.cartAdds.push({ path: url.pathname, body });
      const type = req.headers["content-type"] ?? "";
      if (url.pathname === "/cart/add" && type.startsWith("application/x-www-form-urlencoded") && !req.headers["x-requested-with"]) {
        return send(res, 302, "text/plain", "", { Location: "/cart" });
      }
      let items: Array<{ id: string; quantity: number }>;
      if (type.startsWith("application/json")) {
        const json = JSON.parse(body);
        items = (json.items ?? [json]).map((i: { id: unknown; quantity?: unknown }) => ({
          id: String(i.id),
          quantity: Number(i.quantity ?? 1),
        }));
      } else {
        const form = type.startsWith("multipart/form-data")
          ? await new Response(body, { headers: { "content-type": type } }).formData()
          : new URLSearchParams(body);
        items = [{ id: String(form.get("id")), quantity: Number(form.get("quantity") ?? 1) }];
      }
      const lines = items.map((i) => lineItem(i.id, i.quantity));
      return send(
        res,
        200,
        "application/json",
        JSON.stringify(lines.length === 1 && !body.includes("items") ? lines[0] : { items: lines }),
      );
    }
    if (url.pathname === "/cart") return send(res, 200, "text/html", page(state, opts, false));
    if (url.pathname.startsWith("/products/")) return send(res, 200, "text/html", page(state, opts, true));
    if (url.pathname.startsWith("/collections/")) return send(res, 200, "text/html", page(state, opts, false));
    if (url.pathname === "/" || url.pathname === "/search") return send(res, 200, "text/html", page(state, opts, false));
    send(res, 404, "text/plain", "not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

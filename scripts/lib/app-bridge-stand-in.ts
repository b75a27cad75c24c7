// A stand-in for App Bridge (Shopify's cdn.shopify.com script, unreachable here) that does
// what the app relies on App Bridge for: session tokens (shopify.idToken), an
// Authorization header on the app's own fetch() calls (Remix data requests and actions),
// toasts, the contextual save bar (<ui-save-bar>, shopify.saveBar) and
// `shopify.app.extensions()`, which answers what the page set in
// window.__standInAppExtensions before this script ran (Shopify's documented shape; the
// string "unsupported" leaves `shopify.app` out, as an App Bridge without it would). The
// nav menu is hidden, as the admin moves it out of the frame. Shared by the browser tests
// (tests/support/admin-browser.ts), which run it before each page's own scripts, and the Web
// Vitals benchmark (scripts/bench/web-vitals.ts), which answers the app's script tag with it.
// It needs nothing of the document: the style is an adopted style sheet (there is no <head>
// yet when it runs first) and the API key is read from the app's script tag when asked for.

export const APP_BRIDGE_STAND_IN = String.raw`
(() => {
  const realFetch = window.fetch.bind(window);
  const toasts = [];
  const style = new CSSStyleSheet();
  style.replaceSync("ui-nav-menu{display:none} ui-save-bar{display:none} ui-save-bar[data-open]{display:flex;position:fixed;top:0;left:0;right:0;z-index:1000;gap:8px;justify-content:flex-end;padding:8px 16px;background:#1a1a1a} #stand-in-toasts{position:fixed;bottom:16px;left:50%;transform:translateX(-50%);z-index:1001}");
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, style];
  const extensions = window.__standInAppExtensions;
  window.shopify = {
    config: {
      get apiKey() {
        const tag = document.querySelector("script[data-api-key]");
        return tag ? tag.dataset.apiKey : undefined;
      },
    },
    idToken: () => window.__tandemIdToken(),
    app: extensions === "unsupported" ? undefined : { extensions: () => Promise.resolve(JSON.parse(JSON.stringify(extensions || []))) },
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

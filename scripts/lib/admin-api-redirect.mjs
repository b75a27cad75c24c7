// Loaded into the BUILT app with `node --import` by browser tests: Shopify's Admin API
// (https://<shop>/admin/api/<version>/graphql.json) is answered by the local stand-in at
// TANDEM_TEST_ADMIN_API_URL (same path, so the stand-in sees the API version); every other
// request goes out unchanged. It must run before the app imports @shopify/shopify-api,
// which keeps the global fetch it finds at import time.
const target = process.env.TANDEM_TEST_ADMIN_API_URL;
if (target) {
  const original = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? String(input) : input.url);
    if (/^\/admin\/api\/[^/]+\/graphql\.json$/.test(url.pathname)) return original(new URL(url.pathname, target), init);
    return original(input, init);
  };
}

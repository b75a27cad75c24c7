// The _fbp browser id when fbevents.js did not set one (blocked, or not on this page: the
// checkout has no theme embed): Meta's documented format fb.<subdomain index>.<creation
// ms>.<random below 2^31>, a first-party cookie on the widest domain the browser accepts
// (the shop's top-level domain), for 90 days; the theme embed writes it the same way
// (docs/decisions/040). Only called with marketing consent.

/** Shopify's `browser.cookie`: get by name; set with a whole `name=value; attributes` string. */
export interface CookieJar {
  get(name: string): Promise<string>;
  set?(cookie: string): Promise<string>;
}

const NINETY_DAYS_SECONDS = 90 * 86_400;

export async function ensureFbp(jar: CookieJar, hostname: string | undefined, nowMs: number, random: () => number): Promise<string | null> {
  if (!jar.set || !hostname) return null;
  const payload = Math.floor(random() * 2_147_483_647);
  const parts = hostname.split(".");
  // An address as host takes no domain attribute; otherwise the widest domain first
  // (example.co.uk is refused by the browser as a public suffix, so the next one is tried).
  const isAddress = /^[\d.]+$|:/.test(hostname);
  for (let start = isAddress ? -1 : Math.max(parts.length - 2, 0); start >= -1; start--) {
    const domain = start < 0 ? "" : `; domain=${parts.slice(start).join(".")}`;
    const index = domain ? parts.length - 1 - start : 1;
    const value = `fb.${index}.${nowMs}.${payload}`;
    try {
      await jar.set(`_fbp=${value}; path=/; max-age=${NINETY_DAYS_SECONDS}; SameSite=Lax${domain}`);
      if ((await jar.get("_fbp")) === value) return value;
    } catch {
      return null;
    }
  }
  return null;
}

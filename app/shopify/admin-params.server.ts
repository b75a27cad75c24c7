/**
 * Shopify opens the embedded admin with `?shop=...&host=<base64 of the admin host>`.
 * The library decodes `host` and builds a URL from it; a value that does not decode to
 * a host (e.g. `host=bm90IGJhc2U2NA`, "not base64") made it throw a TypeError, a 500 on
 * every admin URL without any authentication. Refuse such a value with a 400 first.
 */
const ADMIN_HOST = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::\d{1,5})?(?:\/[A-Za-z0-9._~-]*)*$/i;

export function isValidHostParam(host: string): boolean {
  if (host.length > 512 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(host)) return false;
  const decoded = Buffer.from(host, "base64").toString("utf8");
  return decoded.length > 0 && ADMIN_HOST.test(decoded);
}

/** Throws a 400 Response when `host` is present and malformed. */
export function requireSaneAdminParams(request: Request): void {
  const host = new URL(request.url).searchParams.get("host");
  if (host !== null && !isValidHostParam(host)) {
    throw new Response("The host parameter is not a base64-encoded Shopify admin host.", {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
}

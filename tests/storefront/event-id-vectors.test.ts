// Both storefront pieces carry their own copy of the event-id rules (a bundle cannot import
// the app); every shared vector must come out the same from each.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { checkoutEventId, purchaseEventId } from "../../extensions/tandem-pixel/src/event-id";
import { storefrontEventId } from "../../extensions/tandem-pixel/src/product-events";

interface Vector {
  event_name: string;
  source: string;
  input: { order_id?: unknown; checkout_token?: unknown };
  event_id: string | null;
}
const file = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const { vectors } = JSON.parse(readFileSync(file("../../app/capi/event-id-vectors.json"), "utf8")) as { vectors: Vector[] };

// The shipped (minified) theme asset, run without a DOM: it exposes window.Tandem.eventId
// and stops before touching the page.
function loadThemeEmbed() {
  const window: { crypto: Crypto; Tandem?: { eventId(name: string, input?: unknown): string | null } } = { crypto: globalThis.crypto };
  vm.runInNewContext(readFileSync(file("../../extensions/tandem-theme/assets/tandem-embed.js"), "utf8"), { window });
  return window.Tandem!;
}

function webPixelEventId(vector: Vector): string | null {
  if (vector.event_name === "Purchase") return purchaseEventId(vector.input.order_id);
  return checkoutEventId(vector.event_name === "InitiateCheckout" ? "ic" : "api", vector.input.checkout_token);
}

describe("event-id vectors", () => {
  it("has vectors for every browser-side event name", () => {
    expect(new Set(vectors.map((v) => v.event_name))).toEqual(new Set(["Purchase", "InitiateCheckout", "AddPaymentInfo"]));
  });

  it.each(vectors.map((v) => [`${v.event_name} ${JSON.stringify(v.input)}`, v] as const))("web pixel: %s", (_, vector) => {
    expect(webPixelEventId(vector)).toBe(vector.event_id);
  });

  it.each(vectors.map((v) => [`${v.event_name} ${JSON.stringify(v.input)}`, v] as const))("theme embed: %s", (_, vector) => {
    expect(loadThemeEmbed().eventId(vector.event_name, vector.input)).toBe(vector.event_id);
  });

  it("theme embed: storefront events get a fresh v4 uuid each", () => {
    const tandem = loadThemeEmbed();
    const ids = ["PageView", "ViewContent", "AddToCart", "Search", "PageView"].map((name) => tandem.eventId(name));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("web pixel: ViewContent and AddToCart (taken over from the theme embed) keep its ids: a fresh v4 uuid each", () => {
    const ids = Array.from({ length: 5 }, () => storefrontEventId());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // Whatever the random bytes, the version and variant bits are v4's.
    expect(storefrontEventId((b) => b.fill(255))).toBe("ffffffff-ffff-4fff-bfff-ffffffffffff");
    expect(storefrontEventId((b) => b.fill(0))).toBe("00000000-0000-4000-8000-000000000000");
  });

  it("theme embed: the uuid fallback (no crypto.randomUUID) is still a v4 uuid", () => {
    const window: { crypto: unknown; Tandem?: { eventId(name: string): string } } = {
      crypto: { getRandomValues: (b: Uint8Array) => globalThis.crypto.getRandomValues(b) },
    };
    vm.runInNewContext(readFileSync(file("../../extensions/tandem-theme/assets/tandem-embed.js"), "utf8"), { window });
    const a = window.Tandem!.eventId("PageView");
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(window.Tandem!.eventId("PageView")).not.toBe(a);
  });
});

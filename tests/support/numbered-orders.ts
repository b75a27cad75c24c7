import { makeOrder, type OrderOptions } from "../../scripts/lib/store-simulator";

// Orders a test names by number (#3001, #4002, ...), as the order webhook tests and the
// browser tests of the order pages send them. Kept apart from the webhook tests' set-up,
// which imports the app's route actions: a browser test posts to the BUILT app instead.

/** The storefront's consent cookie when the buyer allowed marketing and analytics, stamped now. */
export const allowConsent = () => `m1a1s1.${Math.floor(Date.now() / 1000)}`;

/**
 * Orders named `#n` with order number n and id `idBase + n`, the buyer's consent allowed;
 * `defaults` and then `extra` override makeOrder's options.
 */
export function numberedOrders(idBase: number, defaults: Partial<OrderOptions> = {}) {
  const id = (n: number) => idBase + n;
  const order = (n: number, extra: Partial<OrderOptions> = {}) => ({
    ...makeOrder({ id: id(n), consent: allowConsent(), ...defaults, ...extra }),
    name: `#${n}`,
    order_number: n,
  });
  return { id, order };
}

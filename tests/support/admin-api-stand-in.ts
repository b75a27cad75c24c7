import { afterAll, beforeAll } from "vitest";
import { startAdminGraphqlStandIn, type StandIn } from "../../scripts/lib/admin-graphql-standin";
import { routeAdminApiTo } from "./route-admin-graphql";

/**
 * One Admin API stand-in per test file, with the app's Admin API requests routed to it
 * from the file's first test to its last, the shop it answers for set when given. The
 * returned object forwards to the stand-in started in beforeAll, so a test file holds it
 * from its top level (reads its calls, sets what it answers next).
 */
export function useAdminApiStandIn(shop?: StandIn["shop"]): StandIn {
  let current: StandIn | undefined;
  let restoreFetch: (() => void) | undefined;
  beforeAll(async () => {
    current = await startAdminGraphqlStandIn();
    if (shop) current.shop = shop;
    restoreFetch = routeAdminApiTo(current);
  });
  afterAll(async () => {
    restoreFetch?.();
    await current?.close();
  });
  return new Proxy({} as StandIn, {
    get: (_target, property) => {
      const value = Reflect.get(current!, property);
      return typeof value === "function" ? value.bind(current) : value;
    },
    set: (_target, property, value) => Reflect.set(current!, property, value),
  });
}

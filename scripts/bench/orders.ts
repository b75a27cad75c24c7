/**
 * The benchmark's signed orders/create webhooks, built before the clock starts. The
 * payloads come from the store simulator (scripts/lib/store-simulator.ts); every
 * top-level field is checked against Shopify's REST Order resource
 * (node_modules/@shopify/shopify-api/rest/admin/2025-10/order.ts) and fields it does not
 * declare are dropped (and named once on stderr), so the bench never measures a payload
 * with invented fields.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { makeOrder } from "../lib/store-simulator";
import { subscribedBody, webhookHeaders } from "../lib/shopify-webhook";
import type { SignedRequest } from "./load";

const ORDER_RESOURCE = path.resolve("node_modules", "@shopify", "shopify-api", "rest", "admin", "2025-10", "order.ts");

/** The Order resource's declared fields (`public name: type;` lines, statics excluded). */
export function shopifyOrderFields(): Set<string> {
  const source = readFileSync(ORDER_RESOURCE, "utf8");
  return new Set([...source.matchAll(/^\s+public (\w+)(?::|\?:)/gm)].map((match) => match[1]));
}

let reported = false;

export function signedOrders(options: { count: number; firstId: number; shop: string; secret: string }): SignedRequest[] {
  const fields = shopifyOrderFields();
  const consent = `m1a1s1.${Math.floor(Date.now() / 1000)}`;
  return Array.from({ length: options.count }, (_, i) => {
    const generated: Record<string, unknown> = makeOrder({ id: options.firstId + i, consent, lines: 1 + (i % 3) });
    const invented = Object.keys(generated).filter((key) => !fields.has(key));
    if (!reported && invented.length > 0) {
      reported = true;
      console.error(`bench: dropped from the simulator's order (not in Shopify's Order resource): ${invented.join(", ")}`);
    }
    const order = Object.fromEntries(Object.entries(generated).filter(([key]) => fields.has(key)));
    const body = JSON.stringify(subscribedBody("orders/create", order));
    return {
      path: "/webhooks/orders/create",
      headers: webhookHeaders({ topic: "orders/create", shop: options.shop, rawBody: body, secret: options.secret }),
      body,
      key: `purchase_${order.id}`,
    };
  });
}

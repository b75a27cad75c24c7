import { z } from "zod";
import { checkoutPayloadSchema, itemSchemas, orderPayloadSchema } from "./shopify-payloads";
import { orderUpdatedSchema } from "./order-edit-value";
import { cancelledOrderSchema, orderEditPayloadSchema, refundPayloadSchema } from "./order-lifecycle";

// Shopify sends a webhook's whole REST resource unless the subscription declares
// `include_fields` (nested fields with a period: "line_items.price"). Tandem declares, per
// topic, exactly the fields its payload schemas name: the schemas are what the mapping,
// the reconciliation and the guards read (shopify-payloads.ts), so the list is derived
// from them, never written by hand. Every webhook then carries less personal data and
// less JSON to parse. shopify.app.toml holds the lists; webhook-fields.test.ts fails when
// a list and its schema disagree, or when a subscribed topic has no schema here.

/** The payload schemas each webhook topic the ingest handles is read with (a cancelled order is read as a lifecycle fact and as an order). */
export const INGEST_PAYLOAD_SCHEMAS: Record<string, z.ZodType[]> = {
  "orders/create": [orderPayloadSchema],
  "orders/paid": [orderPayloadSchema],
  "checkouts/create": [checkoutPayloadSchema],
  "orders/cancelled": [cancelledOrderSchema, orderPayloadSchema],
  "refunds/create": [refundPayloadSchema],
  "orders/edited": [orderEditPayloadSchema],
  "orders/updated": [orderUpdatedSchema],
};

/** A topic's include_fields: every field its schemas name, sorted, without duplicates. */
export function includeFieldsOfTopic(schemas: z.ZodType[]): string[] {
  return [...new Set(schemas.flatMap((schema) => includeFieldsOf(schema)))].sort();
}

type Def = {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  shape?: Record<string, z.ZodType>;
};
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The object shapes a schema can hold, through optional, nullable, catch, pipe, union and array wrappers. */
function shapesOf(schema: z.ZodType): Record<string, z.ZodType>[] {
  const items = itemSchemas.get(schema);
  if (items) return shapesOf(items);
  const def = defOf(schema);
  switch (def.type) {
    case "object":
      return [def.shape ?? {}];
    case "optional":
    case "nullable":
    case "catch":
    case "default":
    case "prefault":
    case "readonly":
      return shapesOf(def.innerType!);
    case "pipe":
      return shapesOf(def.in!);
    case "array":
      return shapesOf(def.element!);
    case "union":
      return (def.options ?? []).flatMap(shapesOf);
    default:
      return [];
  }
}

/**
 * Every leaf field a schema names, as Shopify's `include_fields` writes them: "id",
 * "customer.email", "line_items.price_set.shop_money.amount". Sorted, without duplicates.
 */
export function includeFieldsOf(schema: z.ZodType, prefix = ""): string[] {
  const fields = new Set<string>();
  for (const shape of shapesOf(schema)) {
    for (const [name, child] of Object.entries(shape)) {
      const path = `${prefix}${name}`;
      const nested = includeFieldsOf(child, `${path}.`);
      if (shapesOf(child).length === 0) fields.add(path);
      for (const field of nested) fields.add(field);
    }
  }
  return [...fields].sort();
}

/**
 * The payload Shopify sends for `fields`: the same JSON with only those fields (arrays
 * keep their items, each trimmed the same way). Used to keep test fixtures and the bench
 * in the shape subscriptions receive.
 */
export function trimToFields(payload: unknown, fields: string[]): unknown {
  const tree = new Map<string, string[]>();
  for (const field of fields) {
    const [head, ...rest] = field.split(".");
    const children = tree.get(head) ?? [];
    if (rest.length > 0) children.push(rest.join("."));
    tree.set(head, children);
  }
  const trim = (value: unknown, children: string[]): unknown => {
    if (children.length === 0 || value === null || typeof value !== "object") return value;
    return Array.isArray(value) ? value.map((item) => trimToFields(item, children)) : trimToFields(value, children);
  };
  if (Array.isArray(payload)) return payload.map((item) => trimToFields(item, fields));
  if (payload === null || typeof payload !== "object") return payload;
  const out: Record<string, unknown> = {};
  for (const [key, children] of tree) {
    if (Object.hasOwn(payload, key)) out[key] = trim((payload as Record<string, unknown>)[key], children);
  }
  return out;
}

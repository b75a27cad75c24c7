import { z } from "zod";

// Input schemas for what Shopify sends (REST webhook shapes). Lenient on purpose: any
// field Shopify may omit, null or reshape is optional and falls back to "absent" when it
// has an unexpected type, so one odd field never costs a merchant a conversion. Only the
// identifier we cannot work without is required, with a message the webhook log can show.

/** Turns a wrongly typed optional field into "absent" instead of failing the payload. */
const optional = <T extends z.ZodType>(schema: T) => schema.nullish().catch(undefined);

const text = optional(z.string());
const flag = optional(z.boolean());
/** Shopify ids: numbers in REST payloads, sometimes strings (gids, large ids). */
const idLike = optional(z.union([z.number(), z.string()]));
/** Money: decimal strings; numbers tolerated (converted exactly as given). */
const amount = optional(z.union([z.string(), z.number()]));

const moneySchema = z.looseObject({ amount, currency_code: text });
const moneySetSchema = optional(z.looseObject({ shop_money: optional(moneySchema), presentment_money: optional(moneySchema) }));

export const addressSchema = z.looseObject({
  first_name: text,
  last_name: text,
  address1: text,
  address2: text,
  city: text,
  province: text,
  province_code: text,
  zip: text,
  country: text,
  country_code: text,
  phone: text,
});
export type ShopifyAddress = z.infer<typeof addressSchema>;

const customerSchema = z.looseObject({
  id: idLike,
  email: text,
  phone: text,
  first_name: text,
  last_name: text,
  default_address: optional(addressSchema),
});

export const lineItemSchema = z.looseObject({
  product_id: idLike,
  variant_id: idLike,
  sku: text,
  title: text,
  quantity: optional(z.number()),
  price: amount,
  price_set: moneySetSchema,
});
export type ShopifyLineItem = z.infer<typeof lineItemSchema>;

const taxLineSchema = z.looseObject({ price: amount, price_set: moneySetSchema });
const shippingLineSchema = z.looseObject({
  price: amount,
  price_set: moneySetSchema,
  tax_lines: optional(z.array(taxLineSchema)),
});

const noteAttributeSchema = z.looseObject({ name: z.unknown(), value: z.unknown() });

/** A list parsed item by item (an array of unknown, then a transform) names its item schema here (webhook-fields.ts reads it). */
export const itemSchemas = new WeakMap<object, z.ZodType>();

/** Line items one by one: a single malformed item is dropped, not the whole list. */
const lineItems = optional(z.array(z.unknown())).transform((items) =>
  (items ?? []).flatMap((item) => {
    const parsed = lineItemSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  }),
);
itemSchemas.set(lineItems, lineItemSchema);

/**
 * An order's line item also names its selling plan: `selling_plan_id`, in order webhooks
 * from API version 2026-10 (null when the item is not a subscription; docs/decisions/058).
 * Checkouts do not carry it, so only orders read it.
 */
export const orderLineItemSchema = lineItemSchema.extend({ selling_plan_id: idLike });
export type ShopifyOrderLineItem = z.infer<typeof orderLineItemSchema>;

const orderLineItems = optional(z.array(z.unknown())).transform((items) =>
  (items ?? []).flatMap((item) => {
    const parsed = orderLineItemSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  }),
);
itemSchemas.set(orderLineItems, orderLineItemSchema);

const sharedFields = {
  email: text,
  phone: text,
  created_at: text,
  currency: text,
  presentment_currency: text,
  subtotal_price: amount,
  total_price: amount,
  total_tax: amount,
  total_discounts: amount,
  taxes_included: flag,
  subtotal_price_set: moneySetSchema,
  total_price_set: moneySetSchema,
  total_tax_set: moneySetSchema,
  total_discounts_set: moneySetSchema,
  source_name: text,
  landing_site: text,
  referring_site: text,
  browser_ip: text,
  client_details: optional(z.looseObject({ browser_ip: text, user_agent: text, accept_language: text })),
  note_attributes: optional(z.array(noteAttributeSchema)),
  line_items: lineItems,
  shipping_lines: optional(z.array(shippingLineSchema)),
  customer: optional(customerSchema),
  billing_address: optional(addressSchema),
  shipping_address: optional(addressSchema),
};

export const orderPayloadSchema = z.looseObject({
  id: z.union([z.number(), z.string().trim().min(1, { error: "Order payload has an empty id: rejected: missing id." })], {
    error: "Order payload has no id: rejected: missing id.",
  }),
  admin_graphql_api_id: text,
  checkout_token: text,
  cart_token: text,
  name: text,
  contact_email: text,
  processed_at: text,
  cancelled_at: text,
  financial_status: text,
  // Read by the reconciliation (app/ingest/received-order.server.ts), not by the mapping.
  order_number: optional(z.number()),
  // Read by the reconciliation too: an order webhook older than the order's newest
  // orders/updated snapshot keeps the snapshot's total (docs/decisions/037).
  updated_at: text,
  test: flag,
  tags: text,
  total_shipping_price_set: moneySetSchema,
  ...sharedFields,
  line_items: orderLineItems,
});
export type OrderPayload = z.infer<typeof orderPayloadSchema>;

export const checkoutPayloadSchema = z.looseObject({
  token: z
    .string({ error: "Checkout payload has no token: rejected: missing id." })
    .trim()
    .min(1, { error: "Checkout payload has an empty token: rejected: missing id." }),
  id: idLike,
  cart_token: text,
  completed_at: text,
  total_shipping_price_set: moneySetSchema,
  ...sharedFields,
});
export type CheckoutPayload = z.infer<typeof checkoutPayloadSchema>;

// What Shopify really sends in an order or checkout webhook, read at run time from
// Shopify's own REST resource definitions (@shopify/shopify-api, rest/admin/2025-10), so
// a fixture or payload builder that invents a field is caught. Used by
// tests/fixtures/fixture-keys.test.ts.
//
// Which shapes are checked, and against what:
// - The order and the checkout themselves: every `public <field>:` of `Order`
//   (order.ts) / `AbandonedCheckout` (abandoned_checkout.ts), plus the few fields the
//   webhook reference's example payloads carry that the REST resource does not
//   (WEBHOOK_ONLY_FIELDS below, each named).
// - Nested objects typed as another resource class (`hasOne`/`hasMany`: `customer` ->
//   customer.ts, `fulfillments`, `refunds`): against that class's fields, recursively,
//   parsed the same way. `discount_codes` is the exception: the definition points at the
//   DiscountCode resource (a price rule's code: id, usage_count, ...), but inside an
//   order or checkout Shopify sends `{code, amount, type}` (webhook reference), so it is
//   checked against that.
// - Nested objects the definitions type only as `{[key: string]: unknown}` (line items,
//   addresses, client_details, money sets, shipping and tax lines, note attributes): the
//   definitions cannot tell us their keys, so they are checked against the shapes of the
//   webhook reference's example payloads (NESTED_SHAPES below). An object under any other
//   field fails with "no shape known", so nothing in a fixture goes unchecked.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// The version the app's webhooks are pinned to is newer (2026-10), but 2025-10 is the
// newest REST definition set @shopify/shopify-api 13 ships; REST resources are frozen.
const REST_DIR = fileURLToPath(new URL("../../node_modules/@shopify/shopify-api/rest/admin/2025-10", import.meta.url));

export type Resource = { name: string; fields: Set<string>; classFields: Map<string, string> };

const cache = new Map<string, Resource>();

/** Parses a resource definition file: its public instance fields and which are resource classes. */
export function readResource(file: string): Resource {
  const cached = cache.get(file);
  if (cached) return cached;
  const source = readFileSync(join(REST_DIR, `${file}.ts`), "utf8");
  const name = /export class (\w+) extends Base/.exec(source)?.[1];
  if (!name) throw new Error(`${file}.ts: no resource class found (did @shopify/shopify-api change its layout?)`);
  const fields = new Set<string>();
  // Instance fields only: `public static ...` are class settings, `public async x(` methods.
  for (const match of source.matchAll(/^ {2}public (?!static\b|async\b)(\w+)\??:/gm)) fields.add(match[1]);
  if (fields.size === 0) throw new Error(`${file}.ts: no fields parsed`);
  const imports = new Map<string, string>();
  for (const match of source.matchAll(/^import \{(\w+)\} from '\.\/([\w_]+)';$/gm)) imports.set(match[1], match[2]);
  const classFields = new Map<string, string>();
  for (const block of source.matchAll(/static (?:hasOne|hasMany)[^=]*= \{([^}]*)\}/g)) {
    for (const entry of block[1].matchAll(/"(\w+)": (\w+)/g)) {
      const target = imports.get(entry[2]);
      if (target) classFields.set(entry[1], target);
    }
  }
  const resource = { name, fields, classFields };
  cache.set(file, resource);
  return resource;
}

/** Fields in the webhook reference's example payloads that the REST resource does not list. */
export const WEBHOOK_ONLY_FIELDS: Record<"order" | "abandoned_checkout" | "customer", string[]> = {
  // orders/create example payload (shopify.dev/docs/api/webhooks, topic orders/create).
  order: ["admin_graphql_api_id", "checkout_id", "contact_email", "current_shipping_price_set"],
  // checkouts/create example payload: cart attributes arrive as note_attributes.
  abandoned_checkout: ["note_attributes", "name", "source", "source_identifier", "source_url"],
  customer: ["admin_graphql_api_id"],
};

const MONEY_SET = ["shop_money", "presentment_money"];
const ADDRESS = [
  "first_name",
  "last_name",
  "name",
  "company",
  "address1",
  "address2",
  "city",
  "province",
  "province_code",
  "country",
  "country_code",
  "zip",
  "phone",
  "latitude",
  "longitude",
];
const TAX_LINE = ["price", "price_set", "rate", "title", "channel_liable", "source", "compare_at", "position", "zone"];

/**
 * Keys of the nested objects the definitions leave untyped, from the webhook reference's
 * orders/create and checkouts/create example payloads (union of both where a field exists
 * in both). Keyed by field name; `[]` means each element of an array.
 */
export const NESTED_SHAPES: Record<string, string[]> = {
  billing_address: ADDRESS,
  shipping_address: ADDRESS,
  // A customer's saved addresses also carry their ids and the country's display name.
  default_address: [...ADDRESS, "id", "customer_id", "country_name", "default"],
  addresses: [...ADDRESS, "id", "customer_id", "country_name", "default"],
  client_details: ["accept_language", "browser_height", "browser_ip", "browser_width", "session_hash", "user_agent"],
  line_items: [
    // orders/create
    "id",
    "admin_graphql_api_id",
    "attributed_staffs",
    "current_quantity",
    "fulfillable_quantity",
    "fulfillment_service",
    "fulfillment_status",
    "gift_card",
    "grams",
    "name",
    "price",
    "price_set",
    "product_exists",
    "product_id",
    "properties",
    "quantity",
    "requires_shipping",
    "sales_line_item_group_id",
    // From API version 2026-10 (changelog "Orders webhooks now include selling_plan_id on
    // line items"): null unless the item was bought on a selling plan.
    "selling_plan_id",
    "sku",
    "taxable",
    "title",
    "total_discount",
    "total_discount_set",
    "variant_id",
    "variant_inventory_management",
    "variant_title",
    "vendor",
    "tax_lines",
    "duties",
    "discount_allocations",
    // checkouts/create
    "applied_discounts",
    "key",
    "destination_location_id",
    "origin_location_id",
    "presentment_title",
    "presentment_variant_title",
    "variant_price",
    "compare_at_price",
    "line_price",
    "unit_price_measurement",
  ],
  shipping_lines: [
    "id",
    "carrier_identifier",
    "code",
    "current_discounted_price_set",
    "discounted_price",
    "discounted_price_set",
    "is_removed",
    "phone",
    "price",
    "price_set",
    "requested_fulfillment_service_id",
    "source",
    "title",
    "tax_lines",
    "discount_allocations",
    "original_shop_price",
    "presentment_title",
    "custom_tax_lines",
    "markup",
    "carrier_service_id",
    "api_client_id",
    "delivery_option_group",
    "delivery_expectation_range",
    "delivery_expectation_type",
    "applied_discounts",
    "validation_context",
  ],
  tax_lines: TAX_LINE,
  note_attributes: ["name", "value"],
  properties: ["name", "value"],
  discount_codes: ["code", "amount", "type"],
  discount_allocations: ["amount", "amount_set", "discount_application_index", "id", "description", "created_at", "application_type"],
  discount_applications: [
    "target_type",
    "type",
    "value",
    "value_type",
    "allocation_method",
    "target_selection",
    "code",
    "title",
    "description",
  ],
  email_marketing_consent: ["state", "opt_in_level", "consent_updated_at"],
  sms_marketing_consent: ["state", "opt_in_level", "consent_updated_at", "consent_collected_from"],
  shop_money: ["amount", "currency_code"],
  presentment_money: ["amount", "currency_code"],
  // refunds/create example payload: refund.ts types these as untyped objects.
  refund_line_items: [
    "id",
    "line_item_id",
    "location_id",
    "quantity",
    "restock_type",
    "subtotal",
    "subtotal_set",
    "total_tax",
    "total_tax_set",
    "line_item",
  ],
  order_adjustments: ["id", "order_id", "refund_id", "amount", "amount_set", "tax_amount", "tax_amount_set", "kind", "reason"],
  refund_shipping_lines: ["id", "shipping_line_id", "subtotal_amount_set", "shipping_line"],
};

function shapeOf(field: string): string[] | undefined {
  return field.endsWith("_set") ? MONEY_SET : NESTED_SHAPES[field];
}

/**
 * Every key path in `payload` that Shopify would not send. `root` is the resource file
 * the payload has the shape of: "order" or "abandoned_checkout".
 */
export function inventedKeys(payload: unknown, root: "order" | "abandoned_checkout" | "refund"): string[] {
  const problems: string[] = [];
  checkResource(payload, root, root, problems);
  return problems;
}

function checkResource(value: unknown, file: string, path: string, problems: string[]) {
  if (Array.isArray(value)) {
    value.forEach((item, i) => checkResource(item, file, `${path}[${i}]`, problems));
    return;
  }
  if (value === null || typeof value !== "object") return;
  const resource = readResource(file);
  const extra = WEBHOOK_ONLY_FIELDS[file as keyof typeof WEBHOOK_ONLY_FIELDS] ?? [];
  for (const [key, child] of Object.entries(value)) {
    const at = `${path}.${key}`;
    if (!resource.fields.has(key) && !extra.includes(key)) {
      problems.push(`${at}: not a field of ${resource.name} (${file}.ts) nor of the webhook payload`);
      continue;
    }
    const target = resource.classFields.get(key);
    if (target && key !== "discount_codes") checkResource(child, target, at, problems);
    else checkNested(child, key, at, problems);
  }
}

function checkNested(value: unknown, field: string, path: string, problems: string[]) {
  if (Array.isArray(value)) {
    value.forEach((item, i) => checkNested(item, field, `${path}[${i}]`, problems));
    return;
  }
  if (value === null || typeof value !== "object") return;
  const shape = shapeOf(field);
  if (!shape) {
    problems.push(`${path}: an object where no shape is known (add the webhook reference's shape to NESTED_SHAPES)`);
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    if (!shape.includes(key)) problems.push(`${path}.${key}: not in Shopify's ${field} shape`);
    else checkNested(child, key, `${path}.${key}`, problems);
  }
}

// Order edits: no REST resource exists (order editing is GraphQL only), so an orders/edited
// payload is checked against the webhook reference's example payload.
/** orders/edited example payload (shopify.dev webhook reference; committed_at since 2024-07). */
export const ORDER_EDIT_SHAPE: Record<string, string[]> = {
  "": ["order_edit"],
  order_edit: [
    "id",
    "app_id",
    "created_at",
    "committed_at",
    "notify_customer",
    "order_id",
    "staff_note",
    "user_id",
    "line_items",
    "discounts",
    "shipping_lines",
  ],
  "order_edit.line_items": ["additions", "removals"],
  "order_edit.line_items.additions": ["id", "delta"],
  "order_edit.line_items.removals": ["id", "delta"],
  "order_edit.discounts": ["line_item"],
  "order_edit.discounts.line_item": ["additions", "removals"],
  "order_edit.shipping_lines": ["additions", "removals"],
};

/** Every key path in an orders/edited payload that the webhook reference's example does not have. */
export function inventedOrderEditKeys(payload: unknown): string[] {
  const problems: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) return value.forEach((item) => walk(item, path));
    if (value === null || typeof value !== "object") return;
    const shape = ORDER_EDIT_SHAPE[path];
    if (!shape) return problems.push(`${path}: an object where the orders/edited example has none`);
    for (const [key, child] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (!shape.includes(key)) problems.push(`${at}: not in the orders/edited payload`);
      else walk(child, at);
    }
  };
  walk(payload, "");
  return problems;
}

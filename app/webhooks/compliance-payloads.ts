import { z } from "zod";

// Shopify's mandatory privacy webhooks (customers/data_request, customers/redact,
// shop/redact), parsed like every other webhook. Lenient where Shopify may add fields,
// strict on the ids Tandem uses. Each carries `shop_domain`, which must name the same
// shop as the X-Shopify-Shop-Domain header (a cheap cross-check: Shopify signs the body,
// not the headers).

/** Shopify sends numeric ids; a string of digits is accepted, nothing else (no objects, no text). */
const shopifyId = z.union([z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER), z.string().regex(/^\d{1,20}$/)]).transform(String);

const shopFields = { shop_id: shopifyId.nullish(), shop_domain: z.string().max(255) };

export const dataRequestPayloadSchema = z.looseObject({
  ...shopFields,
  customer: z.looseObject({ id: shopifyId.nullish() }).nullish(),
  orders_requested: z.array(shopifyId).nullish(),
  data_request: z.looseObject({ id: shopifyId }),
});

/** Up to 100,000 orders: far above any real customer, bounded so one request cannot ask for unbounded work. */
export const customersRedactPayloadSchema = z.looseObject({
  ...shopFields,
  customer: z.looseObject({ id: shopifyId.nullish() }).nullish(),
  orders_to_redact: z.array(shopifyId).max(100_000).nullish(),
});

export const shopRedactPayloadSchema = z.looseObject(shopFields);

export type CompliancePayloadCheck<T> = { ok: true; data: T } | { ok: false; status: 400 | 422; message: string };

/** Parses a compliance payload and cross-checks its shop against the header's. */
export function parseCompliancePayload<T extends { shop_domain: string }>(
  schema: z.ZodType<T>,
  payload: unknown,
  headerShop: string,
): CompliancePayloadCheck<T> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    // Paths and expectations only, never the values sent.
    const detail = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`)
      .join("; ");
    return { ok: false, status: 422, message: `Unexpected payload: ${detail}`.slice(0, 300) };
  }
  if (parsed.data.shop_domain !== headerShop)
    return { ok: false, status: 400, message: "The payload's shop_domain does not match X-Shopify-Shop-Domain." };
  return { ok: true, data: parsed.data };
}

/** app/uninstalled carries the shop resource; when it names its myshopify domain, that must be the header's shop. */
export const appUninstalledPayloadSchema = z.looseObject({ myshopify_domain: z.string().max(255).nullish() });

export function checkUninstalledPayload(payload: unknown, headerShop: string): CompliancePayloadCheck<unknown> {
  const parsed = appUninstalledPayloadSchema.safeParse(payload);
  if (!parsed.success) return { ok: false, status: 422, message: "Unexpected payload: the shop resource must be a JSON object." };
  const named = parsed.data.myshopify_domain;
  if (named && named !== headerShop)
    return { ok: false, status: 400, message: "The payload's myshopify_domain does not match X-Shopify-Shop-Domain." };
  return { ok: true, data: parsed.data };
}

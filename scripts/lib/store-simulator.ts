/**
 * Realistic Shopify order and checkout payloads with current timestamps, for the
 * pipeline tests, the demo and the benchmark. (The domain's fixed fixtures live in
 * tests/fixtures/shopify/; these are generated so event times stay inside Meta's window.)
 */
export type OrderOptions = {
  id: number | string;
  financialStatus?: string;
  country?: string;
  province?: string;
  consent?: string | null;
  test?: boolean;
  sourceName?: string;
  currency?: string;
  lines?: number;
  processedAt?: Date;
  email?: string;
  phone?: string;
  firstName?: string;
  lastName?: string;
  customerId?: number | null;
  checkoutToken?: string;
  fbclid?: string;
  /** An order edited after checkout: lines added (after the usual ones), the first lines removed. */
  addedLines?: Array<{ price: string; quantity: number }>;
  removedLines?: number;
  /** Shopify's updated_at (orders/updated). */
  updatedAt?: Date;
  /**
   * A subscription bought through the checkout: the first line carries this selling plan
   * and every line carries `selling_plan_id` (null for one-off items), as order webhooks
   * of API version 2026-10 do. Left out, the lines have no such key.
   */
  sellingPlanId?: number | null;
};

const CITIES: Record<string, { city: string; zip: string; phone: string; province: string }> = {
  US: { city: "Menlo Park", zip: "94025-1234", phone: "(650) 555-1212", province: "CA" },
  DE: { city: "München", zip: "80331", phone: "089 1234567", province: "BY" },
  FR: { city: "Paris", zip: "75002", phone: "01 42 68 53 00", province: "" },
  GB: { city: "London", zip: "SW1A 1AA", phone: "020 7946 0958", province: "" },
  CA: { city: "Toronto", zip: "M5V 3L9", phone: "(416) 555-0199", province: "ON" },
};

export function makeOrder(options: OrderOptions) {
  const country = options.country ?? "US";
  const place = CITIES[country] ?? CITIES.US;
  const currency = options.currency ?? (country === "US" ? "USD" : country === "GB" ? "GBP" : country === "CA" ? "CAD" : "EUR");
  const processedAt = (options.processedAt ?? new Date()).toISOString();
  const lines = Array.from({ length: options.lines ?? 2 }, (_, i) => ({
    id: 1000 + i,
    product_id: 7000000000 + i,
    variant_id: 44000000000 + i,
    sku: `SKU-${i}`,
    title: `Product ${i}`,
    quantity: 1 + (i % 3),
    price: `${19 + i}.99`,
    ...(options.sellingPlanId !== undefined ? { selling_plan_id: i === 0 ? options.sellingPlanId : null } : {}),
  }))
    .slice(options.removedLines ?? 0)
    .concat(
      (options.addedLines ?? []).map((line, i) => ({
        id: 2000 + i,
        product_id: 7100000000 + i,
        variant_id: 45000000000 + i,
        sku: `UPSELL-${i}`,
        title: `Upsell ${i}`,
        quantity: line.quantity,
        price: line.price,
      })),
    );
  const subtotal = lines.reduce((sum, line) => sum + Math.round(Number(line.price) * 100) * line.quantity, 0);
  const money = (cents: number) => (cents / 100).toFixed(2);
  const set = (cents: number) => ({
    shop_money: { amount: money(cents), currency_code: currency },
    presentment_money: { amount: money(cents), currency_code: currency },
  });
  const address = {
    first_name: options.firstName ?? "Jane",
    last_name: options.lastName ?? "Doe",
    address1: "1 Hacker Way",
    city: place.city,
    province_code: options.province ?? place.province,
    zip: place.zip,
    country_code: country,
    phone: options.phone ?? place.phone,
  };
  const attributes = [
    ...(options.consent ? [{ name: "_tandem_consent", value: options.consent }] : []),
    ...(options.consent?.startsWith("m1")
      ? [{ name: "_fbp", value: `fb.1.${Date.now() - 60_000}.${1_000_000_000 + Number(String(options.id).slice(-6))}` }]
      : []),
  ];
  return {
    id: options.id,
    admin_graphql_api_id: `gid://shopify/Order/${options.id}`,
    name: `#${String(options.id).slice(-4)}`,
    email: options.email ?? "jane.doe@example.com",
    phone: null,
    created_at: processedAt,
    processed_at: processedAt,
    ...(options.updatedAt ? { updated_at: options.updatedAt.toISOString() } : {}),
    currency,
    presentment_currency: currency,
    subtotal_price: money(subtotal),
    subtotal_price_set: set(subtotal),
    total_discounts: "0.00",
    total_tax: money(Math.round(subtotal * 0.08)),
    total_tax_set: set(Math.round(subtotal * 0.08)),
    total_shipping_price_set: set(599),
    total_price: money(subtotal + 599 + Math.round(subtotal * 0.08)),
    financial_status: options.financialStatus ?? "paid",
    test: options.test ?? false,
    source_name: options.sourceName ?? "web",
    checkout_token: options.checkoutToken ?? `tok${options.id}`,
    browser_ip: "8.8.8.8",
    client_details: {
      browser_ip: "8.8.8.8",
      user_agent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 Safari/605.1.15",
      accept_language: "en",
    },
    landing_site: options.fbclid ? `/products/tee?fbclid=${options.fbclid}` : "/",
    note_attributes: attributes,
    tags: "",
    line_items: lines,
    customer:
      options.customerId === null
        ? null
        : {
            id: options.customerId ?? 600000 + Number(String(options.id).slice(-5)),
            email: options.email ?? "jane.doe@example.com",
            first_name: address.first_name,
            last_name: address.last_name,
          },
    billing_address: address,
    shipping_address: address,
  };
}

/**
 * The fields of Shopify's checkout resource (node_modules/@shopify/shopify-api/rest/admin/
 * 2025-10/abandoned_checkout.ts), which is the checkouts/create webhook's shape, plus the
 * note attributes the theme embed writes into the cart. NO client_details, browser_ip or
 * user agent: Shopify does not send them with a checkout; the web pixel's receipt does.
 */
const CHECKOUT_FIELDS = [
  "abandoned_checkout_url",
  "billing_address",
  "buyer_accepts_marketing",
  "buyer_accepts_sms_marketing",
  "cart_token",
  "closed_at",
  "completed_at",
  "created_at",
  "currency",
  "customer",
  "customer_locale",
  "device_id",
  "discount_codes",
  "email",
  "gateway",
  "id",
  "landing_site",
  "line_items",
  "location_id",
  "note",
  "phone",
  "presentment_currency",
  "referring_site",
  "shipping_address",
  "shipping_lines",
  "sms_marketing_phone",
  "source_name",
  "subtotal_price",
  "tax_lines",
  "taxes_included",
  "token",
  "total_discounts",
  "total_duties",
  "total_line_items_price",
  "total_price",
  "total_tax",
  "total_weight",
  "updated_at",
  "user_id",
  "note_attributes",
] as const;

export function makeCheckout(options: { token: string; country?: string; consent?: string | null; createdAt?: Date }) {
  const order: Record<string, unknown> = makeOrder({
    id: 1,
    country: options.country,
    consent: options.consent,
    processedAt: options.createdAt,
  });
  const checkout: Record<string, unknown> = Object.fromEntries(
    CHECKOUT_FIELDS.filter((field) => field in order).map((field) => [field, order[field]]),
  );
  return {
    ...checkout,
    id: Number.parseInt(options.token.replace(/\D/g, "").slice(0, 12) || "1", 10),
    token: options.token,
    cart_token: `cart-${options.token}`,
  };
}
/** refunds/create as Shopify sends it (refund.ts fields): `amount` returned by one successful refund transaction. */
export function makeRefund(options: { id: number; orderId: number; amount: string; currency?: string; at?: Date }) {
  const at = (options.at ?? new Date()).toISOString();
  const currency = options.currency ?? "USD";
  const money = {
    shop_money: { amount: options.amount, currency_code: currency },
    presentment_money: { amount: options.amount, currency_code: currency },
  };
  return {
    id: options.id,
    order_id: options.orderId,
    created_at: at,
    processed_at: at,
    note: null,
    restock: false,
    user_id: null,
    refund_line_items: [
      {
        id: options.id + 1,
        line_item_id: 1000,
        location_id: null,
        quantity: 1,
        restock_type: "no_restock",
        subtotal: options.amount,
        subtotal_set: money,
        total_tax: "0.00",
        total_tax_set: {
          shop_money: { amount: "0.00", currency_code: currency },
          presentment_money: { amount: "0.00", currency_code: currency },
        },
      },
    ],
    transactions: [
      {
        id: options.id + 2,
        order_id: options.orderId,
        kind: "refund",
        gateway: "shopify_payments",
        status: "success",
        message: null,
        created_at: at,
        processed_at: at,
        test: false,
        authorization: null,
        parent_id: null,
        source_name: "web",
        amount: options.amount,
        currency,
      },
    ],
    order_adjustments: [],
    duties: [],
    refund_shipping_lines: [],
  };
}

/** orders/edited as the webhook reference shows it: quantity deltas per line item, no money. */
export function makeOrderEdit(options: { id: number; orderId: number; added?: number; removed?: number; at?: Date }) {
  const at = (options.at ?? new Date()).toISOString();
  return {
    order_edit: {
      id: options.id,
      app_id: null,
      created_at: at,
      committed_at: at,
      notify_customer: false,
      order_id: options.orderId,
      staff_note: "",
      user_id: null,
      line_items: {
        additions: options.added ? [{ id: options.id + 1, delta: options.added }] : [],
        removals: options.removed ? [{ id: 1000, delta: options.removed }] : [],
      },
      discounts: { line_item: { additions: [], removals: [] } },
      shipping_lines: { additions: [], removals: [] },
    },
  };
}

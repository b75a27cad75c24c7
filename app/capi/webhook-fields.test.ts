import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { includeFieldsOf, includeFieldsOfTopic, INGEST_PAYLOAD_SCHEMAS, trimToFields } from "./webhook-fields";
import { orderPayloadSchema } from "./shopify-payloads";

type Subscription = { topics: string[]; includeFields: string[] | null };

/** The [[webhooks.subscriptions]] of shopify.app.toml: their topics and include_fields (arrays of double-quoted strings). */
function subscriptions(): Subscription[] {
  const toml = readFileSync(new URL("../../shopify.app.toml", import.meta.url), "utf8");
  const array = (block: string, key: string): string[] | null => {
    const match = new RegExp(`^\\s*${key}\\s*=\\s*(\\[[^\\]]*\\])`, "m").exec(block);
    if (!match) return null;
    const json = match[1].replace(/#[^\n]*/g, "").replace(/,\s*\]/, "]");
    return JSON.parse(json) as string[];
  };
  return toml
    .split("[[webhooks.subscriptions]]")
    .slice(1)
    .map((block) => ({ topics: array(block, "topics") ?? [], includeFields: array(block, "include_fields") }));
}

describe("include_fields per webhook topic", () => {
  const subscribed = subscriptions().flatMap((subscription) =>
    subscription.topics.map((topic) => ({ topic, includeFields: subscription.includeFields })),
  );
  const mapped = subscribed.filter(({ topic }) => topic !== "app/uninstalled");

  it("GIVEN every topic shopify.app.toml subscribes to for events WHEN its schema is known THEN include_fields lists exactly the schema's fields", () => {
    expect(mapped.length).toBeGreaterThan(0);
    for (const { topic, includeFields } of mapped) {
      const schema = Object.hasOwn(INGEST_PAYLOAD_SCHEMAS, topic) ? INGEST_PAYLOAD_SCHEMAS[topic] : undefined;
      expect(
        schema,
        `${topic} is subscribed but has no payload schema in INGEST_PAYLOAD_SCHEMAS (app/capi/webhook-fields.ts)`,
      ).toBeDefined();
      expect(includeFields, `${topic}: include_fields in shopify.app.toml`).toEqual(includeFieldsOfTopic(schema!));
    }
  });

  it("GIVEN the payload schemas WHEN listed THEN each is subscribed to", () => {
    expect(Object.keys(INGEST_PAYLOAD_SCHEMAS).filter((topic) => !mapped.some((entry) => entry.topic === topic))).toEqual([]);
  });

  it("GIVEN the order schema THEN its list holds the identifiers and a line item's nested fields, and no field it does not name", () => {
    const fields = includeFieldsOf(orderPayloadSchema);
    expect(fields).toEqual(
      expect.arrayContaining([
        "id",
        "order_number",
        "line_items.price_set.shop_money.amount",
        "customer.default_address.zip",
        "note_attributes.value",
      ]),
    );
    expect(fields).not.toContain("line_items");
    expect(fields).not.toContain("fulfillments");
  });

  it("GIVEN a payload WHEN trimmed to a list THEN only those fields remain, in arrays item by item", () => {
    const payload = {
      id: 1,
      note: "gift",
      line_items: [{ price: "1.00", name: "Tee", price_set: { shop_money: { amount: "1.00" } } }, { price: "2.00" }],
      customer: null,
    };
    expect(trimToFields(payload, ["id", "line_items.price", "line_items.price_set.shop_money.amount", "customer.email"])).toEqual({
      id: 1,
      line_items: [{ price: "1.00", price_set: { shop_money: { amount: "1.00" } } }, { price: "2.00" }],
      customer: null,
    });
  });
});

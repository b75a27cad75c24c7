import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { CapiEvent } from "./capi-event";
import { editEventId, mapEditEvent, toOrderSnapshot, valueEdits } from "./order-edit-value";
import { shopSettingsSchema } from "./settings";

const fixture = (path: string) => JSON.parse(readFileSync(new URL(`../../tests/fixtures/shopify/${path}`, import.meta.url), "utf8"));
const now = new Date("2026-12-01T12:00:00Z");
const withTax = shopSettingsSchema.parse({ value: { includeTax: true } });
const at = (minute: number) => new Date(`2026-12-01T10:${String(minute).padStart(2, "0")}:00Z`);

describe("orders/updated -> the order's worth now", () => {
  it("GIVEN Shopify's order with updated_at THEN its value by the shop's rule, Shopify's total and the time", () => {
    const order = { ...fixture("orders/logged-in-customer.json"), updated_at: "2026-12-01T10:05:00Z" };
    expect(toOrderSnapshot(order, { settings: withTax, now })).toEqual({
      ok: true,
      snapshot: { orderId: String(order.id), updatedAt: at(5), value: "94.50", currency: "GBP", totalPrice: "99.49" },
    });
    // The default rule leaves tax-inclusive prices' item tax out, as the Purchase did.
    const plain = toOrderSnapshot(order, { settings: shopSettingsSchema.parse({}), now });
    expect(plain).toMatchObject({ ok: true, snapshot: { value: "78.75" } });
  });

  it("GIVEN no updated_at, or no order id THEN the arrival time; refused with the field named", () => {
    const order = fixture("orders/logged-in-customer.json");
    expect(toOrderSnapshot(order, { settings: withTax, now })).toMatchObject({ ok: true, snapshot: { updatedAt: now } });
    const refused = toOrderSnapshot({ ...order, id: undefined }, { settings: withTax, now });
    expect(refused).toEqual({ ok: false, error: expect.stringContaining("id") });
    expect(JSON.stringify(refused)).not.toContain(order.email);
  });
});

describe("valuing edits: once, never negative", () => {
  const purchase = { value: 50, currency: "USD" };
  const snapshot = (value: string, minute: number) => ({ value, currency: "USD", updatedAt: at(minute) });

  it("GIVEN an upsell of 15.00 and a snapshot after it THEN the edit adds 15.00", () => {
    const edits = [{ sourceId: "1", occurredAt: at(1), amount: null }];
    expect(valueEdits({ edits, snapshot: snapshot("65.00", 2), purchase })).toEqual([{ sourceId: "1", amount: "15.00" }]);
  });

  it("GIVEN the snapshot is older than the edit, or missing, or in another currency THEN nothing is valued yet", () => {
    const edits = [{ sourceId: "1", occurredAt: at(3), amount: null }];
    expect(valueEdits({ edits, snapshot: snapshot("65.00", 2), purchase })).toBeNull();
    expect(valueEdits({ edits, snapshot: null, purchase })).toBeNull();
    expect(valueEdits({ edits, snapshot: { ...snapshot("65.00", 4), currency: "EUR" }, purchase })).toBeNull();
    expect(valueEdits({ edits, snapshot: snapshot("65.00", 4), purchase: null })).toBeNull();
  });

  it("GIVEN an edit already valued THEN a second edit adds only what is new; a removal adds nothing", () => {
    const first = { sourceId: "1", occurredAt: at(1), amount: "15.00" };
    expect(
      valueEdits({ edits: [first, { sourceId: "2", occurredAt: at(5), amount: null }], snapshot: snapshot("70.00", 6), purchase }),
    ).toEqual([{ sourceId: "2", amount: "5.00" }]);
    expect(
      valueEdits({ edits: [first, { sourceId: "3", occurredAt: at(5), amount: null }], snapshot: snapshot("40.00", 6), purchase }),
    ).toEqual([{ sourceId: "3", amount: "0.00" }]);
    // Nothing open: nothing to do, however often the order is updated.
    expect(valueEdits({ edits: [first], snapshot: snapshot("90.00", 9), purchase })).toBeNull();
  });

  it("GIVEN two edits covered by one snapshot THEN the increase goes to the newest, once", () => {
    const edits = [
      { sourceId: "2", occurredAt: at(4), amount: null },
      { sourceId: "1", occurredAt: at(1), amount: null },
    ];
    expect(valueEdits({ edits, snapshot: snapshot("80.00", 5), purchase })).toEqual([
      { sourceId: "1", amount: "0.00" },
      { sourceId: "2", amount: "30.00" },
    ]);
  });
});

describe("the edit's event", () => {
  const purchase: CapiEvent = {
    event_name: "Purchase",
    event_time: 1,
    event_id: "purchase_42",
    action_source: "website",
    user_data: { em: ["a".repeat(64)], client_ip_address: "8.8.8.8", client_user_agent: "UA", fbp: "fb.1.1.1" },
    custom_data: { value: 50, currency: "USD", order_id: "42" },
  };
  const base = { editId: "901", orderId: "42", amount: "15.00", currency: "USD", occurredAt: at(1), purchase, isTest: false, now };

  it("GIVEN the custom mode THEN OrderEdited with its own id, a positive value, the order id, no browser IP or user agent", () => {
    const mapped = mapEditEvent({ ...base, mode: "custom" });
    expect(mapped).toMatchObject({ kind: "event", eventName: "OrderEdited", eventId: "edit_901" });
    if (mapped.kind !== "event") throw new Error("not an event");
    expect(mapped.event).toEqual({
      event_name: "OrderEdited",
      event_time: Math.floor(at(1).getTime() / 1000),
      event_id: "edit_901",
      action_source: "system_generated",
      user_data: { em: ["a".repeat(64)], fbp: "fb.1.1.1" },
      custom_data: { value: 15, currency: "USD", order_id: "42" },
    });
  });

  it("GIVEN the purchase mode THEN a Purchase whose id is the edit's, never the order's", () => {
    const mapped = mapEditEvent({ ...base, mode: "purchase" });
    expect(mapped).toMatchObject({ kind: "event", eventName: "Purchase", eventId: "edit_901" });
    expect(editEventId("901")).not.toBe("purchase_42");
  });

  it("GIVEN off, nothing added, or a bad id THEN skipped with the reason", () => {
    expect(mapEditEvent({ ...base, mode: "off" })).toMatchObject({ kind: "skipped", reason: "event_disabled" });
    expect(mapEditEvent({ ...base, mode: "custom", amount: "0.00" })).toMatchObject({ kind: "skipped", reason: "zero_value" });
    expect(mapEditEvent({ ...base, mode: "custom", editId: "gid://x" })).toMatchObject({ kind: "skipped", reason: "no_event_id" });
  });
});

import { describe, expect, it } from "vitest";
import { mapCancellationEvent } from "./lifecycle-events";
import { orderPayloadSchema } from "./shopify-payloads";
import { loadFixture, testContext } from "./test-fixtures";

// The opt-in OrderCancelled event is built from the cancelled order: what it says about the
// values it left out names the order as their source, as a Purchase's notes do.

describe("OrderCancelled", () => {
  it("GIVEN a cancelled order with a private browser IP WHEN mapped THEN the note names the order as the value's source", () => {
    const raw = loadFixture("orders/cancelled-and-refunded.json");
    const order = orderPayloadSchema.parse({
      ...raw,
      browser_ip: "10.0.0.5",
      client_details: { ...(raw.client_details as object), browser_ip: "10.0.0.5" },
    });
    const result = mapCancellationEvent(order, testContext({ events: { orderCancelled: true } }, new Date(String(raw.cancelled_at))));
    expect(result.kind).toBe("event");
    expect(result.kind === "event" && result.event.event_name).toBe("OrderCancelled");
    expect(result.kind === "event" && result.keyNotes).toContainEqual({ key: "client_ip_address", from: "order", reason: "private" });
    expect(result.kind === "event" && result.keyNotes?.every((note) => note.from === "order")).toBe(true);
  });
});

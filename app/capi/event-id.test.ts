import { describe, expect, it } from "vitest";
import vectors from "./event-id-vectors.json";
import { addPaymentInfoEventId, eventIdFor, type EventIdSource, initiateCheckoutEventId, purchaseEventId } from "./event-id";

describe("event ids: the shared vector file", () => {
  it("GIVEN the contract file WHEN it is loaded THEN it holds vectors for every deduplicated event", () => {
    const names = new Set(vectors.vectors.map((v) => v.event_name));
    expect([...names].sort()).toEqual(["AddPaymentInfo", "InitiateCheckout", "Purchase"]);
  });

  for (const vector of vectors.vectors) {
    it(`GIVEN ${vector.event_name} from ${vector.source} with ${JSON.stringify(vector.input)} WHEN the id is derived THEN it is ${vector.event_id}`, () => {
      // Vectors hold hostile inputs (a numeric token) the type forbids: the rule must hold anyway.
      expect(eventIdFor(vector.event_name, vector.input as EventIdSource)).toBe(vector.event_id);
    });
  }
});

describe("event ids: rules beyond the vectors", () => {
  it("GIVEN an order id above 2^53 as a string WHEN derived THEN every digit survives", () => {
    expect(purchaseEventId("12345678901234567890")).toBe("purchase_12345678901234567890");
  });

  it("GIVEN an unsafe JS number WHEN derived THEN no id is made (digits already lost)", () => {
    expect(purchaseEventId(2 ** 53 + 2)).toBeNull();
  });

  it("GIVEN zero, negatives, fractions or other gids WHEN derived THEN no id is made", () => {
    expect(purchaseEventId(0)).toBeNull();
    expect(purchaseEventId(-5)).toBeNull();
    expect(purchaseEventId(1.5)).toBeNull();
    expect(purchaseEventId("gid://shopify/Checkout/123")).toBeNull();
    expect(purchaseEventId("0")).toBeNull();
  });

  it("GIVEN leading zeros or a fragment WHEN derived THEN the id is canonical", () => {
    expect(purchaseEventId("00450789469")).toBe("purchase_450789469");
    expect(purchaseEventId("gid://shopify/Order/450789469#x")).toBe("purchase_450789469");
  });

  it("GIVEN a checkout token with inner whitespace or too long WHEN derived THEN no id is made", () => {
    expect(initiateCheckoutEventId("ab cd")).toBeNull();
    expect(addPaymentInfoEventId("x".repeat(200))).toBeNull();
  });

  it("GIVEN a browser-only event name WHEN asked THEN there is no shared id", () => {
    expect(eventIdFor("PageView", { order_id: 1 })).toBeNull();
  });
});

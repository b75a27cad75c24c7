import { describe, expect, it } from "vitest";
import { hasBrowserCopy } from "./meta-limits";

describe("which events a browser copy can exist for", () => {
  it("GIVEN the events the theme embed and web pixel fire, as website events THEN a browser copy can exist", () => {
    for (const name of ["Purchase", "InitiateCheckout", "AddPaymentInfo", "ViewContent", "AddToCart"]) {
      expect(hasBrowserCopy(name, "website")).toBe(true);
    }
  });

  it("GIVEN a Purchase of an order made without a browser (point of sale, draft order, an app) THEN none can", () => {
    for (const source of ["physical_store", "system_generated", "other", undefined]) expect(hasBrowserCopy("Purchase", source)).toBe(false);
  });

  it("GIVEN lifecycle and subscription events THEN none can, whatever their action source", () => {
    for (const name of ["OrderCancelled", "OrderRefunded", "OrderEdited", "RecurringPayment", "Subscribe"]) {
      expect(hasBrowserCopy(name, "website")).toBe(false);
      expect(hasBrowserCopy(name, "system_generated")).toBe(false);
    }
  });
});

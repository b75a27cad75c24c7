import { describe, expect, it } from "vitest";
import { shopSettingsSchema } from "~/capi";
import { toWebPixelSettings } from "~/shopify/storefront-config";

const settingsWith = (events: { purchase: boolean; initiateCheckout: boolean; addPaymentInfo: boolean }) =>
  toWebPixelSettings({
    settings: shopSettingsSchema.parse({ events }),
    pixelIds: ["111"],
    appUrl: "https://tandem.example.com/",
    shopKey: "k",
  });

describe("the web pixel's settings", () => {
  it.each([
    [{ purchase: true, initiateCheckout: true, addPaymentInfo: true }, "InitiateCheckout,AddPaymentInfo,Purchase"],
    [{ purchase: true, initiateCheckout: false, addPaymentInfo: false }, "Purchase"],
    [{ purchase: false, initiateCheckout: false, addPaymentInfo: false }, "none"],
  ])("GIVEN the shop's events %j THEN the pixel fires %s", (events, expected) => {
    expect(settingsWith(events).events).toBe(expected);
  });

  it("GIVEN an app URL with a trailing slash THEN the receipt URL has one slash", () => {
    expect(settingsWith({ purchase: true, initiateCheckout: true, addPaymentInfo: true }).receiptUrl).toBe(
      "https://tandem.example.com/pixel/events",
    );
  });
});

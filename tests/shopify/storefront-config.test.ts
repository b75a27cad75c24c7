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
    [{ purchase: true, initiateCheckout: true, addPaymentInfo: true }, "InitiateCheckout,AddPaymentInfo,Purchase,ViewContent,AddToCart"],
    [{ purchase: true, initiateCheckout: false, addPaymentInfo: false }, "Purchase,ViewContent,AddToCart"],
    // Never empty (which older pixels read as "all three"): the storefront events are always fired in the browser.
    [{ purchase: false, initiateCheckout: false, addPaymentInfo: false }, "ViewContent,AddToCart"],
  ])("GIVEN the shop's events %j THEN the pixel fires %s", (events, expected) => {
    expect(settingsWith(events).events).toBe(expected);
  });

  it("GIVEN the merchant's server-copy choices THEN the pixel asks the server for those copies only (undecided is no)", () => {
    const pixel = (serverCopies: Record<string, string>) =>
      toWebPixelSettings({
        settings: shopSettingsSchema.parse({ serverCopies }),
        pixelIds: ["1"],
        appUrl: "https://t.example",
        shopKey: "k",
      });
    expect(pixel({}).serverCopies).toBe("");
    expect(pixel({ addToCart: "on", viewContent: "off" }).serverCopies).toBe("AddToCart");
    expect(pixel({ addToCart: "on", viewContent: "on" }).serverCopies).toBe("ViewContent,AddToCart");
  });

  it("GIVEN an app URL with a trailing slash THEN the receipt URL has one slash", () => {
    expect(settingsWith({ purchase: true, initiateCheckout: true, addPaymentInfo: true }).receiptUrl).toBe(
      "https://tandem.example.com/pixel/events",
    );
  });
});

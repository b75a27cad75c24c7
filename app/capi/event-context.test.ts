import { describe, expect, it } from "vitest";
import { eventSourceUrl, fbcFromLandingSite, landingSiteProblem, shopBaseUrl } from "./event-context";

describe("the landing page's fbclid", () => {
  it.each([
    ["/products/x?fbclid=IwAR_abc-1", "fb.1.1000.IwAR_abc-1"],
    ["/products/x?fbcl%69d=IwAR_abc-1", "fb.1.1000.IwAR_abc-1"],
    ["/products/x?utm_source=fb", null],
    ["/", null],
    ["", null],
    [null, null],
  ])("GIVEN landing_site %j THEN fbc is %j", (landingSite, fbc) => {
    expect(fbcFromLandingSite(landingSite, 1000)).toBe(fbc);
  });
});

describe("the shop's base URL, kept per shop", () => {
  it("GIVEN the same domain with another primary URL THEN each answer is its own", () => {
    const domain = "base-url.myshopify.com";
    expect(shopBaseUrl({ domain })).toBe("https://base-url.myshopify.com/");
    expect(shopBaseUrl({ domain, primaryUrl: "https://www.example.com/shop" })).toBe("https://www.example.com/");
    expect(shopBaseUrl({ domain, primaryUrl: "ftp://example.com" })).toBe("https://base-url.myshopify.com/");
    expect(shopBaseUrl({ domain })).toBe("https://base-url.myshopify.com/");
  });

  it("GIVEN an over-long landing page THEN it is too long, and a short one is sent", () => {
    const shop = { domain: "base-url.myshopify.com" };
    expect(landingSiteProblem(`/p?utm_source=${"x".repeat(2100)}`, shop)).toBe("too_long");
    expect(landingSiteProblem("/p?utm_source=x", shop)).toBeNull();
    expect(eventSourceUrl("/p?utm_source=x&email=a", shop)).toBe("https://base-url.myshopify.com/p?utm_source=x");
  });
});

import { describe, expect, it } from "vitest";
import { buildUserData, buyerAddress } from "./user-data";
import { DEFAULT_SHOP_SETTINGS } from "./settings";
import { h } from "./test-fixtures";

const ALL_KEYS = DEFAULT_SHOP_SETTINGS.matchKeys;
const NO_COOKIES = { fbp: null, fbc: null };

describe("buildUserData", () => {
  it("GIVEN a Canadian billing address WHEN built THEN postcode in both forms and province code", () => {
    const userData = buildUserData(
      { billing_address: { city: "Montréal", province_code: "QC", zip: "H2X 1Y4", country_code: "CA", phone: "(514) 555-0199" } },
      NO_COOKIES,
      ALL_KEYS,
    );
    expect(userData).toStrictEqual({
      ph: [h("15145550199")],
      ct: [h("montréal"), h("montral")],
      st: [h("qc")],
      zp: [h("h2x1y4"), h("h2x 1y4")],
      country: [h("ca")],
    });
  });

  it("GIVEN already-hashed email and phone WHEN built THEN they are passed through lowercased", () => {
    const email = h("pre@hashed.example");
    const phone = h("447911123456");
    const userData = buildUserData({ email: email.toUpperCase(), phone }, NO_COOKIES, ALL_KEYS);
    expect(userData).toStrictEqual({ em: [email], ph: [phone] });
  });

  it("GIVEN several emails and names WHEN built THEN distinct hashes, duplicates once", () => {
    const userData = buildUserData(
      {
        email: "A@x.io",
        contact_email: "a@x.io ",
        customer: { id: "gid://shopify/Customer/42", email: "b@x.io", first_name: "Ann" },
        billing_address: { first_name: "ANN", last_name: "Lee" },
      },
      NO_COOKIES,
      ALL_KEYS,
    );
    expect(userData).toStrictEqual({
      em: [h("a@x.io"), h("b@x.io")],
      fn: [h("ann")],
      ln: [h("lee")],
      external_id: [h("42")],
    });
  });

  it("GIVEN a phone without an address country and without + WHEN built THEN dropped, not guessed", () => {
    expect(buildUserData({ phone: "650 555 1212" }, NO_COOKIES, ALL_KEYS)).toStrictEqual({});
  });

  it("GIVEN empty strings and missing values everywhere WHEN built THEN an empty object (no empty-string hash)", () => {
    expect(
      buildUserData(
        {
          email: "",
          phone: " ",
          browser_ip: "",
          client_details: { user_agent: " " },
          customer: { first_name: "", last_name: null },
          billing_address: { city: "", zip: "", country_code: "" },
        },
        NO_COOKIES,
        ALL_KEYS,
      ),
    ).toStrictEqual({});
  });

  it("GIVEN an invalid browser_ip but a valid client_details IP WHEN built THEN the valid one", () => {
    expect(
      buildUserData({ browser_ip: "not-an-ip", client_details: { browser_ip: "208.67.222.222" } }, NO_COOKIES, ALL_KEYS),
    ).toStrictEqual({ client_ip_address: "208.67.222.222" });
  });

  it("GIVEN cookies WHEN the fbc key is switched off THEN only fbp is sent", () => {
    const keys = { ...ALL_KEYS, fbc: false };
    expect(buildUserData({}, { fbp: "fb.1.1795630000000.1", fbc: "fb.1.1795630000000.x" }, keys)).toStrictEqual({
      fbp: "fb.1.1795630000000.1",
    });
  });

  it("GIVEN a customer id that is not numeric WHEN built THEN no external_id", () => {
    expect(buildUserData({ customer: { id: "abc" } }, NO_COOKIES, ALL_KEYS)).toStrictEqual({});
  });
});

describe("buyerAddress", () => {
  it("GIVEN billing and shipping WHEN chosen THEN billing (a different shipping address may be a gift recipient)", () => {
    expect(buyerAddress({ billing_address: { city: "A" }, shipping_address: { city: "B" } })?.city).toBe("A");
    expect(buyerAddress({ shipping_address: { city: "B" } })?.city).toBe("B");
    expect(buyerAddress({ customer: { default_address: { city: "C" } } })?.city).toBe("C");
    expect(buyerAddress({})).toBeNull();
  });
});

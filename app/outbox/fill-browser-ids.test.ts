import { describe, expect, it } from "vitest";
import { shopSettingsSchema, type CapiEvent } from "../capi";
import { TEST_NOW } from "../capi/test-fixtures";
import { fillBrowserIds, type BrowserIds } from "./decide-row";

// The browser's receipt fills what the webhook lacked, each value checked again: a
// receipt stored before these rules (or by a hostile page) may hold anything.

const keys = shopSettingsSchema.parse({}).matchKeys;
const ALLOW = { marketing: true, analytics: true, saleOfData: true, source: "pixel_receipt" as const };
const event = (userData: CapiEvent["user_data"]): CapiEvent => ({
  event_name: "Purchase",
  event_time: 1,
  event_id: "purchase_1",
  action_source: "website",
  user_data: userData,
  custom_data: { value: 1, currency: "USD" },
});
const browser = (ids: Partial<BrowserIds>): BrowserIds => ({ fbp: null, fbc: null, clientIp: null, userAgent: null, ...ids });
const fill = (userData: CapiEvent["user_data"], ids: Partial<BrowserIds>) =>
  fillBrowserIds(event(userData), browser(ids), ALLOW, keys, TEST_NOW);

describe("fillBrowserIds: the IP address", () => {
  it.each([
    ["the order's IPv4, the receipt's public IPv6", "8.8.8.8", "2001:4860:4860::8888", "2001:4860:4860::8888"],
    ["the order's IPv6, the receipt's IPv4", "2001:4860:4860::8888", "1.1.1.1", "2001:4860:4860::8888"],
    ["the order's IPv4, the receipt's other IPv4", "8.8.8.8", "1.1.1.1", "8.8.8.8"],
    ["the order's IPv6, the receipt's other IPv6", "2606:4700:4700::1111", "2001:4860:4860::8888", "2606:4700:4700::1111"],
    ["no order address, the receipt's IPv4", undefined, "1.1.1.1", "1.1.1.1"],
    ["the order's IPv4, the receipt's private IPv6", "8.8.8.8", "fd00::1", "8.8.8.8"],
    ["no order address, the receipt's loopback", undefined, "127.0.0.1", undefined],
  ])("GIVEN %s THEN %s is sent", (_label, order, receipt, sent) => {
    const { event: filled } = fill(order ? { client_ip_address: order } : {}, { clientIp: receipt });
    expect(filled.user_data.client_ip_address).toBe(sent);
  });

  it("GIVEN a private receipt address THEN left out with the reason", () => {
    expect(fill({}, { clientIp: "10.1.2.3" }).notes).toEqual([{ key: "client_ip_address", from: "browser", reason: "private" }]);
  });
});

describe("fillBrowserIds: hostile stored values", () => {
  it("GIVEN a script as fbp, markup in fbc and a 10 KB user agent THEN none is sent, each with its reason, and nothing else is lost", () => {
    const { event: filled, notes } = fill(
      { em: ["e"] },
      { fbp: "<script>alert(1)</script>", fbc: "fb.1.x.<img/src=x>", userAgent: "A".repeat(10_240), clientIp: "8.8.8.8" },
    );
    expect(filled.user_data).toEqual({ em: ["e"], client_ip_address: "8.8.8.8" });
    expect(notes).toEqual([
      { key: "fbp", from: "browser", reason: "malformed" },
      { key: "fbc", from: "browser", reason: "malformed" },
      { key: "client_user_agent", from: "browser", reason: "too_long" },
    ]);
  });

  it("GIVEN notes the receipt endpoint recorded THEN they travel with the event", () => {
    const { notes } = fill({}, { keyNotes: [{ key: "fbc", from: "browser", reason: "control_characters" }] });
    expect(notes).toEqual([{ key: "fbc", from: "browser", reason: "control_characters" }]);
  });

  it("GIVEN a browser that refused marketing THEN nothing is taken, and nothing noted", () => {
    expect(fillBrowserIds(event({}), browser({ fbp: "<x>" }), { ...ALLOW, marketing: false }, keys, TEST_NOW)).toEqual({
      event: event({}),
      notes: [],
    });
  });
});

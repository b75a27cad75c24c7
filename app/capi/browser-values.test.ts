import { describe, expect, it } from "vitest";
import {
  checkFbc,
  checkFbp,
  checkIp,
  checkPageUrl,
  checkUserAgent,
  mergeNotes,
  parseKeyNotes,
  withoutUnsendableKeys,
} from "./browser-values";

const NOW = Date.parse("2026-11-26T12:00:00Z");
const MS = String(NOW - 60_000);

describe("checkFbp / checkFbc", () => {
  it.each([
    ["fbevents.js' _fbp", checkFbp, `fb.1.${MS}.1116446470`],
    ["a Parameter Builder _fbp (5th segment)", checkFbp, `fb.1.${MS}.1116446470.AQQCAQAA`],
    ["an _fbc with Meta's documented fbclid", checkFbc, `fb.1.${MS}.IwAR2F4-dbP0l7Mn1IawQQGCINEz7PYXQvwjNwB_qa2ofrHyiLjcbCRxTDMgk`],
    ["an _fbc with a language token", checkFbc, `fb.2.${MS}.IwAR2F4-dbP0l7Mn1.Bg`],
  ])("GIVEN %s THEN kept as it is", (_label, check, value) => {
    expect(check(value, NOW)).toEqual({ ok: true, value });
  });

  it.each([
    ["a script", checkFbp, "<script>alert(1)</script>", "malformed"],
    ["markup in the click id", checkFbc, `fb.1.${MS}.<img/src=x>`, "malformed"],
    ["a letter for the creation time", checkFbc, "fb.1.x.<img/src=x>", "malformed"],
    ["a letter in fbp's random number", checkFbp, `fb.1.${MS}.12a45`, "malformed"],
    ["six segments", checkFbc, `fb.1.${MS}.IwAR.AQ.x`, "malformed"],
    ["seconds for the creation time", checkFbp, `fb.1.${Math.floor(NOW / 1000)}.123`, "malformed"],
    ["a creation time in 2286", checkFbp, "fb.1.9999999999999.123", "creation_time_out_of_range"],
    ["a creation time in 1973", checkFbc, "fb.1.0100000000000.IwAR", "creation_time_out_of_range"],
    ["a newline", checkFbc, `fb.1.${MS}.IwAR\nSet-Cookie: x`, "control_characters"],
    ["a NUL byte", checkFbp, `fb.1.${MS}.12\u00003`, "control_characters"],
    ["10 KB", checkFbc, `fb.1.${MS}.${"A".repeat(10_000)}`, "too_long"],
    ["a number", checkFbp, 1234, "malformed"],
    ["an object", checkFbc, { toString: () => "fb.1.1.1" }, "malformed"],
    ["a hashed value", checkFbp, "a".repeat(64), "malformed"],
  ])("GIVEN %s THEN left out: %s", (_label, check, value, reason) => {
    expect(check(value, NOW)).toEqual({ ok: false, reason });
  });
});

describe("checkUserAgent", () => {
  it("GIVEN a browser's user agent THEN kept, trimmed", () => {
    expect(checkUserAgent(" Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) ")).toEqual({
      ok: true,
      value: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X)",
    });
  });
  it.each([
    ["10 KB", "Mozilla/5.0 ".repeat(900), "too_long"],
    ["control characters", "Mozilla/5.0\r\nX-Injected: 1", "control_characters"],
    ["only spaces", "   ", "malformed"],
  ])("GIVEN %s THEN left out (%s)", (_label, value, reason) => {
    expect(checkUserAgent(value)).toEqual({ ok: false, reason });
  });
});

describe("checkIp", () => {
  it("GIVEN a public address THEN kept; a private one or junk THEN left out with its kind", () => {
    expect(checkIp("2001:4860:4860::8888")).toEqual({ ok: true, value: "2001:4860:4860::8888" });
    expect(checkIp("::ffff:8.8.8.8")).toEqual({ ok: true, value: "8.8.8.8" });
    expect(checkIp("10.0.0.7")).toEqual({ ok: false, reason: "private" });
    expect(checkIp("127.0.0.1")).toEqual({ ok: false, reason: "loopback" });
    expect(checkIp("203.0.113.7")).toEqual({ ok: false, reason: "documentation" });
    expect(checkIp("8.8.8.8\n")).toEqual({ ok: false, reason: "not_an_ip" });
    expect(checkIp("<script>")).toEqual({ ok: false, reason: "not_an_ip" });
  });
});

describe("checkPageUrl", () => {
  it.each([
    ["not a URL", "thank-you", "not_http_url"],
    ["javascript:", "javascript:alert(1)", "not_http_url"],
    ["credentials", "https://user:secret@shop.example/", "malformed"],
    ["3 KB", `https://shop.example/${"a".repeat(3000)}`, "too_long"],
    ["a tab", "https://shop.example/\tx", "control_characters"],
  ])("GIVEN %s THEN left out (%s)", (_label, value, reason) => {
    expect(checkPageUrl(value)).toEqual({ ok: false, reason });
  });
});

describe("withoutUnsendableKeys (the last check before Meta)", () => {
  it("GIVEN a stored event with a script as fbp and a broken IP THEN those keys go, the rest is sent", () => {
    const event = {
      event_name: "Purchase",
      user_data: {
        em: ["x"],
        fbp: "<script>alert(1)</script>",
        fbc: `fb.1.${MS}.IwAR`,
        client_ip_address: "1.2.3",
        client_user_agent: "UA",
      },
    };
    const { event: sent, notes } = withoutUnsendableKeys(event, new Date(NOW));
    expect(sent.user_data).toEqual({ em: ["x"], fbc: `fb.1.${MS}.IwAR`, client_user_agent: "UA" });
    expect(notes.map((n) => [n.key, n.reason])).toEqual([
      ["fbp", "malformed"],
      ["client_ip_address", "not_an_ip"],
    ]);
    expect(event.user_data.fbp).toBe("<script>alert(1)</script>");
  });
  it("GIVEN a clean event THEN the same object", () => {
    const event = { user_data: { fbp: `fb.1.${MS}.1`, client_ip_address: "8.8.8.8" } };
    expect(withoutUnsendableKeys(event, new Date(NOW)).event).toBe(event);
  });
});

describe("notes", () => {
  it("GIVEN stored notes, some junk THEN only well-formed notes; merged once per key and source", () => {
    const stored = JSON.stringify([
      { key: "fbp", from: "browser", reason: "malformed" },
      { key: "em", from: "browser", reason: "x" },
      "junk",
    ]);
    expect(parseKeyNotes(stored)).toEqual([{ key: "fbp", from: "browser", reason: "malformed" }]);
    expect(parseKeyNotes("{not json")).toEqual([]);
    expect(
      mergeNotes(parseKeyNotes(stored), [
        { key: "fbp", from: "browser", reason: "too_long" },
        { key: "fbp", from: "cart", reason: "malformed" },
      ]),
    ).toEqual([
      { key: "fbp", from: "browser", reason: "malformed" },
      { key: "fbp", from: "cart", reason: "malformed" },
    ]);
  });
});

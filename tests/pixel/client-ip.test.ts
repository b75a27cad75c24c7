import { describe, expect, it } from "vitest";
import { clientIpFrom } from "~/pixel/receipt-http.server";

const request = (forwardedFor?: string) => new Request("https://tandem.test/pixel/events", { headers: forwardedFor ? { "X-Forwarded-For": forwardedFor } : {} });

describe("the shopper's address for the pixel endpoint", () => {
  it.each([
    ["203.0.113.9, 10.0.0.1", "10.0.0.2", "203.0.113.9"],
    [undefined, "::ffff:198.51.100.7", "198.51.100.7"],
    [undefined, "2001:db8::1", "2001:db8::1"],
    ["not-an-ip", "198.51.100.8", "198.51.100.8"],
    [undefined, undefined, null],
    [undefined, "garbage", null],
  ])("GIVEN X-Forwarded-For %s and peer %s THEN %s", (header, peer, expected) => {
    expect(clientIpFrom(request(header), peer)).toBe(expected);
  });
});

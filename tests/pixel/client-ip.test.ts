import { describe, expect, it } from "vitest";
import { createPixelRateLimits } from "~/pixel/rate-limit.server";
import { clientIpFrom, visitorKey } from "~/pixel/receipt-http.server";
import { handlePixelReceipt } from "~/pixel/handle-receipt.server";
import { makeReceipt, receiptRequest } from "./receipt-support";

const request = (forwardedFor?: string) =>
  new Request("https://tandem.test/pixel/events", { headers: forwardedFor ? { "X-Forwarded-For": forwardedFor } : {} });

describe("the shopper's address for the pixel endpoint (TRUSTED_PROXIES hops, like Express's trust proxy)", () => {
  it.each([
    // [X-Forwarded-For, TCP peer, trusted hops, the address used]
    ["203.0.113.9, 10.0.0.1", "10.0.0.2", 0, "10.0.0.2"],
    ["203.0.113.9", "198.51.100.7", 0, "198.51.100.7"],
    ["203.0.113.9, 10.0.0.1", "10.0.0.2", 1, "10.0.0.1"],
    ["203.0.113.9, 10.0.0.1", "10.0.0.2", 2, "203.0.113.9"],
    ["1.1.1.1, 203.0.113.9", "10.0.0.2", 1, "203.0.113.9"],
    ["203.0.113.9", "10.0.0.2", 5, "203.0.113.9"],
    [undefined, "::ffff:198.51.100.7", 0, "198.51.100.7"],
    [undefined, "2001:db8::1", 0, "2001:db8::1"],
    ["not-an-ip", "198.51.100.8", 1, null],
    ["not-an-ip", "198.51.100.8", 0, "198.51.100.8"],
    [undefined, undefined, 0, null],
    [undefined, "garbage", 0, null],
  ])("GIVEN X-Forwarded-For %s, peer %s and %i trusted hops THEN %s", (header, peer, hops, expected) => {
    expect(clientIpFrom(request(header), peer, hops)).toBe(expected);
  });

  it("IPv6 visitors are keyed by their /64; IPv4 by address; no address shares one bucket", () => {
    expect(visitorKey("2001:db8:1:2:aaaa::1")).toBe(visitorKey("2001:0db8:0001:0002:ffff:1:2:3"));
    expect(visitorKey("2001:db8:1:2::1")).not.toBe(visitorKey("2001:db8:1:3::1"));
    expect(visitorKey("203.0.113.9")).toBe("203.0.113.9");
    expect(visitorKey(null)).toBe("unknown");
  });

  it("GIVEN no trusted proxy and a rotating X-Forwarded-For from one peer THEN the peer's own limit stops it at 60", async () => {
    const limits = createPixelRateLimits({ clock: () => 0 });
    const statuses: number[] = [];
    for (let i = 0; i < 70; i++) {
      const receipt = receiptRequest(makeReceipt({ event_id: `purchase_${9000 + i}`, shop_key: "no-such-shop" }), {
        ip: `198.51.100.${i}`,
      });
      statuses.push((await handlePixelReceipt(receipt, { limits, remoteAddress: "203.0.113.50", trustedProxies: 0 })).status);
    }
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
  });
});

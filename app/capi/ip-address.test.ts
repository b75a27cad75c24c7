import { describe, expect, it } from "vitest";
import { canonicalIp, classifyIp } from "./ip-address";

// IANA's special-purpose registries, one row per range edge that matters. The first rows
// are the public and private addresses Meta's Parameter Builder tests use as vectors;
// Tandem agrees with them and goes further (documentation, reserved, CGNAT, multicast),
// where the Parameter Builder would forward the address (docs/decisions/040).

describe("classifyIp", () => {
  it.each([
    ["8.8.8.8", "public"],
    ["1.1.1.1", "public"],
    ["2001:4860:4860::8888", "public"],
    ["192.168.1.1", "private"],
    ["fe80::1", "link_local"],
    ["10.0.0.1", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["172.32.0.1", "public"],
    ["100.64.0.1", "private"],
    ["127.0.0.1", "loopback"],
    ["::1", "loopback"],
    ["169.254.169.254", "link_local"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["192.0.2.1", "documentation"],
    ["198.51.100.4", "documentation"],
    ["203.0.113.7", "documentation"],
    ["2001:db8::1", "documentation"],
    ["3fff::1", "documentation"],
    ["fc00::1", "private"],
    ["fd12:3456::1", "private"],
    ["224.0.0.251", "multicast"],
    ["ff02::1", "multicast"],
    ["255.255.255.255", "reserved"],
    ["240.0.0.1", "reserved"],
    ["198.18.0.1", "reserved"],
    ["2001::1", "reserved"],
    ["100::1", "reserved"],
    ["4000::1", "reserved"],
    ["::ffff:10.1.2.3", "private"],
    ["::ffff:8.8.8.8", "public"],
    ["fe80::1%eth0", "link_local"],
    [" 8.8.8.8 ", "public"],
  ])("GIVEN %s THEN %s", (ip, kind) => {
    expect(classifyIp(ip)).toBe(kind);
  });

  it.each([
    ["not.an.ip"],
    ["010.0.0.1"],
    ["1.2.3.4.5"],
    ["<script>alert(1)</script>"],
    ["8.8.8.8\u0000"],
    [""],
    ["x".repeat(10_000)],
    [42],
    [null],
  ])("GIVEN %j THEN not_an_ip", (value) => {
    expect(classifyIp(value)).toBe("not_an_ip");
  });
});

describe("canonicalIp", () => {
  it("GIVEN an IPv4-mapped IPv6 address, a zone index or upper case THEN the address Meta should see", () => {
    expect(canonicalIp("::ffff:8.8.8.8")).toBe("8.8.8.8");
    expect(canonicalIp("fe80::1%eth0")).toBe("fe80::1");
    expect(canonicalIp("2001:4860:4860::8888".toUpperCase())).toBe("2001:4860:4860::8888");
  });
});

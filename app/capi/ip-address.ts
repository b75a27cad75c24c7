import { BlockList, isIP, SocketAddress } from "node:net";

// What kind of address a client IP is, from IANA's IPv4 and IPv6 Special-Purpose Address
// Registries. Meta matches a person by the address their browser used on the public
// internet; any other kind names a network (a proxy, the app's own host, a test range),
// never the shopper, and sending it only tells Meta that "shoppers" share one address.

export type IpKind =
  "public" | "not_an_ip" | "unspecified" | "loopback" | "private" | "link_local" | "documentation" | "multicast" | "reserved";

type Range = [address: string, prefix: number, kind: Exclude<IpKind, "public" | "not_an_ip">];

const IPV4_RANGES: Range[] = [
  ["0.0.0.0", 8, "unspecified"], // "this network"
  ["10.0.0.0", 8, "private"],
  ["100.64.0.0", 10, "private"], // carrier-grade NAT (shared address space)
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link_local"],
  ["172.16.0.0", 12, "private"],
  ["192.0.0.0", 24, "reserved"], // IETF protocol assignments
  ["192.0.2.0", 24, "documentation"], // TEST-NET-1
  ["192.88.99.0", 24, "reserved"], // deprecated 6to4 relay anycast
  ["192.168.0.0", 16, "private"],
  ["198.18.0.0", 15, "reserved"], // benchmarking
  ["198.51.100.0", 24, "documentation"], // TEST-NET-2
  ["203.0.113.0", 24, "documentation"], // TEST-NET-3
  ["224.0.0.0", 4, "multicast"],
  ["240.0.0.0", 4, "reserved"], // includes the broadcast address
];

const IPV6_RANGES: Range[] = [
  ["::", 128, "unspecified"],
  ["::1", 128, "loopback"],
  ["64:ff9b:1::", 48, "private"], // local-use NAT64
  ["100::", 64, "reserved"], // discard-only
  ["2001::", 23, "reserved"], // IETF protocol assignments (Teredo, benchmarking, ORCHID)
  ["2001:db8::", 32, "documentation"],
  ["3fff::", 20, "documentation"],
  ["fc00::", 7, "private"], // unique local
  ["fe80::", 10, "link_local"],
  ["ff00::", 8, "multicast"],
];

type Lists = { byKind: Map<Exclude<IpKind, "public" | "not_an_ip">, BlockList>; globalUnicastV6: BlockList };

/** IPv4 ranges as [network, mask] over the address as an unsigned 32-bit number (built on first use, as the lists). */
let ipv4Masks: [network: number, mask: number, kind: Range[2]][] | null = null;
function masks() {
  return (ipv4Masks ??= IPV4_RANGES.map(([address, prefix, kind]) => {
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    return [(ipv4Number(address) & mask) >>> 0, mask, kind];
  }));
}

/** A dotted IPv4 address (already checked by isIP) as an unsigned 32-bit number. */
function ipv4Number(address: string): number {
  const [a, b, c, d] = address.split(".").map(Number);
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}
let built: Lists | null = null;

/**
 * Built on first use, not at import: this module is part of app/capi, which the admin's
 * client bundle also reaches (for constants), and a module with top-level work cannot be
 * left out of that bundle, where node:net does not exist.
 */
function lists(): Lists {
  if (built) return built;
  const byKind = new Map<Exclude<IpKind, "public" | "not_an_ip">, BlockList>();
  const add = ([address, prefix, kind]: Range, family: "ipv4" | "ipv6") => {
    if (!byKind.has(kind)) byKind.set(kind, new BlockList());
    byKind.get(kind)!.addSubnet(address, prefix, family);
  };
  for (const range of IPV4_RANGES) add(range, "ipv4");
  for (const range of IPV6_RANGES) add(range, "ipv6");
  // Global unicast IPv6 is 2000::/3; the rest of the space is unassigned.
  const globalUnicastV6 = new BlockList();
  globalUnicastV6.addSubnet("2000::", 3, "ipv6");
  return (built = { byKind, globalUnicastV6 });
}

const MAPPED_V4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * The address as Meta should receive it, or null: trimmed, an IPv4-mapped IPv6 address
 * (::ffff:1.2.3.4, what a dual-stack socket reports) written as the IPv4 it is, and no
 * zone index (fe80::1%eth0 only means something on the host that saw it).
 */
export function canonicalIp(value: unknown): string | null {
  if (typeof value !== "string" || value.length > 64) return null;
  const trimmed = value.trim().split("%")[0];
  const mapped = MAPPED_V4.exec(trimmed);
  const address = mapped ? mapped[1] : trimmed;
  return isIP(address) === 0 ? null : address.toLowerCase();
}

export function classifyIp(value: unknown): IpKind {
  const address = canonicalIp(value);
  if (!address) return "not_an_ip";
  // IPv4 (nearly every shopper's address) in plain arithmetic: BlockList.check with a
  // string builds a native SocketAddress per list, which the ingest's CPU profile showed
  // at about 4% of a webhook. The ranges do not overlap, so the first match is the kind.
  if (isIP(address) === 4) {
    const number = ipv4Number(address);
    for (const [network, mask, kind] of masks()) if ((number & mask) >>> 0 === network) return kind;
    return "public";
  }
  const { byKind, globalUnicastV6 } = lists();
  const socket = new SocketAddress({ address, family: "ipv6" });
  for (const [kind, list] of byKind) if (list.check(socket)) return kind;
  if (!globalUnicastV6.check(socket)) return "reserved";
  return "public";
}

export const isIpv6 = (address: string): boolean => isIP(address) === 6;

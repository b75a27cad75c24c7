import { classifyIp, isIpv6 } from "../../app/capi";

// Match-key coverage per event name: the share of events that carry each key Meta matches
// on best (its Event Match Quality is moved most by fbc, e-mail, phone, fbp and the IP
// address). Shared by `npm run demo` (what reached the Meta emulator) and
// `npm run bench:match-keys` (a generated week).

export const COVERAGE_KEYS = ["fbc", "fbp", "public IP", "IPv6", "email", "phone"] as const;
export type CoverageRow = { eventName: string; events: number; shares: Record<(typeof COVERAGE_KEYS)[number], number> };

type UserData = { fbc?: unknown; fbp?: unknown; client_ip_address?: unknown; em?: unknown; ph?: unknown };

export function matchKeyCoverage(events: Array<{ event_name?: unknown; user_data?: unknown }>): CoverageRow[] {
  const names = [...new Set(events.map((event) => String(event.event_name)))];
  return names.map((eventName) => {
    const mine = events.filter((event) => String(event.event_name) === eventName).map((event) => (event.user_data ?? {}) as UserData);
    const share = (test: (userData: UserData) => boolean) => (mine.length ? mine.filter(test).length / mine.length : 0);
    const ip = (userData: UserData) => (typeof userData.client_ip_address === "string" ? userData.client_ip_address : null);
    const has = (value: unknown) => (Array.isArray(value) ? value.length > 0 : typeof value === "string" && value !== "");
    return {
      eventName,
      events: mine.length,
      shares: {
        fbc: share((u) => has(u.fbc)),
        fbp: share((u) => has(u.fbp)),
        "public IP": share((u) => ip(u) !== null && classifyIp(ip(u)!) === "public"),
        IPv6: share((u) => ip(u) !== null && classifyIp(ip(u)!) === "public" && isIpv6(ip(u)!)),
        email: share((u) => has(u.em)),
        phone: share((u) => has(u.ph)),
      },
    };
  });
}

/** A Markdown table, one row per event name (percentages, whole numbers). */
export function coverageTable(rows: CoverageRow[], label = "event"): string[] {
  const pct = (value: number) => `${Math.round(value * 100)}%`;
  return [
    `| ${label} | events | ${COVERAGE_KEYS.join(" | ")} |`,
    `| --- | ---: | ${COVERAGE_KEYS.map(() => "---:").join(" | ")} |`,
    ...rows.map((row) => `| ${row.eventName} | ${row.events} | ${COVERAGE_KEYS.map((key) => pct(row.shares[key])).join(" | ")} |`),
  ];
}

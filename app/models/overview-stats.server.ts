import { SERVER_EVENT_NAMES } from "../capi";
import prisma from "../db.server";
import { latestPayloads, periodCountsFromRows } from "../db/statements/overview-counts.server";
import { isSlotAligned, refreshRollups, rollupsSince } from "./admin-rollup.server";
import { gapReason } from "./order-outcome";
import { addDays, dayOf, startOfDay } from "./shop-time";

// The overview's figures for today / 7 / 30 days in the shop's timezone. Live (non-test)
// orders and events only; test events are counted apart.

export type PeriodKey = "today" | "7d" | "30d";
export const PERIODS: { key: PeriodKey; label: string; days: number }[] = [
  { key: "today", label: "Today", days: 1 },
  { key: "7d", label: "Last 7 days", days: 7 },
  { key: "30d", label: "Last 30 days", days: 30 },
];

export type PeriodStats = {
  key: PeriodKey;
  label: string;
  from: string;
  received: number;
  accepted: number;
  /** Why received orders were not (yet) accepted: words and counts, largest first. */
  difference: { reason: string; count: number }[];
  testEvents: number;
  /**
   * Per server event name: event ids Meta accepted from the server (`sent`), of those the
   * ones whose browser copy Tandem saw, and those never sent because their browser never
   * reported (`unreported`). The share is browserSeen of sent + unreported.
   */
  dedup: { eventName: string; sent: number; browserSeen: number; unreported: number }[];
};

export function periodStart(period: { days: number }, timezone: string, now: Date): { from: string; start: Date } {
  const from = addDays(dayOf(now, timezone), 1 - period.days);
  return { from, start: startOfDay(from, timezone) };
}

/** What a period's figures are made of, whichever way they were counted. */
type PeriodCounts = {
  orderOutcomes: { outcome: string; reason: string | null; n: number }[];
  /** Per Purchase event id its most advanced status over the shop's pixels, counted. */
  purchaseStatuses: { status: string; n: number }[];
  testEvents: number;
  dedup: { eventName: string; sent: number; seen: number; unreported: number }[];
};

/**
 * The figures of every period: from the per-slot rollups (admin-rollup.server.ts) when
 * they are up to date and the periods start on slot boundaries, else counted from the
 * rows (periodStats). Both give the same numbers (tests/routes/overview/rollup-equivalence.test.ts).
 */
export async function allPeriodStats(shopDomain: string, periods: typeof PERIODS, timezone: string, now: Date): Promise<PeriodStats[]> {
  const starts = periods.map((period) => Math.floor(periodStart(period, timezone, now).start.getTime() / 1000));
  const fast = starts.every(isSlotAligned) && (await refreshRollups(shopDomain));
  if (!fast) return Promise.all(periods.map((period) => periodStats(shopDomain, period, timezone, now)));
  const sums = await rollupsSince(shopDomain, starts, ["order", "purchase", "sent", "test"]);
  return periods.map((period, i) => {
    const rows = sums[i];
    return toPeriodStats(period, periodStart(period, timezone, now).from, {
      orderOutcomes: rows
        .filter((row) => row.metric === "order")
        .map((row) => ({ outcome: row.key, reason: row.detail || null, n: row.n })),
      purchaseStatuses: rows.filter((row) => row.metric === "purchase").map((row) => ({ status: row.key, n: row.n })),
      testEvents: rows.filter((row) => row.metric === "test").reduce((sum, row) => sum + row.n, 0),
      dedup: rows
        .filter((row) => row.metric === "sent")
        .map((row) =>
          row.detail
            ? { eventName: row.key, sent: 0, seen: 0, unreported: row.n }
            : { eventName: row.key, sent: row.n, seen: row.m, unreported: 0 },
        ),
    });
  });
}

/** One period's figures counted from the rows themselves: the reference the rollups must equal. */
export async function periodStats(shopDomain: string, period: (typeof PERIODS)[number], timezone: string, now: Date): Promise<PeriodStats> {
  const { from, start } = periodStart(period, timezone, now);
  const startSeconds = Math.floor(start.getTime() / 1000);
  const { orderOutcomes, purchaseStatuses, testEvents, dedup } = await periodCountsFromRows(prisma, {
    shopDomain,
    start,
    startSeconds,
    serverEventNames: SERVER_EVENT_NAMES,
  });
  return toPeriodStats(period, from, {
    orderOutcomes: orderOutcomes.map((row) => ({ ...row, n: Number(row.n) })),
    purchaseStatuses: purchaseStatuses.map((row) => ({ status: row.status.slice(2), n: Number(row.n) })),
    testEvents,
    dedup: dedup.map((row) => ({
      eventName: row.eventName,
      sent: Number(row.sent),
      seen: Number(row.seen),
      unreported: Number(row.unreported),
    })),
  });
}

function toPeriodStats(period: (typeof PERIODS)[number], from: string, counts: PeriodCounts): PeriodStats {
  const { orderOutcomes, purchaseStatuses, testEvents, dedup } = counts;
  const received = orderOutcomes.reduce((sum, row) => sum + row.n, 0);
  const reasons = new Map<string, number>();
  const bump = (reason: string, count: number) => count > 0 && reasons.set(reason, (reasons.get(reason) ?? 0) + count);
  for (const row of orderOutcomes) {
    if (row.outcome === "queued") continue;
    const key =
      row.outcome === "skipped"
        ? `filtered:${row.reason ?? "other"}`
        : row.outcome === "not_configured"
          ? "before_setup"
          : row.outcome === "shop_uninstalled"
            ? "uninstalled"
            : row.outcome;
    bump(gapReason(key), row.n);
  }
  let accepted = 0;
  for (const row of purchaseStatuses) {
    if (row.status === "delivered") accepted = row.n;
    else bump(gapReason(STATUS_KEYS[row.status] ?? "not_sent"), row.n);
  }
  return {
    key: period.key,
    label: period.label,
    from,
    received,
    accepted,
    // Largest first; equal counts by their words, so both ways of counting list them alike.
    difference: [...reasons]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    testEvents,
    dedup: [...SERVER_EVENT_NAMES].map((eventName) => {
      const rows = dedup.filter((entry) => entry.eventName === eventName);
      const sum = (pick: (row: (typeof rows)[number]) => number) => rows.reduce((total, row) => total + pick(row), 0);
      return { eventName, sent: sum((row) => row.sent), browserSeen: sum((row) => row.seen), unreported: sum((row) => row.unreported) };
    }),
  };
}

const STATUS_KEYS: Record<string, string> = {
  pending: "sending",
  in_flight: "sending",
  retry: "retry",
  waiting_consent: "waiting_consent",
  waiting_browser: "waiting_browser",
  blocked: "held_consent",
  paused: "paused",
  failed: "failed",
  expired: "expired",
  cancelled: "cancelled",
  skipped: "not_sent",
};

export const MATCH_KEYS = [
  { key: "em", label: "Email" },
  { key: "ph", label: "Phone" },
  { key: "fn", label: "Name", also: ["ln"] },
  { key: "ct", label: "Address", also: ["st", "zp", "country"] },
  { key: "external_id", label: "Customer id" },
  { key: "client_ip_address", label: "IP address" },
  { key: "client_user_agent", label: "Browser (user agent)" },
  { key: "fbp", label: "Meta browser id (fbp)" },
  { key: "fbc", label: "Meta click id (fbc)" },
] as const;

export type MatchCoverage = { eventName: string; sample: number; keys: { label: string; share: number }[] };

/**
 * Share of sent events carrying each customer-information key, per event name, over the
 * latest 500 sent in the period (a sample keeps this fast on a million events; IP, user
 * agent and Meta cookies are erased from stored payloads after 8 days, so recent events
 * are the ones that say what was sent).
 */
export async function matchKeyCoverage(shopDomain: string, start: Date): Promise<MatchCoverage[]> {
  const startSeconds = Math.floor(start.getTime() / 1000);
  return Promise.all(
    [...SERVER_EVENT_NAMES].map(async (eventName) => {
      const payloads = await latestPayloads(prisma, { shopDomain, eventName, startSeconds, status: "delivered", limit: 500 });
      const counts = new Map<string, number>();
      for (const payload of payloads) {
        const userData = readUserData(payload);
        for (const key of MATCH_KEYS) {
          const keys = [key.key, ...("also" in key ? key.also : [])];
          if (keys.some((name) => present(userData[name]))) counts.set(key.label, (counts.get(key.label) ?? 0) + 1);
        }
      }
      return {
        eventName,
        sample: payloads.length,
        keys: MATCH_KEYS.map((key) => ({ label: key.label, share: payloads.length ? (counts.get(key.label) ?? 0) / payloads.length : 0 })),
      };
    }),
  );
}

function readUserData(payload: string): Record<string, unknown> {
  try {
    const parsed = JSON.parse(payload) as { user_data?: Record<string, unknown> };
    return parsed.user_data && typeof parsed.user_data === "object" ? parsed.user_data : {};
  } catch {
    return {};
  }
}

const present = (value: unknown) => (Array.isArray(value) ? value.length > 0 : typeof value === "string" ? value.length > 0 : false);

import { DUE_STATUSES } from "../outbox/status";
import { accuracyPercent, countedOf, missedInWords } from "../format/accuracy-words";
import { accuracySince, accuracyThreshold } from "./accuracy.server";
import prisma from "../db.server";
import { findProxyInFront, proxyFindingInWords } from "./proxy-health.server";
import { qualityConditions, QUALITY_CONDITION_TITLES, type QualityConditionKey } from "./quality-conditions.server";
import { pausedReasonInWords } from "../format/token-words";

// The live conditions behind the overview's status line and the alert emails. Each is
// one indexed query scoped by shop; "now" is passed in so tests control time.

export type ConditionKey =
  | "destination_paused"
  | "pixel_off"
  | "accuracy_low"
  | "delivery_failures"
  | "backlog_old"
  | "no_delivery"
  | "no_browser_receipt"
  | "activation_failed"
  | "trusted_proxies_missing"
  | QualityConditionKey;

/**
 * `fix` is the one thing to do; `events` opens the event log filtered to this condition's
 * own events (a warning's link must never open a list that cannot hold them).
 */
export type Condition = {
  key: ConditionKey;
  title: string;
  detail: string;
  fix?: { label: string; url: string };
  events?: { label: string; url: string };
};

/** The event log filtered to the statuses a condition is about (conditions about Meta's view of the events open their own page instead). */
export const EVENTS_OF = {
  destination_paused: { label: "See the waiting events", url: "/app/events?status=paused" },
  delivery_failures: { label: "See retrying and failed events", url: "/app/events?status=retry,failed" },
  backlog_old: { label: "See the waiting events", url: "/app/events?status=pending,retry" },
  no_delivery: { label: "See the unsent events", url: "/app/events?status=pending,retry,failed,paused" },
  no_browser_receipt: { label: "See events without a browser copy", url: "/app/events?browser=missing" },
};

export const HEALTH_WINDOWS = {
  failuresMs: 60 * 60_000,
  backlogMs: 15 * 60_000,
  quietMs: 6 * 60 * 60_000,
  /** Events younger than this may still be on their way: they do not count as "not delivered". */
  graceMs: 15 * 60_000,
  minOrdersForReceiptCheck: 3,
  /** The accuracy alert's window, and the fewest counted orders it judges (one missed order of two is no trend). */
  accuracyMs: 24 * 60 * 60_000,
  minOrdersForAccuracy: 5,
};

export const CONDITION_TITLES: Record<ConditionKey, string> = {
  destination_paused: "Meta refused the access token",
  pixel_off: "A Meta pixel is paused",
  accuracy_low: "A pixel's accuracy fell below your threshold",
  delivery_failures: "Meta refused or failed requests in the last hour",
  backlog_old: "Events are waiting longer than they should",
  no_delivery: "Nothing reached Meta for 6 hours while orders arrive",
  no_browser_receipt: "No browser events for 6 hours while orders arrive",
  activation_failed: "The storefront pieces could not be set up",
  trusted_proxies_missing: "Shoppers' addresses look like your proxy's (TRUSTED_PROXIES)",
  ...QUALITY_CONDITION_TITLES,
};

export async function evaluateConditions(shopDomain: string, now: Date): Promise<Condition[]> {
  const hourAgo = new Date(now.getTime() - HEALTH_WINDOWS.failuresMs);
  const quietSince = new Date(now.getTime() - HEALTH_WINDOWS.quietMs);
  const graceEdge = new Date(now.getTime() - HEALTH_WINDOWS.graceMs);
  const [off, paused, failedAttempts, oldestDue, sendable, delivered, liveOrders, browserSeen, activation, quality, proxy, lowAccuracy] =
    await Promise.all([
      prisma.destination.findMany({ where: { shopDomain, enabled: false }, select: { pixelId: true }, orderBy: { createdAt: "asc" } }),
      prisma.destination.findMany({
        where: { shopDomain, enabled: true, pausedAt: { not: null } },
        select: { pixelId: true, pausedReason: true },
      }),
      lastFailures(shopDomain, hourAgo),
      oldestDueSince(shopDomain, new Date(now.getTime() - HEALTH_WINDOWS.backlogMs)),
      prisma.outboxEvent.count({
        where: { shopDomain, createdAt: { gte: quietSince, lt: graceEdge }, isTest: false, consentAction: { in: ["send", "send_ldu"] } },
      }),
      prisma.outboxEvent.findFirst({ where: { shopDomain, createdAt: { gte: quietSince }, status: "delivered" }, select: { id: true } }),
      prisma.receivedOrder.count({ where: { shopDomain, kind: "order", isTest: false, placedAt: { gte: quietSince, lt: graceEdge } } }),
      prisma.outboxEvent.findFirst({
        where: { shopDomain, createdAt: { gte: quietSince }, browserSeenAt: { not: null } },
        select: { id: true },
      }),
      prisma.shopActivation.findUnique({ where: { shopDomain }, select: { state: true, lastError: true } }),
      qualityConditions(shopDomain, now),
      findProxyInFront(shopDomain, now),
      accuracyBelowThreshold(shopDomain, now),
    ]);
  const conditions: Condition[] = [];
  const add = (key: ConditionKey, detail: string, fix?: Condition["fix"]) =>
    conditions.push({
      key,
      title: CONDITION_TITLES[key],
      detail,
      fix,
      ...(key in EVENTS_OF ? { events: EVENTS_OF[key as keyof typeof EVENTS_OF] } : {}),
    });
  if (off.length) {
    const pixels = off.map((d) => d.pixelId).join(", ");
    add(
      "pixel_off",
      `Pixel ${pixels} ${off.length === 1 ? "is" : "are"} paused in Settings: orders arriving now are not sent to ${off.length === 1 ? "it" : "them"} (each is recorded as "not sent: pixel paused"). Resume ${off.length === 1 ? "it" : "them"} in Settings to send again.`,
      { label: off.length === 1 ? "Resume the pixel" : "Resume the pixels", url: "/app/settings" },
    );
  }
  if (lowAccuracy) add("accuracy_low", lowAccuracy, { label: "See the orders not accepted", url: "/app/orders?outcome=not_accepted" });
  if (paused.length) {
    add(
      "destination_paused",
      paused.map((d) => `Pixel ${d.pixelId}: ${pausedReasonInWords(d.pausedReason)}`).join(" ") +
        " Events wait and go out once a working token is saved.",
      { label: "Fix the token", url: "/app/settings" },
    );
  }
  if (failedAttempts > 0) {
    // (counted only while no request has succeeded since the latest failure)
    add(
      "delivery_failures",
      `${failedAttempts} request${failedAttempts === 1 ? "" : "s"} to Meta failed in the last hour; Tandem retries them.`,
      EVENTS_OF.delivery_failures,
    );
  }
  if (oldestDue) {
    const minutes = Math.round((now.getTime() - oldestDue.nextAttemptAt.getTime()) / 60_000);
    add("backlog_old", `The oldest event has been due for ${minutes} minutes. Is the delivery worker running?`, EVENTS_OF.backlog_old);
  }
  if (sendable > 0 && !delivered && !paused.length) {
    add(
      "no_delivery",
      `${sendable} event${sendable === 1 ? "" : "s"} should have been sent in the last 6 hours and none was accepted by Meta.`,
      EVENTS_OF.no_delivery,
    );
  }
  if (liveOrders >= HEALTH_WINDOWS.minOrdersForReceiptCheck && !browserSeen) {
    add(
      "no_browser_receipt",
      `${liveOrders} orders in the last 6 hours and no browser copy of any event: is the Tandem app embed on in the theme, and the web pixel connected?`,
      { label: "Open settings", url: "/app/settings" },
    );
  }
  if (proxy) add("trusted_proxies_missing", proxyFindingInWords(proxy));
  if (activation?.state === "failed") {
    add("activation_failed", activation.lastError ?? "Shopify refused the set-up.", { label: "Open settings", url: "/app/settings" });
  }
  for (const q of quality) add(q.key, q.detail, { label: "Open match quality", url: "/app/quality" });
  return conditions;
}

/**
 * The oldest due row (pending or retry) due before `before`, one status at a time: each is
 * one ordered range of the claim index. With both statuses in one `IN`, PostgreSQL read and
 * sorted every due row of a long outage (1.2 s with 100,000 waiting).
 */
async function oldestDueSince(shopDomain: string, before: Date): Promise<{ nextAttemptAt: Date } | null> {
  const found = await Promise.all(
    DUE_STATUSES.map((status) =>
      prisma.outboxEvent.findFirst({
        where: { status, nextAttemptAt: { lt: before }, shopDomain },
        orderBy: { nextAttemptAt: "asc" },
        select: { nextAttemptAt: true },
      }),
    ),
  );
  return found.reduce<{ nextAttemptAt: Date } | null>(
    (oldest, row) => (row && (!oldest || row.nextAttemptAt < oldest.nextAttemptAt) ? row : oldest),
    null,
  );
}

/** Failed requests in the window, unless Meta accepted a request after the latest one (it recovered). */
async function lastFailures(shopDomain: string, since: Date): Promise<number> {
  const [failure, success] = await Promise.all([
    prisma.deliveryAttempt.findFirst({
      where: { shopDomain, startedAt: { gte: since }, outcome: { not: "delivered" } },
      orderBy: { startedAt: "desc" },
      select: { startedAt: true },
    }),
    prisma.deliveryAttempt.findFirst({
      where: { shopDomain, startedAt: { gte: since }, outcome: "delivered" },
      orderBy: { startedAt: "desc" },
      select: { startedAt: true },
    }),
  ]);
  if (!failure || (success && success.startedAt >= failure.startedAt)) return 0;
  return prisma.deliveryAttempt.count({ where: { shopDomain, startedAt: { gte: since }, outcome: { not: "delivered" } } });
}

/**
 * The accuracy alert (docs/decisions/075): each sending pixel's accuracy over the last 24
 * hours against the shop's threshold; the words name every pixel below it, or null.
 */
async function accuracyBelowThreshold(shopDomain: string, now: Date): Promise<string | null> {
  const threshold = await accuracyThreshold(shopDomain);
  if (threshold <= 0) return null;
  const pixels = await accuracySince(shopDomain, new Date(now.getTime() - HEALTH_WINDOWS.accuracyMs), now);
  const low = pixels.filter(({ enabled, cell }) => {
    const percent = accuracyPercent(cell);
    return enabled && countedOf(cell) >= HEALTH_WINDOWS.minOrdersForAccuracy && percent !== null && percent < threshold;
  });
  if (low.length === 0) return null;
  return low
    .map(
      ({ pixelId, cell }) =>
        `Pixel ${pixelId}: ${accuracyPercent(cell)}% of the last 24 hours' orders accepted by Meta (${cell.accepted} of ${countedOf(cell)}; your threshold is ${threshold}%). Not accepted: ${missedInWords(cell)}.`,
    )
    .join(" ");
}

import { formatMinorUnits, minorDigits } from "../capi";
import prisma from "../db.server";
import { reconciliationGroups, type ReconciliationMoneyGroup } from "../db/statements/order-reconciliation.server";
import { ORDER_CANCELLED_BEFORE_SENT } from "../outbox/decide-row";
import { PIXEL_PAUSED_WHEN_RECEIVED } from "../outbox/status";
import { addDays, startOfDay } from "./shop-time";

// The orders page's reconciliation per shop day, counted from the rows: every live order
// received that day falls in exactly one class, so
//   received = sent + in progress + not sent (by reason)
// holds by construction (the tests check it on both databases). "Sent" means Meta
// accepted the order's Purchase on at least one pixel; "in progress" that a copy is still
// waiting, queued, retrying or paused; every other order says why it was not sent: a
// filter (not paid, POS, renewal, ...), consent, no browser data, withdrawn because the
// order was cancelled first, refused by Meta, expired, before setup or after uninstall.
// Money per day: Shopify's totals of the orders received that day (gross), the refunds
// recorded against them (refunded) and the difference (net), per currency.

export type DayMoney = { currency: string; gross: string; refunded: string; net: string };
export type DayReconciliation = {
  day: string;
  received: number;
  sent: number;
  inProgress: number;
  notSent: Record<string, number>;
  money: DayMoney[];
};

// A skipped row's consent reasons that mean the browser's data never came.
const NO_BROWSER_REASONS = ["no_browser_receipt", "browser_sent_no_user_agent"];

const IN_PROGRESS = ["pending", "retry", "in_flight", "waiting_consent", "waiting_browser", "paused"];

export async function dailyReconciliation(
  shopDomain: string,
  fromDay: string,
  toDay: string,
  timezone: string,
): Promise<DayReconciliation[]> {
  const days: string[] = [];
  for (let day = fromDay; day <= toDay && days.length < 31; day = addDays(day, 1)) days.push(day);
  if (days.length === 0) return [];
  const bounds = [...days.map((day) => startOfDay(day, timezone)), startOfDay(addDays(days[days.length - 1], 1), timezone)];
  const { classes, gross, refunded } = await reconciliationGroups(prisma, {
    shopDomain,
    bounds,
    inProgressStatuses: IN_PROGRESS,
    cancelledBeforeSent: ORDER_CANCELLED_BEFORE_SENT,
    pausedWhenReceived: PIXEL_PAUSED_WHEN_RECEIVED,
    noBrowserReasons: NO_BROWSER_REASONS,
  });
  return days.map((day, i) => {
    const row: DayReconciliation = { day, received: 0, sent: 0, inProgress: 0, notSent: {}, money: [] };
    for (const group of classes.filter((g) => g.bucket === i)) {
      const n = group.n;
      row.received += n;
      const key = classOf(group.outcome, group.reason, group.best);
      if (key === "sent") row.sent += n;
      else if (key === "in_progress") row.inProgress += n;
      else row.notSent[key] = (row.notSent[key] ?? 0) + n;
    }
    const currencies = new Set(gross.filter((g) => g.bucket === i).map((g) => g.currency));
    for (const currency of [...currencies].sort()) {
      const g = sumMilli(gross, i, currency);
      const r = sumMilli(refunded, i, currency);
      row.money.push({ currency, gross: fromMilli(g, currency), refunded: fromMilli(r, currency), net: fromMilli(g - r, currency) });
    }
    return row;
  });
}

/** The class of one order: "sent", "in_progress", or the not-sent reason key (gapReason words it). */
export function classOf(outcome: string, reason: string, best: string | null): string {
  if (best?.startsWith("a:")) return "sent";
  if (best?.startsWith("b:")) return "in_progress";
  if (best) return best.slice(2);
  switch (outcome) {
    case "skipped":
      return `filtered:${reason || "other"}`;
    case "not_configured":
      return "before_setup";
    case "shop_uninstalled":
      return "uninstalled";
    case "rejected":
      return "rejected";
    default:
      return "queued";
  }
}

function sumMilli(rows: ReconciliationMoneyGroup[], bucket: number, currency: string): bigint {
  return rows.filter((row) => row.bucket === bucket && row.currency === currency).reduce((sum, row) => sum + row.milli, 0n);
}

/** Milli-units (3 decimals) to the currency's own digits. */
function fromMilli(milli: bigint, currency: string): string {
  const digits = minorDigits(currency);
  const scale = 10n ** BigInt(3 - Math.min(digits, 3));
  const minor = milli >= 0n ? (milli + scale / 2n) / scale : -((-milli + scale / 2n) / scale);
  return formatMinorUnits(minor, currency);
}

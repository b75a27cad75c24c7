import { formatShopPeriod, zoneName } from "../../format/dates";
import { readAfterTheShell } from "../../http/after-the-shell.server";
import { accuracyByDay, accuracyThreshold } from "../../models/accuracy.server";
import { dedupByDay } from "../../models/dedup-trend.server";
import { dailyGaps } from "../../models/orders.server";
import { addDays } from "../../models/shop-time";
import { qualitySummary } from "../../quality/quality-summary.server";

/** The trend charts cover two weeks: 14 bars stay readable on a phone. */
const TREND_DAYS = 14;

/**
 * The reads behind the overview's cards below the periods: on a big shop they take longer
 * than everything else the page shows (docs/benchmarks.md, "Admin Web Vitals"). They run
 * after the page's shell has gone out, one at a time (docs/decisions/086).
 */
export async function readOverviewDetails(shopDomain: string, today: string, timezone: string, locale: string) {
  const from = addDays(today, 1 - TREND_DAYS);
  const accuracyFrom = addDays(today, -6);
  const [orderTrend, dedupTrend, accuracyBelow, quality, accuracy] = await readAfterTheShell([
    () => dailyGaps(shopDomain, from, today, timezone),
    () => dedupByDay(shopDomain, from, today, timezone),
    () => accuracyThreshold(shopDomain),
    () => qualitySummary(shopDomain, new Date(), timezone),
    () => accuracyByDay(shopDomain, accuracyFrom, today, timezone),
  ]);
  // The period in words, worded on the server with the shop's zone (one clock on every page).
  const accuracyPeriod = `The last 7 days, ${formatShopPeriod(accuracyFrom, today, locale)} (${zoneName(timezone, locale)})`;
  return { orderTrend, dedupTrend, quality, accuracy, accuracyBelow, accuracyPeriod };
}

export type OverviewDetailsData = Awaited<ReturnType<typeof readOverviewDetails>>;

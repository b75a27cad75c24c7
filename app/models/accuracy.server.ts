import prisma from "../db.server";
import { accuracyGroups } from "../db/statements/accuracy.server";
import { MAX_GRACE_MINUTES } from "../capi";
import { addToCell, emptyCell, type AccuracyCell } from "../format/accuracy-words";
import { PIXEL_PAUSED_WHEN_RECEIVED, UNSENT_STATUSES } from "../outbox/status";
import { readSettings } from "./shops.server";
import { addDays, startOfDay } from "./shop-time";

// The accuracy figure per Meta pixel: of the orders that should reach Meta, the share Meta
// accepted, per shop day and per sales channel (docs/decisions/075-accuracy-per-pixel.md).
// Each pixel is measured on the same received orders, so for every pixel
//   received = accepted + missed + left out,
// per day and per channel, and the days (or the channels) add up to the period.

/**
 * An order still waiting, queued or retrying this soon after it was placed is "still being
 * sent", not missed: the longest consent wait (MAX_GRACE_MINUTES) and half an hour to send.
 */
export const SETTLING_MS = (MAX_GRACE_MINUTES + 30) * 60_000;
const NO_BROWSER_REASONS = ["no_browser_receipt", "browser_sent_no_user_agent"];

export type PixelAccuracy = {
  destinationId: string;
  pixelId: string;
  enabled: boolean;
  total: AccuracyCell;
  days: { day: string; cell: AccuracyCell }[];
  channels: { channel: string; cell: AccuracyCell }[];
};

async function groups(shopDomain: string, bounds: Date[], now: Date) {
  return accuracyGroups(prisma, {
    shopDomain,
    bounds,
    settlingSince: new Date(now.getTime() - SETTLING_MS),
    unsentStatuses: UNSENT_STATUSES,
    pausedWhenReceived: PIXEL_PAUSED_WHEN_RECEIVED,
    noBrowserReasons: NO_BROWSER_REASONS,
  });
}

async function pixelsOf(shopDomain: string) {
  return prisma.destination.findMany({
    where: { shopDomain },
    select: { id: true, pixelId: true, enabled: true },
    orderBy: { createdAt: "asc" },
  });
}

async function byDayGroups(shopDomain: string, fromDay: string, toDay: string, timezone: string, now: Date) {
  const days: string[] = [];
  for (let day = fromDay; day <= toDay && days.length < 31; day = addDays(day, 1)) days.push(day);
  if (days.length === 0) return { days, pixels: [], rows: [] };
  const bounds = [...days.map((day) => startOfDay(day, timezone)), startOfDay(addDays(days[days.length - 1], 1), timezone)];
  const [pixels, rows] = await Promise.all([pixelsOf(shopDomain), groups(shopDomain, bounds, now)]);
  return { days, pixels, rows };
}

/**
 * One row per pixel, shop day and sales channel that received orders (the CSV and the
 * CLI's --json): the finest grain, so any sum a merchant makes of them matches the pages.
 */
export async function accuracyRows(
  shopDomain: string,
  fromDay: string,
  toDay: string,
  timezone: string,
  now: Date = new Date(),
): Promise<{ pixelId: string; day: string; channel: string; cell: AccuracyCell }[]> {
  const { days, pixels, rows } = await byDayGroups(shopDomain, fromDay, toDay, timezone, now);
  const cells = new Map<string, { pixelId: string; day: string; channel: string; cell: AccuracyCell }>();
  for (const pixel of pixels) {
    for (const row of rows.filter((r) => r.destinationId === pixel.id)) {
      const key = `${pixel.id}|${row.bucket}|${row.channel}`;
      if (!cells.has(key)) cells.set(key, { pixelId: pixel.pixelId, day: days[row.bucket], channel: row.channel, cell: emptyCell() });
      addToCell(cells.get(key)!.cell, row.klass, row.n);
    }
  }
  return [...cells.values()].sort(
    (a, b) =>
      a.day.localeCompare(b.day) ||
      pixels.findIndex((p) => p.pixelId === a.pixelId) - pixels.findIndex((p) => p.pixelId === b.pixelId) ||
      a.channel.localeCompare(b.channel),
  );
}

/** Per pixel, the shop days fromDay..toDay (at most 31) in the shop's timezone. */
export async function accuracyByDay(
  shopDomain: string,
  fromDay: string,
  toDay: string,
  timezone: string,
  now: Date = new Date(),
): Promise<PixelAccuracy[]> {
  const { days, pixels, rows } = await byDayGroups(shopDomain, fromDay, toDay, timezone, now);
  return pixels.map((pixel) => {
    const total = emptyCell();
    const byDay = days.map((day) => ({ day, cell: emptyCell() }));
    const byChannel = new Map<string, AccuracyCell>();
    for (const row of rows.filter((r) => r.destinationId === pixel.id)) {
      addToCell(total, row.klass, row.n);
      addToCell(byDay[row.bucket].cell, row.klass, row.n);
      if (!byChannel.has(row.channel)) byChannel.set(row.channel, emptyCell());
      addToCell(byChannel.get(row.channel)!, row.klass, row.n);
    }
    const channels = [...byChannel]
      .map(([channel, cell]) => ({ channel, cell }))
      .sort((a, b) => b.cell.received - a.cell.received || a.channel.localeCompare(b.channel));
    return { destinationId: pixel.id, pixelId: pixel.pixelId, enabled: pixel.enabled, total, days: byDay, channels };
  });
}

/** Per pixel, the orders placed in [since, now): what the accuracy alert watches. */
export async function accuracySince(
  shopDomain: string,
  since: Date,
  now: Date,
): Promise<{ destinationId: string; pixelId: string; enabled: boolean; cell: AccuracyCell }[]> {
  const [pixels, rows] = await Promise.all([pixelsOf(shopDomain), groups(shopDomain, [since, now], now)]);
  return pixels.map((pixel) => {
    const cell = emptyCell();
    for (const row of rows.filter((r) => r.destinationId === pixel.id)) addToCell(cell, row.klass, row.n);
    return { destinationId: pixel.id, pixelId: pixel.pixelId, enabled: pixel.enabled, cell };
  });
}

/** The percentage under which the shop wants the accuracy alert (0: off). */
export async function accuracyThreshold(shopDomain: string): Promise<number> {
  const shop = await prisma.shop.findUnique({ where: { domain: shopDomain }, select: { settings: true } });
  return readSettings(shop?.settings).alerts.accuracyBelowPercent;
}

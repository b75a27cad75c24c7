// Meta's Purchase count beside the store's orders, in words (docs/decisions/032). Pure:
// the Match quality page, the overview card, the alert and the CLI share it.

export const BAND = { low: 0.8, high: 1.2 } as const;
/** Below this many purchases on both sides a day's ratio is noise (1 against 2 is not a finding). */
export const MIN_VOLUME = 5;

export type CountDay = {
  day: string;
  /** Meta's Purchase count for the shop day; null when no read of Meta's counts covered it. */
  meta: number | null;
  /** The store's orders placed that day (test orders left out). */
  store: number;
  /** Purchases Tandem delivered to this pixel for that day. */
  sent: number;
  /** Today: Meta's figure is still growing; never flagged. */
  partial: boolean;
};

export function ratioOf(day: CountDay): number | null {
  if (day.meta === null || day.store === 0) return null;
  return Math.round((day.meta / day.store) * 100) / 100;
}

/** Out of the 0.8-1.2 band, on a complete day Meta reported, with enough purchases to mean something. */
export function isOutOfBand(day: CountDay): boolean {
  if (day.partial || day.meta === null || Math.max(day.meta, day.store) < MIN_VOLUME) return false;
  if (day.store === 0) return day.meta > 0;
  const ratio = day.meta / day.store;
  return ratio < BAND.low || ratio > BAND.high;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The likely cause of a day out of band, in words; null when the day is in band. */
export function countCause(day: CountDay): string | null {
  if (!isOutOfBand(day) || day.meta === null) return null;
  const notFromTandem = Math.max(0, day.meta - day.sent);
  if (day.meta > day.store) {
    const extra = day.meta - day.store;
    const twice = day.store > 0 && day.meta / day.store >= 1.8;
    return (
      `Meta counted ${plural(extra, "purchase")} more than your store had${twice ? ", about twice as many" : ""}: ` +
      (twice
        ? "deduplication is likely broken, or something else on your store sends each purchase again. "
        : "some purchases are counted twice, most often because another pixel or integration also sends them. ") +
      (notFromTandem > 0 ? `${plural(notFromTandem, "purchase")} reached Meta that Tandem did not send.` : "")
    ).trim();
  }
  if (day.sent < day.store * BAND.low) {
    return `Tandem sent ${day.sent} of the store's ${plural(day.store, "order")}: the others were held back (no marketing consent, filters such as POS or draft orders) or are waiting or failed. The event log says why for each.`;
  }
  return `Tandem sent ${day.sent} of the store's ${plural(day.store, "order")}, and Meta counted ${day.meta}: Meta may still be processing that day (its counts lag), or discarded some events; check Meta's suggestions above.`;
}

/** Purchases Meta counted beyond the store's orders over the days read: the figure of double counting. */
export function doubleCounted(days: CountDay[]): number | null {
  const read = days.filter((d) => !d.partial && d.meta !== null);
  if (read.length === 0) return null;
  return read.reduce((sum, d) => sum + Math.max(0, (d.meta ?? 0) - d.store), 0);
}

/** Purchases Meta counted beyond what Tandem delivered over the days read: events for Tandem's event name that Tandem did not send. */
export function notFromTandem(days: CountDay[]): number | null {
  const read = days.filter((d) => !d.partial && d.meta !== null);
  if (read.length === 0) return null;
  return read.reduce((sum, d) => sum + Math.max(0, (d.meta ?? 0) - d.sent), 0);
}

/** The overview card's line about Meta's count: the latest complete day Meta's count was read for. */
export type CountSummary =
  { state: "read"; day: CountDay; doubleCounted: number | null } | { state: "not_read" } | { state: "unavailable"; explanation: string };

export function countSummaryLine(s: CountSummary, formatDay: (day: string) => string): string {
  if (s.state === "not_read") return "Meta's purchase count: not read yet.";
  if (s.state === "unavailable") return `Meta's purchase count: ${s.explanation}`;
  const d = s.day;
  const ratio = ratioOf(d);
  return `${formatDay(d.day)}: Meta counted ${plural(d.meta ?? 0, "purchase")}, your store had ${plural(d.store, "order")}${ratio === null ? "" : ` (× ${ratio})`}${isOutOfBand(d) ? ", out of the 0.8-1.2 band" : ""}.`;
}

// The accuracy figure's words and arithmetic, shared by the admin pages, the CSV and the
// CLI (docs/decisions/075-accuracy-per-pixel.md). Pure: no server imports.

/** One pixel's orders over a period: accepted + sum(missed) + sum(leftOut) = received. */
export type AccuracyCell = {
  received: number;
  accepted: number;
  /** Counted and not accepted, by reason. */
  missed: Record<string, number>;
  /** Left out of the figure, by reason. */
  leftOut: Record<string, number>;
};

export const emptyCell = (): AccuracyCell => ({ received: 0, accepted: 0, missed: {}, leftOut: {} });

export function addToCell(cell: AccuracyCell, klass: string, n: number): void {
  cell.received += n;
  const [kind, reason] = [klass.slice(0, 1), klass.slice(2)];
  if (kind === "a") cell.accepted += n;
  else if (kind === "m") cell.missed[reason] = (cell.missed[reason] ?? 0) + n;
  else cell.leftOut[reason] = (cell.leftOut[reason] ?? 0) + n;
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** The orders the figure is computed on: accepted + missed. */
export const countedOf = (cell: AccuracyCell) => cell.accepted + sum(cell.missed);

/** Accepted / counted as a whole percentage (rounded down, so 99.6% never reads 100%); null with nothing counted. */
export function accuracyPercent(cell: AccuracyCell): number | null {
  const counted = countedOf(cell);
  return counted === 0 ? null : Math.floor((cell.accepted / counted) * 100);
}

export function accuracyText(cell: AccuracyCell): string {
  const percent = accuracyPercent(cell);
  return percent === null ? "No orders to measure" : `${percent}% (${cell.accepted} of ${countedOf(cell)})`;
}

export const MISSED_WORDS: Record<string, string> = {
  failed: "refused by Meta",
  expired: "expired before it could be sent",
  no_browser: "no browser data",
  pixel_paused: "pixel paused",
  token_refused: "waiting for a fixed access token",
  late: "still not sent",
  rejected: "unreadable order data",
  skipped: "not sent by rule",
};

export const LEFT_OUT_WORDS: Record<string, string> = {
  filtered: "left out by your filters",
  consent: "held back by consent",
  cancelled: "cancelled before it was sent",
  settling: "still being sent",
  no_pixel_yet: "before this pixel was connected",
};

function listed(counts: Record<string, number>, words: Record<string, string>): string {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([key, n]) => `${n} ${words[key] ?? key.replaceAll("_", " ")}`)
    .join(", ");
}

export const missedInWords = (cell: AccuracyCell) => listed(cell.missed, MISSED_WORDS);
export const leftOutInWords = (cell: AccuracyCell) => listed(cell.leftOut, LEFT_OUT_WORDS);

/** Shopify's source_name codes in the words of Shopify's admin. */
const CHANNELS: Record<string, string> = {
  web: "Online Store",
  pos: "Point of Sale",
  shopify_draft_order: "Draft orders",
  subscription_contract: "Subscription renewals",
  subscription_contract_checkout_one: "Subscription renewals",
  iphone: "Shopify mobile (iPhone)",
  android: "Shopify mobile (Android)",
  shop: "Shop app",
};

export function channelLabel(code: string): string {
  if (!code) return "Channel not recorded";
  if (/^\d+$/.test(code)) return `App ${code}`;
  return CHANNELS[code] ?? code;
}

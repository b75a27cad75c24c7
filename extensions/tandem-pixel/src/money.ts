// Money is summed in integer minor units so no binary-float error accumulates; the same
// rule as the server's value rule (DESIGN.md section 3).
// Exactly the server's table (JPY 0, these five 3, everything else 2): rounding must agree.
const THREE_DECIMALS = ["BHD", "JOD", "KWD", "OMR", "TND"];

export function minorDigits(currency: string): number {
  if (currency === "JPY") return 0;
  return THREE_DECIMALS.includes(currency) ? 3 : 2;
}

export function toMinor(amount: unknown, currency: string): number {
  const n = typeof amount === "string" ? Number(amount) : amount;
  return typeof n === "number" && Number.isFinite(n) ? Math.round(n * 10 ** minorDigits(currency)) : 0;
}

export function fromMinor(minor: number, currency: string): number {
  const digits = minorDigits(currency);
  return Number((minor / 10 ** digits).toFixed(digits));
}

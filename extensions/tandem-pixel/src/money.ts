// Money is summed in integer minor units so no binary-float error accumulates, and
// rounded with the same ISO 4217 table as the server (app/capi/money.ts): both copies of
// an event must carry the same value.
const MINOR_DIGITS: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
};

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency.toUpperCase()] ?? 2;
}

// Rounds the decimal text itself, half away from zero, like the server's toMinorUnits:
// Math.round(1.005 * 100) is 100 in binary floating point, and the server says 101.
// Anything that is not a plain decimal counts as 0 (the server ignores it too).
export function toMinor(amount: unknown, currency: string): number {
  const text = typeof amount === "number" && Number.isFinite(amount) ? String(amount) : amount;
  const match = typeof text === "string" ? /^([+-]?)(\d+)(?:\.(\d*))?$/.exec(text.trim()) : null;
  if (!match) return 0;
  const digits = minorDigits(currency);
  const fraction = match[3] ?? "";
  const minor = Number(match[2] + fraction.slice(0, digits).padEnd(digits, "0")) + (fraction.charAt(digits) >= "5" ? 1 : 0);
  return match[1] === "-" ? -minor : minor;
}

export function fromMinor(minor: number, currency: string): number {
  const digits = minorDigits(currency);
  return Number((minor / 10 ** digits).toFixed(digits));
}

// Money is summed in integer minor units so no binary-float error accumulates, and
// rounded with the same ISO 4217 table as the server (app/capi/money.ts): both copies of
// an event must carry the same value.
const MINOR_DIGITS: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0,
  UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
};

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency.toUpperCase()] ?? 2;
}

export function toMinor(amount: unknown, currency: string): number {
  const n = typeof amount === "string" ? Number(amount) : amount;
  return typeof n === "number" && Number.isFinite(n) ? Math.round(n * 10 ** minorDigits(currency)) : 0;
}

export function fromMinor(minor: number, currency: string): number {
  const digits = minorDigits(currency);
  return Number((minor / 10 ** digits).toFixed(digits));
}

// Money is kept in integer minor units (BigInt) from the decimal strings Shopify sends
// to the number Meta receives: binary floating point would turn 0.1 + 0.2 into
// 0.30000000000000004 and, summed over 250 line items, into wrong revenue.

/** ISO 4217 minor-unit digits where they differ from 2. */
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

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d*))?$/;

/**
 * Parses a decimal amount ("12.50", "1000", 12.5) into minor units of `currency`,
 * rounding half away from zero when it carries more digits than the currency has.
 * Returns null for anything that is not a plain decimal (never guesses).
 */
export function toMinorUnits(amount: unknown, currency: string): bigint | null {
  const text = typeof amount === "number" && Number.isFinite(amount) ? String(amount) : amount;
  if (typeof text !== "string") return null;
  const match = DECIMAL.exec(text.trim());
  if (!match) return null;
  const [, sign, whole, fraction = ""] = match;
  const digits = minorDigits(currency);
  const kept = fraction.slice(0, digits).padEnd(digits, "0");
  let minor = BigInt(whole + kept);
  const firstDropped = fraction.charAt(digits);
  if (firstDropped !== "" && firstDropped >= "5") minor += 1n;
  return sign === "-" ? -minor : minor;
}

/** Decimal string of minor units, e.g. 1234n USD -> "12.34", 5n KWD -> "0.005". */
export function formatMinorUnits(minor: bigint, currency: string): string {
  const digits = minorDigits(currency);
  const negative = minor < 0n;
  const abs = (negative ? -minor : minor).toString().padStart(digits + 1, "0");
  const whole = abs.slice(0, abs.length - digits);
  const fraction = abs.slice(abs.length - digits);
  return `${negative ? "-" : ""}${whole}${digits > 0 ? `.${fraction}` : ""}`;
}

/** The only place money becomes a JS number: at the edge, already rounded. */
export function minorUnitsToNumber(minor: bigint, currency: string): number {
  return Number(formatMinorUnits(minor, currency));
}

export function isCurrencyCode(value: unknown): value is string {
  return typeof value === "string" && /^[A-Z]{3}$/.test(value) && ISO_4217.has(value);
}

// Node's ICU knows the ISO 4217 list; the regex above is the fallback shape check.
const ISO_4217: Set<string> = (() => {
  try {
    return new Set(Intl.supportedValuesOf("currency"));
  } catch {
    return { has: (code: string) => /^[A-Z]{3}$/.test(code) } as Set<string>;
  }
})();

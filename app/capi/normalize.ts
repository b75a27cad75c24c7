import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";

// Normalization per Meta's customer information parameters. Each function returns the
// distinct non-empty forms to hash: usually one, two where Meta's own libraries disagree
// (ct, zp) so either form can match. [] means "drop this value".

const WHITESPACE = /\s+/gu;
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/g;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function distinct(forms: string[]): string[] {
  return [...new Set(forms.filter((form) => form !== ""))];
}

export function normalizeEmail(raw: string): string[] {
  const email = raw
    .trim()
    .replace(/^mailto:/i, "")
    .toLowerCase();
  return EMAIL.test(email) ? [email] : [];
}

/**
 * E.164 digits. The address country is the default for national formats; a number that
 * libphonenumber does not consider valid is dropped rather than guessed, because a wrong
 * country code would match a stranger.
 */
export function normalizePhone(raw: string, defaultCountry?: string | null): string[] {
  let input = raw.trim();
  // "00" is the ITU international prefix: the number already carries its country code.
  if (input.startsWith("00")) input = `+${input.slice(2)}`;
  const country = toCountryCode(defaultCountry);
  if (!input.startsWith("+") && !country) return [];
  const parsed = parsePhoneNumberFromString(input, country);
  if (!parsed || !parsed.isValid()) return [];
  return [parsed.number.replace(/\D/g, "")];
}

function toCountryCode(country?: string | null): CountryCode | undefined {
  const code = country?.trim().toUpperCase();
  return code && /^[A-Z]{2}$/.test(code) ? (code as CountryCode) : undefined;
}

/** fn / ln: keep letters of every script (Valéry, 정), drop spaces and ASCII punctuation. */
export function normalizeName(raw: string): string[] {
  const name = raw.normalize("NFC").toLowerCase().replace(WHITESPACE, "").replace(ASCII_PUNCTUATION, "");
  return distinct([name]);
}

/** ct: letters only; second form ASCII letters and digits only (what some Meta SDKs hash). */
export function normalizeCity(raw: string): string[] {
  const lower = raw.normalize("NFC").toLowerCase();
  const lettersOnly = lower.replace(/[^\p{L}\p{M}]/gu, "");
  const asciiAlnum = lower.replace(/[^a-z0-9]/g, "");
  return distinct([lettersOnly, asciiAlnum]);
}

/**
 * st: the province code, lowercased, punctuation removed. Digits are kept (departure from
 * the table's "letters"): Shopify codes such as Japan's "JP-13" would otherwise collapse
 * to the country ("jp") and match every prefecture.
 */
export function normalizeState(raw: string): string[] {
  return distinct([
    raw
      .normalize("NFC")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]/gu, ""),
  ]);
}

/**
 * zp: part before "-", whitespace removed, lowercase; US keeps the first 5 digits (ZIP+4
 * and 9-digit forms). Second form keeps one interior space ("sw1a 1aa", "k1a 0b1").
 * The "part before -" rule applies to every country because that is what Meta's SDKs hash.
 */
export function normalizeZip(raw: string, country?: string | null): string[] {
  const beforeDash = raw.toLowerCase().split("-")[0].trim();
  const compact = beforeDash.replace(WHITESPACE, "");
  if (toCountryCode(country) === "US") {
    const digits = /^\d{5}/.exec(compact);
    return distinct([digits ? digits[0] : compact]);
  }
  return distinct([compact, beforeDash.replace(WHITESPACE, " ")]);
}

export function normalizeCountry(raw: string): string[] {
  const code = raw.trim().toLowerCase();
  return /^[a-z]{2}$/.test(code) ? [code] : [];
}

/** external_id: the Shopify customer id as a decimal string. */
export function normalizeExternalId(raw: string): string[] {
  return distinct([raw.trim().toLowerCase()]);
}

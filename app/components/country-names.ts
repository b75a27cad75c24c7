import { displayNames } from "../format/intl-cache";

/** "DE" -> "Germany" in the merchant's language (Intl), the code itself when unknown. */
export function countryName(code: string, locale: string): string {
  try {
    return displayNames([locale, "en"], { type: "region" }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

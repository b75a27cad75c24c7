import { numberFormat } from "./intl-cache";

/** "€42.50" in the merchant's locale; the amount as Meta received it. */
export function formatMoney(value: { amount: number; currency: string } | null, locale: string): string {
  if (!value) return "";
  try {
    return numberFormat(locale, { style: "currency", currency: value.currency }).format(value.amount);
  } catch {
    return `${value.amount} ${value.currency}`;
  }
}

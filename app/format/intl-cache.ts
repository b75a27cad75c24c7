// Intl formatters are costly to build (tens of microseconds each, a millisecond on a slow
// phone, far more for the first of a kind) and cheap to use: a table formatting a date per
// row built one per row, inside hydration. One formatter per locale and options instead.
// A constructor that throws (an unknown timezone or currency) throws here too, uncached.

const MAX = 500;
const built = new Map<string, unknown>();

function cached<T>(kind: string, locales: string | string[], options: object, make: () => T): T {
  const key = `${kind}\u0000${JSON.stringify(locales)}\u0000${JSON.stringify(options)}`;
  let found = built.get(key) as T | undefined;
  if (found === undefined) {
    found = make();
    // A bound, not an eviction policy: the server sees a few locales and timezones per shop.
    if (built.size >= MAX) built.clear();
    built.set(key, found);
  }
  return found;
}

export const dateTimeFormat = (locales: string | string[], options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat =>
  cached("dt", locales, options, () => new Intl.DateTimeFormat(locales, options));

export const numberFormat = (locales: string | string[], options: Intl.NumberFormatOptions): Intl.NumberFormat =>
  cached("n", locales, options, () => new Intl.NumberFormat(locales, options));

export const displayNames = (locales: string | string[], options: Intl.DisplayNamesOptions): Intl.DisplayNames =>
  cached("dn", locales, options, () => new Intl.DisplayNames(locales, options));

export const collator = (locales: string | string[], options: Intl.CollatorOptions = {}): Intl.Collator =>
  cached("c", locales, options, () => new Intl.Collator(locales, options));

import { DatePicker, Popover, TextField } from "@shopify/polaris";
import { useState } from "react";
import { dateTimeFormat } from "../format/intl-cache";
import { useDateFormat } from "./use-date-format";

/**
 * A day field written in the merchant's locale ("01.12.2026" for a German merchant, "1 Dec
 * 2026" in British English), with Polaris' date picker to choose it. Chromium lays out a
 * native date field in its own interface language, whatever the page or the admin says:
 * a German merchant read "mm/dd/yyyy" beside German dates everywhere else. The form
 * still receives the day as YYYY-MM-DD, in a hidden field.
 */
export function DateField({
  label,
  name,
  value,
  onChange,
}: {
  label: string;
  name: string;
  value: string;
  onChange: (day: string) => void;
}) {
  const { locale } = useDateFormat().format;
  const [open, setOpen] = useState(false);
  const selected = value ? fromDay(value) : undefined;
  const shown = selected ?? new Date();
  const [view, setView] = useState({ month: shown.getMonth(), year: shown.getFullYear() });
  return (
    <div style={{ width: 150 }}>
      <input type="hidden" name={name} value={value} />
      <Popover
        active={open}
        onClose={() => setOpen(false)}
        preferredAlignment="left"
        autofocusTarget="first-node"
        activator={
          // Polaris' date-picking pattern: a combobox field that opens the picker; typing is left to the picker.
          <TextField
            role="combobox"
            label={label}
            value={value ? formatDay(value, locale) : ""}
            ariaExpanded={open}
            autoComplete="off"
            onChange={() => undefined}
            onFocus={() => setOpen(true)}
            clearButton
            onClearButtonClick={() => onChange("")}
          />
        }
      >
        <div style={{ padding: "var(--p-space-400)", maxWidth: 320 }}>
          <DatePicker
            month={view.month}
            year={view.year}
            selected={selected}
            weekStartsOn={weekStart(locale)}
            onMonthChange={(month, year) => setView({ month, year })}
            onChange={({ start }) => {
              onChange(toDay(start));
              setOpen(false);
            }}
          />
        </div>
      </Popover>
    </div>
  );
}

/** The day in the locale's short numeric form, as the merchant types dates ("01.12.2026", "01/12/2026", "12/1/2026"). */
function formatDay(day: string, locale: string): string {
  const date = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return dateTimeFormat(locale, { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "UTC" }).format(date);
}

/** Polaris' picker works in the browser's local days: a YYYY-MM-DD day as that local date, and back. */
export function fromDay(day: string): Date | undefined {
  const [y, m, d] = day.split("-").map(Number);
  const date = new Date(y, m - 1, d);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function toDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

type WeekInfo = { firstDay: number };

/** The locale's first day of the week (Monday in Germany, Sunday in the United States); Sunday when Intl cannot say. */
export function weekStart(locale: string): number {
  try {
    const intl = new Intl.Locale(locale) as Intl.Locale & { getWeekInfo?: () => WeekInfo; weekInfo?: WeekInfo };
    const info = intl.getWeekInfo?.() ?? intl.weekInfo;
    return info ? info.firstDay % 7 : 0;
  } catch {
    return 0;
  }
}

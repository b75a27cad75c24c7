import { useRouteLoaderData } from "@remix-run/react";
import { DEFAULT_FORMAT, formatDate, formatDateTime, formatTime, type DateFormat } from "../format/dates";

/** The layout's date format (routes/app loader), with formatters bound to it. */
export function useDateFormat() {
  const data = useRouteLoaderData("routes/app") as { dateFormat?: DateFormat } | undefined;
  const f = data?.dateFormat ?? DEFAULT_FORMAT;
  return {
    format: f,
    dateTime: (value: Date | string | number) => formatDateTime(value, f),
    date: (value: Date | string | number) => formatDate(value, f),
    time: (value: Date | string | number) => formatTime(value, f),
  };
}

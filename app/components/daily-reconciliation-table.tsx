import { BlockStack, Link, Text } from "@shopify/polaris";
import { formatShopDay } from "../format/dates";
import { formatMoney } from "../format/format-money";
import { useNarrow } from "./use-narrow";

// The orders page's reconciliation per shop day: received = sent + in progress + not sent,
// and the day's money (gross, refunded, net). A table at the admin's width; on a phone one
// line per day, so no column is hidden off screen.

export type DayRow = {
  day: string;
  received: number;
  sent: number;
  inProgress: number;
  notSent: Record<string, number>;
  money: { currency: string; gross: string; refunded: string; net: string }[];
};

const HEADINGS = ["Day", "Received", "Accepted by Meta", "In progress", "Not sent", "Gross", "Refunded", "Net"];

const notSentOf = (row: DayRow) => Object.values(row.notSent).reduce((sum, n) => sum + n, 0);

/**
 * The day's orders Meta has not accepted (in progress or not sent), each with its reason.
 * The link's name starts with its visible text (WCAG 2.5.3, label in name: a voice user says
 * what they see), then says what a bare figure in a table cell stands for.
 */
function NotAcceptedLink({ row, locale, column, children }: { row: DayRow; locale: string; column?: string; children: string }) {
  const count = row.received - row.sent;
  if (count <= 0) return <>{children}</>;
  const what = `${count} orders of ${formatShopDay(row.day, locale)} not accepted by Meta`;
  return (
    <Link
      url={`/app/orders?from=${row.day}&to=${row.day}&outcome=not_accepted`}
      accessibilityLabel={column ? `${children} ${column}: see the ${what}` : `${children}: ${what}`}
    >
      {children}
    </Link>
  );
}

export function DailyReconciliationTable({ days, locale }: { days: DayRow[]; locale: string }) {
  const narrow = useNarrow();
  const money = (row: DayRow, field: "gross" | "refunded" | "net") =>
    row.money.length === 0
      ? "—"
      : row.money.map((m) => formatMoney({ amount: Number(m[field]), currency: m.currency }, locale)).join(" + ");
  if (narrow) {
    return (
      <BlockStack gap="200">
        {days.map((row) => (
          <div key={row.day} data-day={row.day}>
            <Text as="p" fontWeight="semibold">
              {formatShopDay(row.day, locale, { weekday: true })}
            </Text>
            <Text as="p" variant="bodySm">
              {row.received === 0
                ? "No orders."
                : `${row.received} received: ${row.sent} accepted by Meta, ${row.inProgress} in progress, ${notSentOf(row)} not sent. Gross ${money(row, "gross")}, refunded ${money(row, "refunded")}, net ${money(row, "net")}.`}
            </Text>
            {row.received > row.sent ? (
              <NotAcceptedLink row={row} locale={locale}>{`See the ${row.received - row.sent} not accepted`}</NotAcceptedLink>
            ) : null}
          </div>
        ))}
      </BlockStack>
    );
  }
  const cell = { textAlign: "right" as const, padding: "4px 8px", whiteSpace: "nowrap" as const };
  return (
    <div style={{ overflowX: "auto" }}>
      <table style={{ borderCollapse: "collapse", width: "100%" }}>
        <thead>
          <tr>
            {HEADINGS.map((heading) => (
              <th key={heading} scope="col" style={{ ...cell, textAlign: heading === "Day" ? "left" : "right" }}>
                <Text as="span" variant="bodySm" fontWeight="semibold">
                  {heading}
                </Text>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {days.map((row) => {
            const notSent = notSentOf(row);
            return (
              <tr key={row.day} data-day={row.day}>
                <td style={{ ...cell, textAlign: "left" }}>{formatShopDay(row.day, locale, { weekday: true })}</td>
                <td style={cell}>{row.received}</td>
                <td style={cell}>{row.sent}</td>
                <td style={cell}>
                  {row.inProgress ? (
                    <NotAcceptedLink row={row} locale={locale} column="in progress">
                      {String(row.inProgress)}
                    </NotAcceptedLink>
                  ) : (
                    0
                  )}
                </td>
                <td style={cell}>
                  {notSent ? (
                    <NotAcceptedLink row={row} locale={locale} column="not sent">
                      {String(notSent)}
                    </NotAcceptedLink>
                  ) : (
                    0
                  )}
                </td>
                <td style={cell}>{money(row, "gross")}</td>
                <td style={cell}>{money(row, "refunded")}</td>
                <td style={cell}>
                  <Text as="span" fontWeight="semibold">
                    {money(row, "net")}
                  </Text>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

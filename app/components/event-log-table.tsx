import { Badge, BlockStack, Box, IndexTable, InlineStack, Link, Text, type IndexTableProps } from "@shopify/polaris";
import type { ReactNode } from "react";
import { statusLabel, whyInWords } from "../format/event-labels";
import { formatMoney } from "../format/format-money";
import { SENT_VALUE_LABEL } from "../format/value-words";
import { useDateFormat } from "./use-date-format";
import { useNarrow } from "./use-narrow";

export type EventLogRow = {
  id: string;
  eventName: string;
  eventId: string;
  status: string;
  consentReason: string;
  consentUntil: string | null;
  lastError: string | null;
  createdAt: string;
  browserSeenAt: string | null;
  isTest: boolean;
  orderId: string | null;
  orderName?: string | null;
  orderUrl?: string | null;
  checkoutToken: string | null;
  value: { amount: number; currency: string } | null;
  undeduplicable: boolean;
  destination?: { pixelId: string };
};

type SubjectRow = Pick<EventLogRow, "orderName" | "orderId" | "checkoutToken" | "eventId">;

/**
 * What the row is about, for a merchant: the order's name as the admin shows it ("Order
 * #1003"). Without a recorded name (an order from before Tandem stored names) it says it
 * is Shopify's ID, so nobody mistakes 5550001003 for an order number.
 */
export function eventSubject(row: SubjectRow): string {
  if (row.orderName) return `Order ${row.orderName}`;
  if (row.orderId) return `Order ID ${row.orderId}`;
  if (row.checkoutToken) return `Checkout ${row.checkoutToken.slice(0, 8)}…`;
  // Settings' "Send test event" (app/capi/test-event.ts): no order behind it.
  if (row.eventId.startsWith("tandem_test_")) return "Test event from Settings";
  return row.eventId;
}

/** The row's short title in the log: "#1003", as in Shopify's order list. */
export const rowSubject = (row: SubjectRow): string => row.orderName ?? eventSubject(row);

export function StatusBadges({ row }: { row: Pick<EventLogRow, "status" | "browserSeenAt" | "undeduplicable" | "isTest"> }) {
  const { label, tone } = statusLabel(row.status);
  return (
    <InlineStack gap="100" wrap>
      <Badge tone={tone}>{label}</Badge>
      {row.isTest ? <Badge tone="info">Test</Badge> : null}
      {row.browserSeenAt ? <Badge tone="success">Browser copy seen</Badge> : null}
      {row.undeduplicable ? <Badge tone="warning">Too late to deduplicate</Badge> : null}
    </InlineStack>
  );
}

export function EventLogTable({
  events,
  loading,
  search,
  emptyState,
  pagination,
  showPixel = false,
}: {
  /** The shop has several pixels: each row says which one it is for. */
  showPixel?: boolean;
  events: EventLogRow[];
  loading: boolean;
  search: string;
  emptyState: ReactNode;
  pagination: IndexTableProps["pagination"];
}) {
  const fmt = useDateFormat();
  const condensed = useNarrow();
  const href = (id: string) => `/app/events/${id}${search}`;
  return (
    <IndexTable
      condensed={condensed}
      resourceName={{ singular: "event", plural: "events" }}
      itemCount={events.length}
      selectable={false}
      loading={loading}
      emptyState={emptyState}
      pagination={pagination}
      headings={[
        { title: "Order or checkout" },
        { title: "Received" },
        { title: "Event" },
        ...(showPixel ? [{ title: "Pixel" }] : []),
        { title: "Status" },
        { title: SENT_VALUE_LABEL, alignment: "end" },
        { title: "Why" },
      ]}
    >
      {events.map((event, index) => {
        const why = whyInWords(event, fmt.time);
        const link = (
          <Link url={href(event.id)} dataPrimaryLink removeUnderline>
            <Text as="span" fontWeight="semibold">
              {rowSubject(event)}
            </Text>
          </Link>
        );
        if (condensed) {
          return (
            <IndexTable.Row id={event.id} key={event.id} position={index}>
              <div style={{ padding: "12px 16px" }}>
                <InlineStack align="space-between" blockAlign="start" gap="200">
                  {link}
                  {event.value ? (
                    <BlockStack gap="0" inlineAlign="end">
                      <Text as="span" variant="bodySm" tone="subdued">
                        {SENT_VALUE_LABEL}
                      </Text>
                      <Text as="span">{formatMoney(event.value, fmt.format.locale)}</Text>
                    </BlockStack>
                  ) : null}
                </InlineStack>
                <Text as="p" tone="subdued">
                  {event.eventName} · {fmt.dateTime(event.createdAt)}
                  {showPixel && event.destination ? ` · Pixel ${event.destination.pixelId}` : ""}
                </Text>
                <Box paddingBlock="100">
                  <StatusBadges row={event} />
                </Box>
                <Text as="p">{why}</Text>
              </div>
            </IndexTable.Row>
          );
        }
        return (
          <IndexTable.Row id={event.id} key={event.id} position={index}>
            <IndexTable.Cell>{link}</IndexTable.Cell>
            <IndexTable.Cell>{fmt.dateTime(event.createdAt)}</IndexTable.Cell>
            <IndexTable.Cell>{event.eventName}</IndexTable.Cell>
            {showPixel ? <IndexTable.Cell>{event.destination?.pixelId ?? ""}</IndexTable.Cell> : null}
            <IndexTable.Cell>
              <Box maxWidth="220px">
                <StatusBadges row={event} />
              </Box>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" alignment="end" numeric>
                {formatMoney(event.value, fmt.format.locale)}
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <div style={{ whiteSpace: "normal", minWidth: 200, maxWidth: 340 }}>
                <Text as="span" variant="bodySm">
                  {why}
                </Text>
              </div>
            </IndexTable.Cell>
          </IndexTable.Row>
        );
      })}
    </IndexTable>
  );
}

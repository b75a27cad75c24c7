import { Badge, BlockStack, Box, IndexTable, InlineStack, Link, Text, type BadgeProps } from "@shopify/polaris";
import type { ReactNode } from "react";
import { formatMoney } from "../format/format-money";
import { ORDER_TOTAL_LABEL } from "../format/value-words";
import { LifecycleBadges, LifecycleMoney, lifecycleSentence, type OrderLifecycleView } from "./order-lifecycle-parts";
import { useDateFormat } from "./use-date-format";
import { useNarrow } from "./use-narrow";

export type OrderLineView = {
  id: string;
  kind: "order" | "checkout";
  title: string;
  value: string | null;
  currency: string | null;
  placedAtText: string;
  isTest: boolean;
  adminUrl: string | null;
  eventId?: string | null;
  classLabel?: string | null;
  outcome: { tone?: BadgeProps["tone"]; label: string; detail: string };
  lifecycle?: OrderLifecycleView | null;
};

/** The order's name, linked to the order in Shopify's admin (outside the app's frame). */
function Title({ line }: { line: OrderLineView }) {
  const name = (
    <Text as="span" fontWeight="semibold">
      {line.title}
    </Text>
  );
  return (
    <span data-order-line={line.id}>
      {line.adminUrl ? (
        <Link url={line.adminUrl} target="_top" removeUnderline>
          {name}
        </Link>
      ) : (
        name
      )}
    </span>
  );
}

/** Tandem's own page of the order's events (where "Send again" lives), found by its event id. */
function EventsLink({ line }: { line: OrderLineView }) {
  if (!line.eventId) return null;
  return <Link url={`/app/events?q=${encodeURIComponent(line.eventId)}`}>Its events in Tandem</Link>;
}

function Tags({ line }: { line: OrderLineView }) {
  const { lifecycle } = line;
  const after = Boolean(lifecycle && (lifecycle.cancelledAt || lifecycle.refunds > 0 || lifecycle.edits > 0));
  if (line.kind !== "checkout" && !line.isTest && !after && !line.classLabel) return null;
  return (
    <InlineStack gap="100">
      {line.kind === "checkout" ? <Badge>Checkout</Badge> : null}
      {line.isTest ? <Badge tone="info">Test</Badge> : null}
      {line.classLabel ? <Badge>{line.classLabel}</Badge> : null}
      <LifecycleBadges lifecycle={lifecycle} />
    </InlineStack>
  );
}

/** Shopify's total as text ("84.50") and currency, in the merchant's locale ("€84.50"). */
function money(line: OrderLineView, locale: string): string {
  const amount = Number(line.value);
  if (!line.value || !Number.isFinite(amount)) return "—";
  return line.currency ? formatMoney({ amount, currency: line.currency }, locale) : line.value;
}

/** The outcome's reason, then what happened to the order after checkout. */
function withLifecycle(line: OrderLineView): string {
  const after = lifecycleSentence(line.lifecycle);
  return after ? `${line.outcome.detail} ${after}` : line.outcome.detail;
}

/**
 * Every received order with its outcome. At the admin's iframe width a table; on a phone
 * (the mobile admin, 390 px) each order is one block: name and value, date, outcome badge,
 * then the reason in words, with nothing cut off.
 */
export function OrderLinesTable({ lines, loading, emptyState }: { lines: OrderLineView[]; loading: boolean; emptyState: ReactNode }) {
  const condensed = useNarrow();
  const { locale } = useDateFormat().format;
  return (
    <IndexTable
      condensed={condensed}
      resourceName={{ singular: "order", plural: "orders" }}
      itemCount={lines.length}
      selectable={false}
      loading={loading}
      emptyState={emptyState}
      headings={[
        { title: "Order" },
        { title: "Date" },
        { title: ORDER_TOTAL_LABEL, alignment: "end" },
        { title: "Outcome" },
        { title: "Why" },
      ]}
    >
      {lines.map((line, index) =>
        condensed ? (
          <IndexTable.Row id={line.id} key={line.id} position={index}>
            <div style={{ padding: "12px 16px" }}>
              <BlockStack gap="100">
                <InlineStack align="space-between" blockAlign="start" gap="200" wrap={false}>
                  <Title line={line} />
                  <BlockStack gap="0" inlineAlign="end">
                    <Text as="span" variant="bodySm" tone="subdued">
                      {ORDER_TOTAL_LABEL}
                    </Text>
                    <Text as="span" numeric>
                      {money(line, locale)}
                    </Text>
                    <LifecycleMoney lifecycle={line.lifecycle} currency={line.currency} locale={locale} alignment="end" />
                  </BlockStack>
                </InlineStack>
                <Text as="p" tone="subdued">
                  {line.placedAtText}
                </Text>
                <InlineStack gap="100">
                  <Badge tone={line.outcome.tone}>{line.outcome.label}</Badge>
                  <Tags line={line} />
                </InlineStack>
                <Text as="p">{withLifecycle(line)}</Text>
                <EventsLink line={line} />
              </BlockStack>
            </div>
          </IndexTable.Row>
        ) : (
          <IndexTable.Row id={line.id} key={line.id} position={index}>
            <IndexTable.Cell>
              <BlockStack gap="050">
                <Title line={line} />
                <Tags line={line} />
              </BlockStack>
            </IndexTable.Cell>
            <IndexTable.Cell>{line.placedAtText}</IndexTable.Cell>
            <IndexTable.Cell>
              <BlockStack gap="0">
                <Text as="span" alignment="end" numeric>
                  {money(line, locale)}
                </Text>
                <LifecycleMoney lifecycle={line.lifecycle} currency={line.currency} locale={locale} alignment="end" />
              </BlockStack>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Badge tone={line.outcome.tone}>{line.outcome.label}</Badge>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Box minWidth="14rem" maxWidth="26rem">
                <div style={{ whiteSpace: "normal" }}>
                  <Text as="span" variant="bodySm">
                    {withLifecycle(line)}
                  </Text>{" "}
                  <Text as="span" variant="bodySm">
                    <EventsLink line={line} />
                  </Text>
                </div>
              </Box>
            </IndexTable.Cell>
          </IndexTable.Row>
        ),
      )}
    </IndexTable>
  );
}

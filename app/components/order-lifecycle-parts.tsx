import { Badge, BlockStack, Text } from "@shopify/polaris";
import { formatMoney } from "../format/format-money";
import { ORDER_TOTAL_LABEL } from "../format/value-words";

// What happened to an order after checkout, as the orders list shows it: a Cancelled
// badge, the refunded and net value under Shopify's total, and the edits in words.

export type OrderLifecycleView = {
  cancelledAt: string | null;
  cancelledAtText: string;
  cancelReason: string;
  refunds: number;
  refunded: string | null;
  net: string | null;
  refundsNotCounted: number;
  edits: number;
  unitsAdded: number;
  unitsRemoved: number;
  editValue: string | null;
  editCurrency: string | null;
};

export function LifecycleBadges({ lifecycle }: { lifecycle: OrderLifecycleView | null | undefined }) {
  if (!lifecycle) return null;
  return (
    <>
      {lifecycle.cancelledAt ? <Badge tone="warning">Cancelled</Badge> : null}
      {lifecycle.refunds > 0 ? (
        <Badge>{lifecycle.net !== null && Number(lifecycle.net) <= 0 ? "Refunded" : "Partly refunded"}</Badge>
      ) : null}
      {lifecycle.edits > 0 ? <Badge>Edited</Badge> : null}
    </>
  );
}

/** "Refunded €20.00 · Net €64.50" under the order's total; nothing when there was no refund. */
export function LifecycleMoney({
  lifecycle,
  currency,
  locale,
  alignment,
}: {
  lifecycle: OrderLifecycleView | null | undefined;
  currency: string | null;
  locale: string;
  alignment?: "end";
}) {
  if (!lifecycle || lifecycle.refunds === 0) return null;
  const money = (amount: string | null) => (amount === null || !currency ? "—" : formatMoney({ amount: Number(amount), currency }, locale));
  return (
    <BlockStack gap="0">
      <Text as="span" variant="bodySm" tone="subdued" alignment={alignment} numeric>
        {`Refunded ${money(lifecycle.refunded)}`}
      </Text>
      <Text as="span" variant="bodySm" alignment={alignment} numeric>
        {`Net ${money(lifecycle.net)}`}
      </Text>
    </BlockStack>
  );
}

/** The lifecycle in one sentence for the "Why" column. */
export function lifecycleSentence(lifecycle: OrderLifecycleView | null | undefined): string {
  if (!lifecycle) return "";
  const parts: string[] = [];
  if (lifecycle.cancelledAt) parts.push(`Cancelled on ${lifecycle.cancelledAtText} (${lifecycle.cancelReason}).`);
  if (lifecycle.refunds > 0) {
    parts.push(
      `${lifecycle.refunds === 1 ? "One refund" : `${lifecycle.refunds} refunds`}${lifecycle.refundsNotCounted ? `, ${lifecycle.refundsNotCounted} in another currency and not counted` : ""}; Meta keeps the original value (it has no refund event).`,
    );
  }
  if (lifecycle.edits > 0)
    parts.push(
      `Edited after checkout: ${lifecycle.unitsAdded} item${lifecycle.unitsAdded === 1 ? "" : "s"} added, ${lifecycle.unitsRemoved} removed; ${editValueWords(lifecycle.editValue, lifecycle.editCurrency)}`,
    );
  return parts.join(" ");
}

/** What an order's edits added for Meta, in words (docs/decisions/037). */
export function editValueWords(amount: string | null, currency: string | null): string {
  if (amount === null || !currency) return "value added not known yet (Shopify's new totals have not arrived) or edit events are off.";
  if (Number(amount) <= 0) return "no value added beyond the Purchase (removed items lower Shopify's total here, never a value at Meta).";
  return `${amount} ${currency} added, sent to Meta once as its own event where consent allows (never a second Purchase of the order).`;
}

type FactView = {
  kind: string;
  amount: string | null;
  currency: string | null;
  reason: string | null;
  unitsAdded: number;
  unitsRemoved: number;
  occurredAt: string;
};

/** The event detail page's card: what the order was worth, what happened to it after checkout, and what Meta keeps. */
export function AfterCheckoutCard(props: {
  lifecycle: { value: string | null; currency: string | null; summary: { net: string | null; refunded: string | null }; facts: FactView[] };
  locale: string;
  dateTime: (value: string) => string;
  reasonWords: (reason: string | null) => string;
  /** Why the value sent to Meta differs from Shopify's total, when known. */
  valueNote?: string | null;
}) {
  const { lifecycle, locale, dateTime } = props;
  const money = (amount: string | null, currency: string | null) =>
    amount === null || !currency ? "an amount Tandem could not read" : formatMoney({ amount: Number(amount), currency }, locale);
  const line = (fact: FactView) => {
    if (fact.kind === "cancellation") return `Cancelled on ${dateTime(fact.occurredAt)} (${props.reasonWords(fact.reason)}).`;
    if (fact.kind === "refund")
      return `Refunded ${fact.amount === "0" ? "nothing (items restocked only)" : money(fact.amount, fact.currency)} on ${dateTime(fact.occurredAt)}.`;
    return `Edited on ${dateTime(fact.occurredAt)}: ${fact.unitsAdded} item${fact.unitsAdded === 1 ? "" : "s"} added, ${fact.unitsRemoved} removed; ${editValueWords(fact.amount, fact.currency)}`;
  };
  return (
    <BlockStack gap="200">
      <Text as="p">{`${ORDER_TOTAL_LABEL}: ${money(lifecycle.value, lifecycle.currency)} (after any edits).`}</Text>
      {props.valueNote ? <Text as="p">{props.valueNote}</Text> : null}
      {lifecycle.facts.length === 0 ? (
        <Text as="p">No cancellation, refund or edit since.</Text>
      ) : (
        lifecycle.facts.map((fact, i) => (
          <Text as="p" key={i}>
            {line(fact)}
          </Text>
        ))
      )}
      {lifecycle.summary.refunded !== null ? (
        <Text as="p" fontWeight="semibold">{`Net ${money(lifecycle.summary.net, lifecycle.currency)}.`}</Text>
      ) : null}
      <Text as="p" tone="subdued">
        Meta keeps the value it received: it has no refund or cancellation event. The Orders page shows the net.
      </Text>
    </BlockStack>
  );
}

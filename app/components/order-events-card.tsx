import { Badge, BlockStack, InlineStack, Link, Text } from "@shopify/polaris";
import { statusLabel } from "../format/event-labels";
import { orderEventWords } from "../format/order-class-words";

// The order detail's card: what kind of order this is, and every event of it Meta
// received or will receive (its Purchase or RecurringPayment, Subscribe, edits,
// cancellation and refund events), each with its status and a link to its own detail.

export type OrderEventView = { id: string; eventName: string; eventId: string; status: string; pixelId: string; updatedAt: string };

export function OrderEventsCard(props: {
  classWords: string;
  events: OrderEventView[];
  currentId: string;
  dateTime: (value: string) => string;
  /** More than one pixel: each row names its pixel. */
  manyPixels: boolean;
}) {
  const { events } = props;
  return (
    <BlockStack gap="200">
      <Text as="p">
        <Text as="span" fontWeight="semibold">
          Kind of order:
        </Text>{" "}
        {props.classWords}
      </Text>
      {events.length === 0 ? (
        <Text as="p">No event of this order is queued for Meta or was sent to it.</Text>
      ) : (
        <BlockStack gap="200" as="ul">
          {events.map((event) => {
            const status = statusLabel(event.status);
            const words = orderEventWords(event.eventName, event.eventId);
            return (
              <li key={event.id} style={{ listStyle: "none" }}>
                <BlockStack gap="050">
                  <InlineStack gap="200" blockAlign="center" wrap>
                    {event.id === props.currentId ? (
                      <Text as="span" fontWeight="semibold">{`${words} (this page)`}</Text>
                    ) : (
                      <Link url={`/app/events/${event.id}`} removeUnderline>
                        {words}
                      </Link>
                    )}
                    <Badge tone={status.tone}>{status.label}</Badge>
                  </InlineStack>
                  <Text as="span" variant="bodySm" tone="subdued" breakWord>
                    {`${event.eventId} · ${props.dateTime(event.updatedAt)}${props.manyPixels ? ` · pixel ${event.pixelId}` : ""}`}
                  </Text>
                </BlockStack>
              </li>
            );
          })}
        </BlockStack>
      )}
    </BlockStack>
  );
}

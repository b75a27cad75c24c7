import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  useActionData,
  useLoaderData,
  useLocation,
  useNavigation,
  useRevalidator,
  useRouteError,
} from "@remix-run/react";
import { Banner, BlockStack, Button, Card, EmptyState, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import { consentReason, statusLabel, whyInWords } from "../format/event-labels";
import { MOVING_STATUSES } from "../outbox/status";
import { customerInfoNote, customerInfoTitle, dedupWords, noRequestWords, sendingState } from "../format/unsent-words";
import { HydrateApart } from "../components/hydrate-apart";
import { CustomerInfoSent, RequestsToMeta, topicInWords, webhookOutcomeInWords } from "../components/event-detail-parts";
import { eventSubject, StatusBadges } from "../components/event-log-table";
import { formatMoney } from "../format/format-money";
import { SENT_VALUE_LABEL, valueDifferenceWords } from "../format/value-words";
import { getShop, readSettings } from "../models/shops.server";
import { useDateFormat } from "../components/use-date-format";
import { replayEvents } from "../outbox/replay.server";
import { getEventDetail, valueOf } from "../models/event-log.server";
import { orderNamesFor } from "../models/order-names.server";
import { orderLifecycleOf } from "../models/order-lifecycle.server";
import { cancelReasonWords } from "../format/cancel-reason-words";
import { AfterCheckoutCard } from "../components/order-lifecycle-parts";
import { OrderEventsCard } from "../components/order-events-card";
import { orderClassOf, orderEventsOf } from "../models/order-events.server";
import { orderClassWords } from "../format/order-class-words";
import { canonicalOrderId, hasBrowserCopy, parseKeyNotes, replayVerdict } from "../models/event-page-rules.server";
import { authenticate } from "../shopify.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${eventSubject(data.event)} · ${data.event.eventName} · Tandem` : "Event not found · Tandem" },
];

/** The events that carry the order's own value (a renewal's RecurringPayment takes the Purchase's place). */
const ORDER_VALUE_EVENTS = new Set(["Purchase", "RecurringPayment"]);

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const detail = await getEventDetail(session.shop, params.id ?? "");
  if (!detail) throw new Response("No such event for this shop", { status: 404 });
  const payload = JSON.stringify(detail.event.payload);
  const orderName = detail.event.orderId
    ? ((await orderNamesFor(session.shop, [detail.event.eventId])).get(detail.event.eventId)?.name ?? null)
    : null;
  const orderKey = canonicalOrderId(detail.event.orderId);
  const orderId = ORDER_VALUE_EVENTS.has(detail.event.eventName) ? orderKey : null;
  const lifecycle = orderId ? await orderLifecycleOf(session.shop, orderId) : null;
  const [orderEvents, orderClass] = orderKey
    ? await Promise.all([orderEventsOf(session.shop, orderKey), orderClassOf(session.shop, orderKey)])
    : [[], null];
  const value = valueOf(payload);
  const total = lifecycle?.value && lifecycle.currency ? { amount: Number(lifecycle.value), currency: lifecycle.currency } : null;
  const rule = readSettings((await getShop(session.shop))?.settings).value;
  const edited = Boolean(lifecycle?.facts.some((fact) => fact.kind === "edit"));
  return json({
    ...detail,
    event: { ...detail.event, orderName },
    lifecycle,
    order: orderKey ? { classWords: orderClassWords(orderClass), events: orderEvents } : null,
    keyNotes: parseKeyNotes(detail.event.keyNotes),
    serverOnly: !hasBrowserCopy(detail.event.eventName, detail.event.payload.action_source),
    value,
    valueNote: valueDifferenceWords(value, total, rule, edited),
    replay: replayVerdict({ ...detail.event, payload, orderCancelled: Boolean(lifecycle?.summary.cancelledAt) }, new Date()),
  });
};

/** Send again, by the shared replay rules: never an event that consent held back. */
export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const detail = await getEventDetail(session.shop, params.id ?? "");
  if (!detail) return json({ replayed: 0, refused: "No such event for this shop." }, { status: 404 });
  const orderId = ORDER_VALUE_EVENTS.has(detail.event.eventName) ? canonicalOrderId(detail.event.orderId) : null;
  const lifecycle = orderId ? await orderLifecycleOf(session.shop, orderId) : null;
  const verdict = replayVerdict(
    { ...detail.event, payload: JSON.stringify(detail.event.payload), orderCancelled: Boolean(lifecycle?.summary.cancelledAt) },
    new Date(),
  );
  if (verdict.kind !== "replay") return json({ replayed: 0, refused: verdict.why }, { status: 409 });
  const status = detail.event.status === "expired" ? "expired" : "failed";
  const replayed = await replayEvents({ shopDomain: session.shop, ids: [detail.event.id], status: [status] });
  return json({ replayed, refused: replayed ? null : "This event changed meanwhile and cannot be sent again." });
};

/** Statuses that change on their own soon: the page follows them. */
const MOVING = new Set<string>(MOVING_STATUSES);

export default function EventDetail() {
  const { event, attempts, browserReceipt, webhooks, replay, value, valueNote, lifecycle, keyNotes, order, serverOnly } =
    useLoaderData<typeof loader>();
  // The row counts its tries; the requests listed are the latest 50 still kept.
  const sending = sendingState(event.status, Math.max(event.attempts, attempts.length));
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const location = useLocation();
  const revalidator = useRevalidator();
  const fmt = useDateFormat();

  // Live status after "send again" (or while queued): re-read every 3 s until it settles.
  const revalidatorRef = useRef(revalidator);
  revalidatorRef.current = revalidator;
  useEffect(() => {
    if (!MOVING.has(event.status)) return;
    const timer = setInterval(() => {
      if (revalidatorRef.current.state === "idle") revalidatorRef.current.revalidate();
    }, 3000);
    return () => clearInterval(timer);
  }, [event.status]);

  // The revalidations that follow the status clear the action's data: remember the replay.
  const [sentAgain, setSentAgain] = useState(false);
  useEffect(() => {
    if (actionData?.replayed) setSentAgain(true);
  }, [actionData]);
  const subject = eventSubject(event);
  const why = whyInWords(event, fmt.time);
  const settled = !MOVING.has(event.status);

  return (
    <Page
      backAction={{ content: "Event log", url: `/app/events${location.search}` }}
      title={subject}
      subtitle={`${event.eventName}${value ? ` · ${SENT_VALUE_LABEL[0].toLowerCase()}${SENT_VALUE_LABEL.slice(1)} ${formatMoney(value, fmt.format.locale)}` : ""} · received ${fmt.dateTime(event.createdAt)}`}
      titleMetadata={<StatusBadges row={event} />}
      secondaryActions={
        event.orderId
          ? [
              {
                content: event.orderName ? `Open ${event.orderName} in Shopify` : "Open the order in Shopify",
                url: `shopify:admin/orders/${event.orderId}`,
                target: "_top",
              },
            ]
          : undefined
      }
    >
      <Layout>
        <Layout.Section>
          <HydrateApart>
            <BlockStack gap="400">
              {sentAgain ? (
                <Banner tone={settled && event.status !== "delivered" ? "warning" : "success"}>
                  {settled
                    ? `Sent again: now ${statusLabel(event.status).label.toLowerCase()}.`
                    : "Queued to be sent again. This page updates when Meta answers."}
                </Banner>
              ) : actionData?.refused ? (
                <Banner tone="warning">{actionData.refused}</Banner>
              ) : null}
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    What happened
                  </Text>
                  <Text as="p">{why}</Text>
                  {event.status !== "blocked" && why !== consentReason(event.consentReason) ? (
                    <Text as="p" tone="subdued">
                      Consent: {consentReason(event.consentReason)}
                    </Text>
                  ) : null}
                  {event.isTest ? (
                    <Text as="p">
                      Test order: sent only with the test event code
                      {event.destination.testEventCode ? ` (${event.destination.testEventCode})` : ", and this pixel has none"}, so Meta
                      does not count it.
                    </Text>
                  ) : null}
                  {event.undeduplicable ? (
                    <Banner tone="warning">
                      The server copy reached Meta more than 48 hours after the browser copy: Meta may count this conversion twice.
                    </Banner>
                  ) : null}
                  {replay.kind === "replay" ? (
                    <Form method="post">
                      <Button submit loading={busy} variant="primary">
                        Send again
                      </Button>
                    </Form>
                  ) : replay.kind === "fix-token" ? (
                    <BlockStack gap="200">
                      <Text as="p">{replay.why}</Text>
                      <InlineStack>
                        <Button url="/app/settings" variant="primary">
                          Fix the token
                        </Button>
                      </InlineStack>
                    </BlockStack>
                  ) : null}
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    {customerInfoTitle(sending)}
                  </Text>
                  <CustomerInfoSent
                    payload={event.payload}
                    note={customerInfoNote(sending, event.status)}
                    sent={sending !== "never"}
                    notes={keyNotes}
                  />
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Requests to Meta
                  </Text>
                  <RequestsToMeta attempts={attempts} none={noRequestWords(event.status)} />
                </BlockStack>
              </Card>
            </BlockStack>
          </HydrateApart>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <HydrateApart>
            <BlockStack gap="400">
              {order ? (
                <Card>
                  <BlockStack gap="200">
                    <Text as="h2" variant="headingMd">
                      {event.orderName ? `${event.orderName} at Meta` : "This order at Meta"}
                    </Text>
                    <OrderEventsCard
                      classWords={order.classWords}
                      events={order.events}
                      currentId={event.id}
                      dateTime={fmt.dateTime}
                      manyPixels={new Set(order.events.map((e) => e.pixelId)).size > 1}
                    />
                  </BlockStack>
                </Card>
              ) : null}
              {lifecycle ? (
                <Card>
                  <BlockStack gap="200">
                    <Text as="h2" variant="headingMd">
                      After checkout
                    </Text>
                    <AfterCheckoutCard
                      lifecycle={lifecycle}
                      locale={fmt.format.locale}
                      dateTime={fmt.dateTime}
                      reasonWords={cancelReasonWords}
                      valueNote={valueNote}
                    />
                  </BlockStack>
                </Card>
              ) : null}
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    Deduplication
                  </Text>
                  <Text as="p">
                    {dedupWords(
                      sending,
                      browserReceipt
                        ? `${fmt.dateTime(browserReceipt.occurredAt)}${browserReceipt.hasFbp ? " with the _fbp cookie" : ""}`
                        : null,
                      serverOnly,
                    )}
                  </Text>
                  <Text as="p" tone="subdued">
                    {sending === "accepted" && !serverOnly ? "Event ID shared by both copies" : "Event ID"}: {event.eventId}
                  </Text>
                  <Text as="p" tone="subdued">
                    Meta pixel {event.destination.pixelId}
                  </Text>
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    From Shopify
                  </Text>
                  {event.orderId && !event.orderName ? (
                    <Text
                      as="p"
                      tone="subdued"
                    >{`Shopify order ID ${event.orderId}; Tandem did not record this order's name (#number).`}</Text>
                  ) : null}
                  {webhooks.length === 0 ? <Text as="p">No webhook recorded.</Text> : null}
                  {webhooks.map((w, i) => (
                    <Text as="p" key={i}>
                      {topicInWords(w.topic)}, {fmt.dateTime(w.receivedAt)}: {webhookOutcomeInWords(w.outcome)}
                    </Text>
                  ))}
                </BlockStack>
              </Card>
            </BlockStack>
          </HydrateApart>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <Page backAction={{ content: "Event log", url: "/app/events" }} title={notFound ? "Event not found" : "Something went wrong"}>
      <Card>
        <EmptyState
          heading={notFound ? "This event does not exist in your store" : "This event could not be shown"}
          image=""
          action={{ content: "Back to the event log", url: "/app/events" }}
        >
          <p>
            {notFound
              ? "It may have been removed after a customer data request, or the link is from another store."
              : "Try again in a moment. If it keeps happening, the app's logs say why."}
          </p>
        </EmptyState>
      </Card>
    </Page>
  );
}

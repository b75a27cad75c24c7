import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useLocation, useNavigation, useSearchParams } from "@remix-run/react";
import { BlockStack, Box, Button, Card, EmptyState, InlineStack, Page, Pagination, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { formatShopPeriod, zoneName } from "../../format/dates";
import { HydrateApart } from "../../components/hydrate-apart";
import { DateField } from "../../components/date-field";
import { OrderLinesTable } from "../../components/order-lines-table";
import { IntlWarmUp } from "../../components/intl-warm-up";
import { useDateFormat } from "../../components/use-date-format";
import { accuracyThreshold } from "../../models/accuracy.server";
import { dailyGaps, listReceivedOrders } from "../../models/orders.server";
import { getShopProfile } from "../../shopify/shop-profile.server";
import { localeFrom } from "../../models/shop-time";
import { authenticate } from "../../shopify.server";
import { readOrdersQuery } from "./orders-query.server";
import { OrdersFigures } from "./orders-figures";
import { FiguresCards } from "./figures-cards";

export const meta: MetaFunction = () => [{ title: "Orders · Tandem" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const profile = await getShopProfile(session.shop, admin.graphql);
  const clock = { timezone: profile.timezone, locale: localeFrom(request) };
  const query = readOrdersQuery(new URL(request.url), profile.timezone);
  const [page, gaps, threshold] = await Promise.all([
    listReceivedOrders({ shopDomain: session.shop, ...query }, clock),
    dailyGaps(session.shop, query.gapFrom, query.gapTo, profile.timezone),
    accuracyThreshold(session.shop),
  ]);
  // The reconciliation and the accuracy, the slowest reads on a big shop, are asked for by
  // the page once it has hydrated (app.orders_.figures.ts), so this document does not wait for them.
  // The period and the zone's name in the merchant's locale, worded once on the server (a
  // browser's Intl may word them differently from the server's, and the page must not change on hydration).
  const period = `${formatShopPeriod(query.gapFrom, query.gapTo, clock.locale)} (${zoneName(profile.timezone, clock.locale)})`;
  return json({
    ...page,
    gaps,
    threshold,
    query,
    timezone: profile.timezone,
    period,
  });
};

const OUTCOME_OPTIONS = [
  { label: "Any outcome", value: "" },
  { label: "Not accepted by Meta", value: "not_accepted" },
];

const KIND_OPTIONS = [
  { label: "Orders and checkouts", value: "" },
  { label: "Orders", value: "order" },
  { label: "Checkouts", value: "checkout" },
];

async function downloadCsv(url: string, name: string) {
  const response = await fetch(url);
  if (!response.ok) return;
  const href = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement("a"), { href, download: name });
  link.click();
  URL.revokeObjectURL(href);
}

export default function Orders() {
  const { lines, total, totalCapped, nextCursor, previousCursor, gaps, threshold, query, period } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const location = useLocation();
  const { locale } = useDateFormat().format;
  const [q, setQ] = useState(query.q ?? "");
  const [from, setFrom] = useState(query.from ?? "");
  const [to, setTo] = useState(query.to ?? "");
  const [kind, setKind] = useState(query.kind ?? "");
  const [outcome, setOutcome] = useState(query.outcome ?? "");
  const pageUrl = (cursor: { after?: string; before?: string }) => {
    const next = new URLSearchParams(params);
    next.delete("after");
    next.delete("before");
    for (const [key, value] of Object.entries(cursor)) if (value) next.set(key, value);
    return `?${next.toString()}`;
  };
  const filtered = Boolean(query.q || query.from || query.to || query.kind || query.outcome);
  const gapTotal = gaps.reduce((sum, day) => ({ received: sum.received + day.received, accepted: sum.accepted + day.accepted }), {
    received: 0,
    accepted: 0,
  });

  return (
    <Page
      title="Orders"
      subtitle="Every order and checkout Tandem received, and what became of each one."
      secondaryActions={[
        { content: "Export CSV", onAction: () => void downloadCsv(`/app/orders/export${location.search}`, "tandem-orders.csv") },
        {
          content: "Export accuracy CSV",
          onAction: () => void downloadCsv(`/app/orders/accuracy${location.search}`, "tandem-accuracy.csv"),
        },
      ]}
    >
      <IntlWarmUp />
      <BlockStack gap="400">
        <HydrateApart>
          <OrdersFigures filtered={filtered}>
            <FiguresCards
              search={`?${new URLSearchParams({ from: query.gapFrom, to: query.gapTo }).toString()}`}
              summary={`Live orders only: ${gapTotal.received} received, ${gapTotal.accepted} accepted by Meta, difference ${gapTotal.received - gapTotal.accepted}.${gapTotal.received > gapTotal.accepted ? " Each order below says why it was not (yet) accepted: not sent by a rule, waiting, held back by consent, or refused." : ""}`}
              period={period}
              threshold={threshold}
              locale={locale}
            />
          </OrdersFigures>
        </HydrateApart>
        <HydrateApart>
          <Card>
            {/* Keyed by the address: a link (a day's difference) sets new filters, and the fields show them. */}
            <Form method="get" key={params.toString()}>
              {/* The search and its button first, on one line even on a phone; the narrowing filters below. */}
              <BlockStack gap="300">
                <InlineStack gap="200" blockAlign="end" wrap={false}>
                  <div style={{ flex: 1, minWidth: 0 }}>
                    <TextField
                      label="Order name or number"
                      name="q"
                      value={q}
                      onChange={setQ}
                      placeholder="#1003"
                      autoComplete="off"
                      clearButton
                      onClearButtonClick={() => setQ("")}
                    />
                  </div>
                  <Button submit variant="primary" loading={navigation.state === "loading"}>
                    Search
                  </Button>
                </InlineStack>
                <InlineStack gap="300" blockAlign="end" wrap>
                  <DateField label="From" name="from" value={from} onChange={setFrom} />
                  <DateField label="To" name="to" value={to} onChange={setTo} />
                  <Select label="Show" name="kind" options={KIND_OPTIONS} value={kind} onChange={setKind} />
                  <Select label="Outcome" name="outcome" options={OUTCOME_OPTIONS} value={outcome} onChange={setOutcome} />
                </InlineStack>
              </BlockStack>
            </Form>
          </Card>
        </HydrateApart>
        <HydrateApart>
          <Card padding="0">
            {total === 0 && !filtered ? (
              <EmptyState heading="No orders yet" image="">
                <p>
                  Orders and checkouts appear here as Shopify sends them to Tandem, including the ones that were not sent to Meta and why.
                </p>
              </EmptyState>
            ) : (
              <>
                <Box padding="300">
                  <Text as="p" tone="subdued">
                    {`${total.toLocaleString("en")}${totalCapped ? "+" : ""} ${total === 1 ? "match" : "matches"}`}
                  </Text>
                </Box>
                <OrderLinesTable
                  lines={lines}
                  loading={navigation.state === "loading"}
                  emptyState={
                    <Box padding="400">
                      <Text as="p">Nothing matches. Try the order number without the #, or a wider date range.</Text>
                    </Box>
                  }
                />
                {previousCursor || nextCursor ? (
                  <Box padding="300">
                    <InlineStack align="center">
                      <Pagination
                        hasPrevious={Boolean(previousCursor)}
                        previousURL={previousCursor ? pageUrl({ before: previousCursor }) : undefined}
                        hasNext={Boolean(nextCursor)}
                        nextURL={nextCursor ? pageUrl({ after: nextCursor }) : undefined}
                      />
                    </InlineStack>
                  </Box>
                ) : null}
              </>
            )}
          </Card>
        </HydrateApart>
      </BlockStack>
    </Page>
  );
}

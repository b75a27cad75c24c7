import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useLocation, useNavigate, useNavigation, useSubmit } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  EmptySearchResult,
  EmptyState,
  IndexFilters,
  IndexFiltersMode,
  Modal,
  Page,
  Text,
  useSetIndexFiltersMode,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { HydrateApart } from "../components/hydrate-apart";
import { EventLogTable } from "../components/event-log-table";
import { eventLogFilters } from "../components/event-log-filters";
import { IndexFiltersHeight } from "../components/index-filters-height";
import { IntlWarmUp } from "../components/intl-warm-up";
import { useDateFormat } from "../components/use-date-format";
import { cappedCountText } from "../format/capped-count";
import { countReplayable, replayEvents } from "../outbox/replay.server";
import { shopDateFormat } from "../shopify/shop-date-format.server";
import { filterToSearch, isFiltered, parseEventLogFilter, type EventLogFilter } from "../models/event-log-filter";
import { queryEventLog } from "../models/event-log.server";
import { withOrderNames } from "../models/order-names.server";
import { requireFormData } from "../http/read-form.server";
import { authenticate } from "../shopify.server";

export const meta: MetaFunction = () => [{ title: "Event log · Tandem" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const filter = parseEventLogFilter(new URL(request.url).searchParams);
  const { timeZone } = await shopDateFormat(session.shop, request, admin.graphql);
  const [log, replayable] = await Promise.all([
    queryEventLog(session.shop, filter, timeZone),
    countReplayable({ shopDomain: session.shop }),
  ]);
  const { rows, ...page } = log;
  return json({ ...page, events: await withOrderNames(session.shop, rows), filter, replayable });
};

/** Bulk "send again": failed events and expired ones Meta still accepts; never a consent block (replay-rules.ts). */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = await requireFormData(request);
  if (form.get("intent") !== "replay-failed") return json({ replayed: 0, error: "Unknown action." }, { status: 400 });
  const replayed = await replayEvents({ shopDomain: session.shop, status: ["failed", "expired"] });
  return json({ replayed, error: null });
};

/**
 * Fetched, not navigated to: inside the admin, App Bridge adds the session token to
 * fetch() calls, whereas a plain link would leave the embedded frame without one.
 */
async function downloadCsv(url: string) {
  const response = await fetch(url);
  if (!response.ok) return;
  const href = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement("a"), {
    href,
    download: response.headers.get("Content-Disposition")?.match(/filename="([^"]+)"/)?.[1] ?? "tandem-events.csv",
  });
  link.click();
  URL.revokeObjectURL(href);
}

export default function EventLog() {
  const { events, total, totalCapped, page, pageSize, filter, eventNames, replayable, pixels } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const submit = useSubmit();
  const location = useLocation();
  // Filtering from the start: the search box and the filter shortcuts are what this page is for.
  const { mode, setMode: setFilterMode } = useSetIndexFiltersMode(IndexFiltersMode.Filtering);
  // The search box takes focus only when the merchant asks for it (the search button, "f"),
  // never on opening the page: on a phone the keyboard would cover half the list.
  const [searchAsked, setSearchAsked] = useState(false);
  const setMode = (next: IndexFiltersMode) => {
    if (next === IndexFiltersMode.Filtering) setSearchAsked(true);
    setFilterMode(next);
  };
  const clearAll = () => go({ q: "", status: [], event: [], from: null, to: null, mode: null, browser: null });
  const [query, setQuery] = useState(filter.q);
  const [confirming, setConfirming] = useState(false);
  const loading = navigation.state === "loading" && navigation.location?.pathname === "/app/events";
  const replaying = navigation.state === "submitting" && navigation.formData?.get("intent") === "replay-failed";

  const go = (change: Partial<EventLogFilter>) =>
    navigate(`/app/events${filterToSearch({ ...filter, page: 1, ...change })}`, { replace: true, preventScrollReset: true });
  // The search box follows typing after a pause, not each key.
  useEffect(() => {
    if (query === filter.q) return;
    const timer = setTimeout(() => go({ q: query }), 400);
    return () => clearTimeout(timer);
  }, [query]);
  useEffect(() => setQuery(filter.q), [filter.q]);
  useEffect(() => {
    if (actionData) setConfirming(false);
  }, [actionData]);

  const { filters, appliedFilters } = eventLogFilters(filter, eventNames, useDateFormat().format.locale, go);
  const toReplay = replayable.failed + replayable.expiredSendable;
  // Each count stops past 10,000 (countReplayable): a sum past it reads "10,000+", which stays true.
  const toReplayText = cappedCountText(toReplay);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;

  if (total === 0 && !isFiltered(filter)) {
    return (
      <Page title="Event log">
        <Card>
          <EmptyState heading="No events yet" image="" action={{ content: "Check the settings", url: "/app/settings" }}>
            <p>Events appear here as Shopify sends orders and checkouts: what was sent to Meta, what was held back, and why.</p>
          </EmptyState>
        </Card>
      </Page>
    );
  }

  return (
    <Page
      title="Event log"
      subtitle="Every event Tandem decided on, newest first: what was sent to Meta, what was held back, and why."
      primaryAction={toReplay > 0 ? { content: `Send ${toReplayText} failed again`, onAction: () => setConfirming(true) } : undefined}
      secondaryActions={<Button onClick={() => void downloadCsv(`/app/events/export${location.search}`)}>Export CSV</Button>}
    >
      <IndexFiltersHeight />
      <IntlWarmUp />
      <BlockStack gap="400">
        {actionData ? (
          <Banner
            tone={actionData.error ? "critical" : "success"}
            onDismiss={() => navigate(`/app/events${location.search}`, { replace: true })}
          >
            {actionData.error ?? `${actionData.replayed} event${actionData.replayed === 1 ? "" : "s"} queued to be sent again.`}
          </Banner>
        ) : null}
        <Card padding="0">
          <HydrateApart>
            <IndexFilters
              queryValue={query}
              queryPlaceholder="Order #1003, checkout or event ID"
              onQueryChange={setQuery}
              onQueryClear={() => {
                setQuery("");
                go({ q: "" });
              }}
              filters={filters}
              appliedFilters={appliedFilters}
              onClearAll={() => go({ status: [], event: [], from: null, to: null, mode: null, browser: null })}
              // The search box is open, not focused, until asked for: focusing it on load forced a
              // layout while the page hydrated, and the first click or Tab elsewhere then
              // re-rendered the filter bar on its blur (the Web Vitals benchmark's slowest interaction).
              autoFocusSearchField={searchAsked}
              tabs={[]}
              selected={0}
              mode={mode}
              setMode={setMode}
              loading={loading}
              // Polaris' Cancel (and Escape) returns to the view, here "all events": the search and
              // the filters are cleared with the bar, so no filter stays applied out of sight.
              cancelAction={{
                onAction: () => {
                  setQuery("");
                  if (isFiltered(filter)) clearAll();
                },
              }}
              canCreateNewView={false}
            />
          </HydrateApart>
          <HydrateApart>
            <EventLogTable
              events={events}
              loading={loading}
              search={location.search}
              showPixel={pixels > 1}
              emptyState={
                filter.q ? (
                  // An order Tandem sent nothing for (point of sale, unpaid, filtered) has no event, but the Orders page says why.
                  <BlockStack gap="200" inlineAlign="center">
                    <EmptySearchResult
                      title={`No events for ${filter.q}`}
                      description="Tandem sends no event for some orders (point of sale, unpaid, filtered out)."
                    />
                    <Button
                      url={`/app/orders?q=${encodeURIComponent(filter.q)}`}
                    >{`See what became of ${filter.q} on the Orders page`}</Button>
                  </BlockStack>
                ) : (
                  <EmptySearchResult title="No events match" description="Try other filters, or clear some." withIllustration />
                )
              }
              pagination={{
                hasPrevious: page > 1,
                hasNext: page < pages,
                onPrevious: () => go({ page: page - 1 }),
                onNext: () => go({ page: page + 1 }),
                label:
                  total === 0
                    ? "No events"
                    : `${first}–${first + events.length - 1} of ${total.toLocaleString("en")}${totalCapped ? "+" : ""}`,
              }}
            />
          </HydrateApart>
        </Card>
        <Text as="p" tone="subdued">
          AddPaymentInfo comes from the browser only. ViewContent and AddToCart appear here only when Settings sends them from the server
          too.
        </Text>
      </BlockStack>
      <Modal
        open={confirming}
        onClose={() => setConfirming(false)}
        title={`Send ${toReplayText} event${toReplay === 1 ? "" : "s"} again?`}
        primaryAction={{
          content: `Send ${toReplayText} again`,
          loading: replaying,
          onAction: () => submit({ intent: "replay-failed" }, { method: "post" }),
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setConfirming(false) }]}
      >
        <Modal.Section>
          <BlockStack gap="200">
            <Text as="p">
              {cappedCountText(replayable.failed)} failed event{replayable.failed === 1 ? "" : "s"}
              {replayable.expiredSendable
                ? ` and ${cappedCountText(replayable.expiredSendable)} expired one${replayable.expiredSendable === 1 ? "" : "s"} Meta still accepts`
                : ""}{" "}
              will be queued and sent within a minute.
            </Text>
            {replayable.expiredTooOld ? (
              <Text as="p">
                {cappedCountText(replayable.expiredTooOld)} expired events are older than Meta accepts (7 days) and stay unsent.
              </Text>
            ) : null}
            {replayable.blocked ? (
              <Text as="p">
                {cappedCountText(replayable.blocked)} events held back by consent are never sent: the shoppers' choices stand.
              </Text>
            ) : null}
            {replayable.paused ? <InlineFix count={cappedCountText(replayable.paused)} /> : null}
          </BlockStack>
        </Modal.Section>
      </Modal>
    </Page>
  );
}

function InlineFix({ count }: { count: string }) {
  return (
    <Text as="p">
      {count} events wait for a working access token:{" "}
      <Button variant="plain" url="/app/settings">
        fix the token
      </Button>{" "}
      and they are sent.
    </Text>
  );
}

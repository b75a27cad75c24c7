import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, IndexTable, InlineStack, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { STATUS_LABELS, consentReason, statusLabel } from "../components/event-labels";
import { listEvents } from "../models/event-log.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const url = new URL(request.url);
  const filter = { status: url.searchParams.get("status") ?? "", eventName: url.searchParams.get("name") ?? "", search: url.searchParams.get("q") ?? "" };
  return json({ events: await listEvents(session.shop, filter), filter });
};

const STATUS_OPTIONS = [{ label: "All statuses", value: "" }, ...Object.entries(STATUS_LABELS).map(([value, { label }]) => ({ label, value }))];
const NAME_OPTIONS = [{ label: "All events", value: "" }, ...["Purchase", "InitiateCheckout", "AddPaymentInfo"].map((value) => ({ label: value, value }))];

/**
 * Fetched, not navigated to: inside the admin, App Bridge adds the session token to
 * fetch() calls, whereas a plain link would leave the embedded frame without one.
 */
async function downloadCsv(url: string) {
  const response = await fetch(url);
  if (!response.ok) return;
  const href = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement("a"), { href, download: response.headers.get("Content-Disposition")?.match(/filename="([^"]+)"/)?.[1] ?? "tandem-events.csv" });
  link.click();
  URL.revokeObjectURL(href);
}

export default function EventLog() {
  const { events, filter } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const [status, setStatus] = useState(filter.status);
  const [name, setName] = useState(filter.eventName);
  const [search, setSearch] = useState(filter.search);
  const keep = params.toString() ? `?${params.toString()}` : "";

  return (
    <Page title="Event log" subtitle="Every event Tandem decided on, newest first: what was sent to Meta, what was held back, and why.">
      <BlockStack gap="400">
        <Card>
          <Form method="get">
            <InlineStack gap="300" blockAlign="end">
              <Select label="Status" name="status" options={STATUS_OPTIONS} value={status} onChange={setStatus} />
              <Select label="Event" name="name" options={NAME_OPTIONS} value={name} onChange={setName} />
              <TextField label="Order id, checkout token or event id" name="q" value={search} onChange={setSearch} autoComplete="off" />
              <Button submit>Filter</Button>
              <Button onClick={() => void downloadCsv(`/app/events/export${keep}`)}>Export CSV</Button>
            </InlineStack>
          </Form>
        </Card>
        <Card padding="0">
          <IndexTable
            resourceName={{ singular: "event", plural: "events" }}
            itemCount={events.length}
            selectable={false}
            emptyState={<Text as="p">No events match. Events appear here as Shopify sends orders and checkouts.</Text>}
            headings={[{ title: "Received" }, { title: "Event" }, { title: "Event id" }, { title: "Status" }, { title: "Why" }, { title: "Attempts" }]}
          >
            {events.map((event, index) => {
              const { label, tone } = statusLabel(event.status);
              const why = event.lastError ?? consentReason(event.consentReason);
              return (
                <IndexTable.Row id={event.id} key={event.id} position={index}>
                  <IndexTable.Cell>{new Date(event.createdAt).toLocaleString()}</IndexTable.Cell>
                  <IndexTable.Cell>
                    {event.eventName}
                    {event.isTest ? " (test)" : ""}
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Link to={`/app/events/${event.id}${keep}`}>{event.eventId}</Link>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <InlineStack gap="100">
                      <Badge tone={tone}>{label}</Badge>
                      {event.browserSeenAt ? <Badge tone="success">Browser copy seen</Badge> : null}
                      {event.undeduplicable ? <Badge tone="warning">Too late to deduplicate</Badge> : null}
                    </InlineStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{why}</IndexTable.Cell>
                  <IndexTable.Cell>{event.attempts}</IndexTable.Cell>
                </IndexTable.Row>
              );
            })}
          </IndexTable>
        </Card>
      </BlockStack>
    </Page>
  );
}

import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, DataTable, InlineStack, Page, Text } from "@shopify/polaris";
import { consentReason, statusLabel } from "../components/event-labels";
import { replayEvents } from "../delivery/outbox-admin.server";
import { replayVerdict } from "../delivery/replay-rules";
import { getEventDetail } from "../models/event-log.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const detail = await getEventDetail(session.shop, params.id ?? "");
  if (!detail) throw new Response("No such event for this shop", { status: 404 });
  return json({ ...detail, replay: replayVerdict({ ...detail.event, payload: JSON.stringify(detail.event.payload) }, new Date()) });
};

/** Send again, by the shared replay rules: never an event that consent held back. */
export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const detail = await getEventDetail(session.shop, params.id ?? "");
  if (!detail) return json({ replayed: 0, refused: "No such event for this shop." }, { status: 404 });
  const verdict = replayVerdict({ ...detail.event, payload: JSON.stringify(detail.event.payload) }, new Date());
  if (verdict.kind !== "replay") return json({ replayed: 0, refused: verdict.why }, { status: 409 });
  const status = detail.event.status === "expired" ? "expired" : "failed";
  const replayed = await replayEvents({ shopDomain: session.shop, ids: [detail.event.id], status: [status] });
  return json({ replayed, refused: replayed ? null : "This event changed meanwhile and cannot be sent again." });
};

export default function EventDetail() {
  const { event, attempts, browserReceipt, webhooks, replay } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const { label, tone } = statusLabel(event.status);

  return (
    <Page backAction={{ content: "Event log", url: "/app/events" }} title={`${event.eventName} ${event.eventId}`} titleMetadata={<Badge tone={tone}>{label}</Badge>}>
      <BlockStack gap="400">
        {actionData ? <Banner tone={actionData.replayed ? "success" : "warning"}>{actionData.replayed ? "Queued to be sent again." : actionData.refused}</Banner> : null}
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">Decision</Text>
            <Text as="p">{consentReason(event.consentReason)}</Text>
            {event.lastError ? <Text as="p" tone="subdued">Last reason: {event.lastError}</Text> : null}
            <Text as="p">Pixel {event.destination.pixelId}{event.isTest ? ` (test order: sent with test event code ${event.destination.testEventCode ?? "none"})` : ""}</Text>
            <Text as="p">
              {browserReceipt
                ? `Browser copy fired ${new Date(browserReceipt.occurredAt).toLocaleString()} (consent ${browserReceipt.consent}${browserReceipt.hasFbp ? ", with fbp" : ""}${browserReceipt.hasFbc ? ", with fbc" : ""}).`
                : "No browser copy reported yet: Meta will count the server copy alone."}
            </Text>
            {event.undeduplicable ? <Banner tone="warning">The server copy reached Meta more than 48 hours after the browser copy: Meta may count this conversion twice.</Banner> : null}
            {replay.kind === "replay" ? (
              <Form method="post">
                <Button submit loading={busy}>Send again</Button>
              </Form>
            ) : replay.kind === "fix-token" ? (
              <InlineStack gap="200" blockAlign="center">
                <Text as="p">{replay.why}</Text>
                <Button url="/app/settings" variant="primary">Fix the token</Button>
              </InlineStack>
            ) : null}
          </BlockStack>
        </Card>
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">Requests to Meta</Text>
            {attempts.length === 0 ? (
              <Text as="p">Not sent yet.</Text>
            ) : (
              <DataTable
                columnContentTypes={["text", "text", "numeric", "text", "numeric", "text"]}
                headings={["When", "Outcome", "HTTP", "Meta error", "Events in request", "fbtrace_id"]}
                rows={attempts.map((a) => [new Date(a.startedAt).toLocaleString(), a.outcome, a.httpStatus ?? "none", a.errorCode ? `${a.errorCode}: ${a.errorMessage ?? ""}` : "", a.eventCount, a.fbtraceId ?? ""])}
              />
            )}
          </BlockStack>
        </Card>
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">Shopify webhooks for this event</Text>
            {webhooks.map((w, i) => (
              <InlineStack key={i} gap="200">
                <Text as="span">{new Date(w.receivedAt).toLocaleString()}</Text>
                <Text as="span">{w.topic}</Text>
                <Badge>{w.outcome}</Badge>
              </InlineStack>
            ))}
          </BlockStack>
        </Card>
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">What is sent (personal data hashed with SHA-256)</Text>
            <Box background="bg-surface-secondary" padding="300" borderRadius="200">
              <pre style={{ margin: 0, whiteSpace: "pre-wrap", wordBreak: "break-all", fontSize: 12 }}>{JSON.stringify(event.payload, null, 2)}</pre>
            </Box>
          </BlockStack>
        </Card>
      </BlockStack>
    </Page>
  );
}

import { useFetcher } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, Divider, InlineStack, Layout, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
// Types only: the server modules stay on the server.
import type { TokenCheckNote } from "../../models/token-check.server";
import type { DestinationActionResult } from "./destination-actions.server";
import type { DestinationView } from "./settings-page.server";
import { TestEventPanel } from "./test-event-panel";

// The shop's Meta pixels, each in its own card with its status, test event, edit,
// pause/resume and remove; and the form that adds one. Each card posts its own intent
// with a fetcher, apart from the save bar's form.

type Result = DestinationActionResult | { ok: false; intent: string; errors: Record<string, string> };

/** Posts one pixel intent; says the result in a toast; gives the field errors. */
function useDestinationAction(onDone?: (result: Extract<DestinationActionResult, { ok: true }>) => void) {
  const fetcher = useFetcher<Result>();
  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    if (fetcher.data.ok && "message" in fetcher.data) {
      window.shopify?.toast?.show(fetcher.data.message);
      onDone?.(fetcher.data);
    }
    // Only a new answer matters.
  }, [fetcher.state, fetcher.data]);
  const errors = fetcher.data && !fetcher.data.ok ? fetcher.data.errors : {};
  const post = (fields: Record<string, string>) => fetcher.submit(fields, { method: "post" });
  return { post, errors, busy: fetcher.state !== "idle", formData: fetcher.formData, data: fetcher.data };
}

type Checks = Record<string, TokenCheckNote>;

export function DestinationsSection({ destinations }: { destinations: DestinationView[] }) {
  const [adding, setAdding] = useState(false);
  // Meta's answer to the token check, per pixel, until the page is left.
  const [checks, setChecks] = useState<Checks>({});
  const noteCheck = (result: { destinationId: string; tokenCheck?: TokenCheckNote | null }) => {
    const note = result.tokenCheck;
    if (note) setChecks((current) => ({ ...current, [result.destinationId]: note }));
  };
  // Here, not in the card: the card is gone once its removal succeeds, and the toast must still say so.
  const remove = useDestinationAction();
  const removing = remove.busy ? String(remove.formData?.get("destinationId") ?? "") : null;
  const removeFailedFor = remove.data && !remove.data.ok && "destinationId" in remove.data ? remove.data.destinationId : null;
  const none = destinations.length === 0;
  return (
    <Layout.AnnotatedSection
      title="Meta pixels"
      description="Where Tandem sends your events. Every event goes to each pixel that is on. Find a pixel's ID and its Conversions API token in Meta Events Manager, under the pixel's Settings."
    >
      <BlockStack gap="400">
        {destinations.map((destination) => (
          <DestinationCard
            key={destination.id}
            destination={destination}
            removing={removing === destination.id}
            tokenCheck={checks[destination.id] ?? null}
            onChecked={noteCheck}
            removeError={removeFailedFor === destination.id ? remove.errors["destination.form"] : undefined}
            onRemove={() => remove.post({ intent: "destination.remove", destinationId: destination.id })}
          />
        ))}
        {none || adding ? (
          <AddPixelCard first={none} onClose={none ? undefined : () => setAdding(false)} onChecked={noteCheck} />
        ) : (
          <InlineStack>
            <Button onClick={() => setAdding(true)}>Add another pixel</Button>
          </InlineStack>
        )}
      </BlockStack>
    </Layout.AnnotatedSection>
  );
}

type OnChecked = (result: { destinationId: string; tokenCheck?: TokenCheckNote | null }) => void;

function AddPixelCard({ first, onClose, onChecked }: { first: boolean; onClose?: () => void; onChecked: OnChecked }) {
  const [fields, setFields] = useState({
    pixelId: "",
    accessToken: "",
    testEventCode: "",
  });
  const action = useDestinationAction((result) => {
    onChecked(result);
    setFields({ pixelId: "", accessToken: "", testEventCode: "" });
    onClose?.();
  });
  const set = (key: keyof typeof fields) => (value: string) => setFields((current) => ({ ...current, [key]: value }));
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h3" variant="headingSm">
          {first ? "Connect your Meta pixel" : "Add a pixel"}
        </Text>
        {first ? <Text as="p">No pixel is connected yet: Tandem records your orders but sends nothing to Meta.</Text> : null}
        {action.errors["destination.form"] ? <Banner tone="critical">{action.errors["destination.form"]}</Banner> : null}
        <TextField
          label="Pixel (dataset) ID"
          helpText="15 or 16 digits: Events Manager > Data sources > your pixel > Settings."
          value={fields.pixelId}
          onChange={set("pixelId")}
          autoComplete="off"
          inputMode="numeric"
          error={action.errors["destination.pixelId"]}
        />
        <TextField
          label="Conversions API access token"
          type="password"
          helpText="Events Manager > your pixel > Settings > Conversions API > Generate access token. Stored encrypted; never shown again."
          value={fields.accessToken}
          onChange={set("accessToken")}
          autoComplete="new-password"
          error={action.errors["destination.accessToken"]}
        />
        <TextField
          label="Test event code (optional)"
          helpText="Events Manager > Test events (looks like TEST12345). Test orders and test events go out only with it, so Meta does not count them."
          value={fields.testEventCode}
          onChange={set("testEventCode")}
          autoComplete="off"
          error={action.errors["destination.testEventCode"]}
        />
        <InlineStack gap="200" align="end">
          {onClose ? <Button onClick={onClose}>Cancel</Button> : null}
          <Button variant="primary" loading={action.busy} onClick={() => action.post({ intent: "destination.add", ...fields })}>
            {first ? "Connect pixel" : "Add pixel"}
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

function statusBadge(destination: DestinationView) {
  if (destination.pausedReason) return <Badge tone="critical">Paused: token refused</Badge>;
  if (!destination.enabled) return <Badge tone="attention">Paused by you</Badge>;
  return <Badge tone="success">Connected</Badge>;
}

type CardProps = {
  destination: DestinationView;
  removing: boolean;
  removeError?: string;
  onRemove: () => void;
  tokenCheck: TokenCheckNote | null;
  onChecked: OnChecked;
};

function DestinationCard({ destination, removing, removeError, onRemove, tokenCheck, onChecked }: CardProps) {
  const { id, pixelId, pausedReason, enabled } = destination;
  const unsent = destination.unsent ? destination.unsent.toLocaleString("en") : null;
  // A refused token is fixed right here: the token field is open.
  const [editing, setEditing] = useState(Boolean(pausedReason));
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [fields, setFields] = useState({ accessToken: "", testEventCode: destination.testEventCode ?? "" });
  const edit = useDestinationAction((result) => {
    onChecked(result);
    setEditing(false);
  });
  const toggle = useDestinationAction();
  useEffect(() => setFields({ accessToken: "", testEventCode: destination.testEventCode ?? "" }), [destination.testEventCode, editing]);
  useEffect(() => {
    if (pausedReason) setEditing(true);
  }, [pausedReason]);
  const errors = { ...toggle.errors, ...edit.errors, ...(removeError && { "destination.form": removeError }) };

  return (
    <section aria-label={`Pixel ${pixelId}`}>
      <Card>
        <BlockStack gap="300">
          <InlineStack gap="200" blockAlign="center" wrap>
            <Text as="h3" variant="headingSm">{`Pixel ${pixelId}`}</Text>
            {statusBadge(destination)}
          </InlineStack>
          {pausedReason ? (
            <Banner tone="critical" title="Sending is paused: Meta refused the access token">
              <p>{pausedReason}</p>
              <p>{`Generate a new token in Events Manager (this pixel > Settings > Conversions API), paste it below and save: the ${
                unsent ? `${unsent} ` : ""
              }events held meanwhile are sent if still within Meta's 7 days.`}</p>
            </Banner>
          ) : null}
          {tokenCheck && enabled && !pausedReason ? (
            <Banner tone={tokenCheck.confirmed ? "success" : "warning"}>{tokenCheck.text}</Banner>
          ) : null}
          {!enabled ? (
            <Text as="p">{`Paused by you: Tandem records no new events for this pixel and the storefront does not fire it.${
              unsent ? ` ${unsent} events queued before the pause wait and go out when you resume (if still within Meta's 7 days).` : ""
            }`}</Text>
          ) : null}
          <Text as="p" tone="subdued">
            {destination.testEventCode
              ? `Test event code: ${destination.testEventCode}.`
              : "No test event code: test orders are not sent to this pixel."}
            {enabled && !pausedReason && unsent ? ` ${unsent} events waiting to be sent.` : ""}
          </Text>
          {errors["destination.form"] ? <Banner tone="critical">{errors["destination.form"]}</Banner> : null}

          {editing ? (
            <Box paddingBlockStart="100">
              <BlockStack gap="300">
                <TextField
                  label="Conversions API access token"
                  type="password"
                  value={fields.accessToken}
                  onChange={(value) => setFields((current) => ({ ...current, accessToken: value }))}
                  autoComplete="new-password"
                  helpText={
                    pausedReason
                      ? "The saved token no longer works: paste a new one."
                      : "A token is saved. It is never shown again; leave this empty to keep it."
                  }
                  error={edit.errors["destination.accessToken"]}
                />
                <TextField
                  label="Test event code (optional)"
                  helpText="Events Manager > Test events (looks like TEST12345)."
                  value={fields.testEventCode}
                  onChange={(value) =>
                    setFields((current) => ({
                      ...current,
                      testEventCode: value,
                    }))
                  }
                  autoComplete="off"
                  error={edit.errors["destination.testEventCode"]}
                />
                <InlineStack gap="200" align="end">
                  {!pausedReason ? <Button onClick={() => setEditing(false)}>Cancel</Button> : null}
                  <Button
                    variant="primary"
                    loading={edit.busy}
                    onClick={() =>
                      edit.post({
                        intent: "destination.update",
                        destinationId: id,
                        ...fields,
                      })
                    }
                  >
                    Save pixel
                  </Button>
                </InlineStack>
              </BlockStack>
            </Box>
          ) : null}

          {confirmRemove ? (
            <Banner tone="warning" title={`Remove pixel ${pixelId}?`}>
              <BlockStack gap="200">
                <p>
                  {`Tandem stops sending to this pixel at once. ${
                    unsent ? `Its ${unsent} events waiting to be sent will never be sent, and its` : "Its"
                  } event history is deleted from Tandem's event log. Meta keeps what it already received. To stop for a while instead, pause it.`}
                </p>
                <InlineStack gap="200">
                  <Button variant="primary" tone="critical" loading={removing} onClick={onRemove}>
                    Remove pixel
                  </Button>
                  <Button onClick={() => setConfirmRemove(false)}>Keep it</Button>
                </InlineStack>
              </BlockStack>
            </Banner>
          ) : null}

          {!editing && !confirmRemove ? (
            <InlineStack gap="200" wrap>
              <Button onClick={() => setEditing(true)}>Edit</Button>
              <Button
                loading={toggle.busy}
                onClick={() =>
                  toggle.post({
                    intent: enabled ? "destination.pause" : "destination.resume",
                    destinationId: id,
                  })
                }
              >
                {enabled ? "Pause" : "Resume"}
              </Button>
              <Button tone="critical" variant="plain" onClick={() => setConfirmRemove(true)}>
                Remove
              </Button>
            </InlineStack>
          ) : null}
          <Divider />
          <TestEventPanel
            destinationId={id}
            testEventCode={destination.testEventCode}
            lastTestEventId={destination.lastTestEventId}
            disabledReason={
              pausedReason ? "Save a new access token first: Meta refused the saved one." : !enabled ? "Resume this pixel first." : null
            }
          />
        </BlockStack>
      </Card>
    </section>
  );
}

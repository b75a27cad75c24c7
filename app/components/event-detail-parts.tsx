import { BlockStack, Box, Button, Collapsible, InlineStack, Text } from "@shopify/polaris";
import { useState } from "react";
import { keyNoteInWords, type KeyNoteView } from "../format/key-note-words";
import { useDateFormat } from "./use-date-format";
import { useNarrow } from "./use-narrow";

/** Meta's match keys, as a merchant would name the customer information behind them. */
const MATCH_KEYS: Array<{ label: string; keys: string[] }> = [
  { label: "Email", keys: ["em"] },
  { label: "Phone", keys: ["ph"] },
  { label: "First and last name", keys: ["fn", "ln"] },
  { label: "City, state, postcode", keys: ["ct", "st", "zp"] },
  { label: "Country", keys: ["country"] },
  { label: "Customer ID", keys: ["external_id"] },
  { label: "IP address", keys: ["client_ip_address"] },
  { label: "Browser (user agent)", keys: ["client_user_agent"] },
  { label: "Meta browser ID (_fbp cookie)", keys: ["fbp"] },
  { label: "Meta click ID (_fbc, from an ad click)", keys: ["fbc"] },
];

const present = (value: unknown) => (Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null && value !== "");

/**
 * The customer information in the event, as a checklist; under a key, what was left out
 * and why (a malformed cookie, a private address); the exact hashed JSON behind a disclosure.
 */
export function CustomerInfoSent({
  payload,
  note,
  sent: eventSent = true,
  notes = [],
}: {
  payload: Record<string, unknown>;
  note: string;
  sent?: boolean;
  notes?: KeyNoteView[];
}) {
  const [open, setOpen] = useState(false);
  const userData = (payload.user_data ?? {}) as Record<string, unknown>;
  const checklistKeys = new Set(MATCH_KEYS.flatMap(({ keys }) => keys));
  const otherNotes = notes.filter((left) => !checklistKeys.has(left.key));
  return (
    <BlockStack gap="300">
      <Text as="p" tone="subdued">
        {note}
      </Text>
      <ul
        style={{
          listStyle: "none",
          padding: 0,
          margin: 0,
          display: "grid",
          gridTemplateColumns: "repeat(auto-fill, minmax(240px, 1fr))",
          gap: 8,
        }}
      >
        {MATCH_KEYS.map(({ label, keys }) => {
          const sent = keys.some((key) => present(userData[key]));
          const left = notes.filter((n) => keys.includes(n.key));
          return (
            <li key={label}>
              <InlineStack gap="100" blockAlign="center" wrap={false}>
                <Text as="span" tone={sent && eventSent ? "success" : sent ? undefined : "subdued"} fontWeight="bold">
                  <span aria-hidden="true">{sent ? "✓" : "–"}</span>
                </Text>
                <Text as="span" tone={sent ? undefined : "subdued"}>
                  {label}
                  <Text as="span" visuallyHidden>
                    {sent ? (eventSent ? ": sent" : ": in the event, not sent") : ": not included"}
                  </Text>
                </Text>
              </InlineStack>
              {left.map((n) => (
                <Text as="p" variant="bodySm" tone="caution" key={`${n.key}-${n.from}`}>
                  {keyNoteInWords(n)}
                </Text>
              ))}
            </li>
          );
        })}
      </ul>
      {otherNotes.map((n) => (
        <Text as="p" variant="bodySm" tone="caution" key={`${n.key}-${n.from}`}>
          {keyNoteInWords(n)}
        </Text>
      ))}
      <Box>
        <Button
          variant="plain"
          disclosure={open ? "up" : "down"}
          onClick={() => setOpen(!open)}
          ariaExpanded={open}
          ariaControls="hashed-payload"
        >
          {eventSent
            ? open
              ? "Hide the exact data sent"
              : "Show the exact data sent (hashed)"
            : open
              ? "Hide the exact data"
              : "Show the exact data (hashed)"}
        </Button>
      </Box>
      <Collapsible id="hashed-payload" open={open}>
        <Box background="bg-surface-secondary" padding="300" borderRadius="200">
          <pre style={{ margin: 0, whiteSpace: "pre-wrap", wordBreak: "break-all", fontSize: 12 }}>{JSON.stringify(payload, null, 2)}</pre>
        </Box>
      </Collapsible>
    </BlockStack>
  );
}

const ATTEMPT_OUTCOMES: Record<string, string> = {
  delivered: "Accepted by Meta",
  transient: "Meta unavailable: retried later",
  permanent: "Refused by Meta",
  auth: "Access token refused: sending paused",
  rate_limited: "Meta asked to slow down: retried later",
};

export type AttemptRow = {
  startedAt: string;
  outcome: string;
  httpStatus: number | null;
  errorCode: number | null;
  errorMessage: string | null;
  eventCount: number;
  eventsReceived: number | null;
  fbtraceId: string | null;
};

export function RequestsToMeta({
  attempts,
  none,
}: {
  attempts: AttemptRow[];
  /** What to say when no request carried the event. */ none: string;
}) {
  const fmt = useDateFormat();
  // A five-column table on a phone hides most columns behind a sideways scroll: one block per request instead.
  const narrow = useNarrow();
  if (attempts.length === 0) return <Text as="p">{none}</Text>;
  if (narrow) {
    return (
      <BlockStack gap="300">
        {attempts.map((a, i) => (
          <BlockStack gap="050" key={i}>
            <Text as="p" fontWeight="semibold">
              {`${ATTEMPT_OUTCOMES[a.outcome] ?? "Not accepted"} · ${fmt.dateTime(a.startedAt)}`}
            </Text>
            {a.errorMessage || !a.httpStatus ? (
              <Text as="p">
                {a.errorMessage ? `${a.errorMessage}${a.errorCode ? ` (code ${a.errorCode})` : ""}` : "No answer (network)"}
              </Text>
            ) : null}
            <Text as="p" tone="subdued">
              {`${a.eventCount} event${a.eventCount === 1 ? "" : "s"} in the request${a.fbtraceId ? ` · Meta reference ${a.fbtraceId}` : ""}`}
            </Text>
          </BlockStack>
        ))}
      </BlockStack>
    );
  }
  // A plain table whose cells wrap (Polaris' DataTable keeps each cell on one line, so
  // Meta's messages and references pushed it sideways at 1040 px); the region takes
  // keyboard focus so it can still be scrolled without a mouse if it ever has to.
  return (
    <div role="region" aria-label="Requests to Meta" tabIndex={0} style={{ overflowX: "auto" }}>
      <table style={{ width: "100%", borderCollapse: "collapse", tableLayout: "fixed" }}>
        <colgroup>
          {["20%", "16%", "34%", "10%", "20%"].map((width, i) => (
            <col key={i} style={{ width }} />
          ))}
        </colgroup>
        <thead>
          <tr>
            {["When", "Result", "Meta's message", "Events", "Meta reference"].map((heading, i) => (
              <th key={heading} scope="col" style={{ ...CELL, textAlign: i === 3 ? "end" : "start" }}>
                <Text as="span" variant="bodySm" fontWeight="semibold">
                  {heading}
                </Text>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {attempts.map((a, i) => (
            <tr key={i}>
              <td style={CELL}>{fmt.dateTime(a.startedAt)}</td>
              <td style={CELL}>{ATTEMPT_OUTCOMES[a.outcome] ?? "Not accepted"}</td>
              <td style={CELL}>
                {a.errorMessage
                  ? `${a.errorMessage}${a.errorCode ? ` (code ${a.errorCode})` : ""}`
                  : a.httpStatus
                    ? ""
                    : "No answer (network)"}
              </td>
              <td style={{ ...CELL, textAlign: "end" }}>{a.eventCount}</td>
              <td style={CELL}>{a.fbtraceId ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const CELL = {
  padding: "var(--p-space-200)",
  borderBlockEnd: "var(--p-border-width-025) solid var(--p-color-border-secondary)",
  verticalAlign: "top",
  overflowWrap: "anywhere",
  fontSize: "var(--p-font-size-325)",
} as const;

const TOPICS: Record<string, string> = {
  "orders/create": "Order created",
  "orders/paid": "Order paid",
  "checkouts/create": "Checkout started",
  "checkouts/update": "Checkout updated",
  "admin/test_event": "Test event sent from Settings",
  "orders/cancelled": "Order cancelled",
  "refunds/create": "Refund",
  "orders/edited": "Order edited after checkout",
};
const WEBHOOK_OUTCOMES: Record<string, string> = {
  // The webhook's part ends with the event recorded; the page's status says what became of it.
  queued: "Recorded by Tandem",
  duplicate_webhook: "Repeat delivery: ignored",
  skipped: "Not sent by rule",
  not_configured: "Received before setup",
  shop_uninstalled: "Received after uninstall",
  rejected: "Not readable",
  recorded: "Recorded (shown on the Orders page)",
};

export const topicInWords = (topic: string) => TOPICS[topic] ?? topic;
export const webhookOutcomeInWords = (outcome: string) => WEBHOOK_OUTCOMES[outcome] ?? outcome;

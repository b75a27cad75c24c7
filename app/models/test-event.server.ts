import { randomBytes } from "node:crypto";
import { buildTestEvent, TEST_EVENT_ID_PREFIX } from "../capi";
import prisma from "../db.server";
import { notifyOutboxDue } from "../outbox/due-signal.server";
import { formatConsentFacts } from "../outbox/stored-row";
import { initialStatus } from "../outbox/status";
import { destinationInputSchema } from "./destinations.server";
import { pausedReasonInWords, tokenProblemInWords } from "../format/token-words";
import { tokenProblem } from "../meta/token-problem";

// Settings' "Send test event": one outbox row, marked test, for one pixel. The worker
// claims and sends it like any other (its Graph request carries the pixel's test event
// code because the row is a test), so the merchant sees what the real pipeline does with
// their pixel and token. Test rows are kept out of every live figure (isTest).

export const TEST_EVENT_TOPIC = "admin/test_event";
/** The row's decision reason: there is no shopper, so no consent question. */
export const TEST_EVENT_REASON = "merchant_test_event";

/** Test event ids are the prefix + lowercase base36 and hex (16 characters): this range holds them all. */
export const TEST_EVENT_ID_RANGE = { gte: TEST_EVENT_ID_PREFIX, lte: TEST_EVENT_ID_PREFIX + "z".repeat(24) };

export type QueueTestEventResult = { ok: true; id: string; eventId: string } | { ok: false; field?: "testEventCode"; message: string };

export async function queueTestEvent(input: {
  shopDomain: string;
  destinationId: string;
  /** Entered with the button when the pixel has none yet: stored on the pixel. */
  testEventCode?: string | null;
  userAgent: string | null;
  now?: Date;
}): Promise<QueueTestEventResult> {
  const { shopDomain, destinationId } = input;
  const now = input.now ?? new Date();
  const destination = await prisma.destination.findFirst({ where: { id: destinationId, shopDomain } });
  if (!destination) return { ok: false, message: "This pixel is not connected to your store any more: reload the page." };
  if (destination.pausedAt) {
    return {
      ok: false,
      message:
        "Sending to this pixel is paused because Meta refused its access token. Paste a new token in this pixel's settings and save, then send a test event.",
    };
  }
  if (!destination.enabled) return { ok: false, message: "This pixel is paused in Tandem: resume it first, then send a test event." };

  let code = destination.testEventCode;
  const entered = input.testEventCode?.trim();
  if (entered) {
    const parsed = destinationInputSchema.shape.testEventCode.safeParse(entered);
    if (!parsed.success) return { ok: false, field: "testEventCode", message: parsed.error.issues[0].message };
    code = parsed.data ?? null;
    if (code !== destination.testEventCode)
      await prisma.destination.update({ where: { id: destination.id }, data: { testEventCode: code } });
  }
  // Without a code Meta would count the event as a real sale: the worker would skip it anyway.
  if (!code)
    return {
      ok: false,
      field: "testEventCode",
      message: "Enter the test event code from Events Manager > Test events (it looks like TEST12345).",
    };

  const shop = await prisma.shop.findUnique({ where: { domain: shopDomain }, select: { primaryUrl: true, currency: true } });
  const eventId = `${TEST_EVENT_ID_PREFIX}${now.getTime().toString(36)}${randomBytes(4).toString("hex")}`;
  const event = buildTestEvent({
    eventId,
    now,
    sourceUrl: shop?.primaryUrl ?? `https://${shopDomain}/`,
    // Meta requires a user agent on website events; the merchant's own browser is the honest one.
    userAgent: input.userAgent?.slice(0, 512) || "Mozilla/5.0 (Tandem test event)",
    currency: shop?.currency ?? "USD",
  });
  const row = await prisma.outboxEvent.create({
    data: {
      shopDomain,
      destinationId: destination.id,
      eventName: event.event_name,
      eventId,
      status: initialStatus("pending"),
      payload: JSON.stringify(event),
      eventTime: event.event_time,
      sourceTopic: TEST_EVENT_TOPIC,
      isTest: true,
      consentAction: "send",
      consentReason: TEST_EVENT_REASON,
      consentFacts: formatConsentFacts({ countries: [], usStates: [], signal: null }),
      nextAttemptAt: now,
    },
  });
  notifyOutboxDue();
  return { ok: true, id: row.id, eventId };
}

export type TestEventAnswer =
  | { state: "sending" }
  | { state: "accepted"; eventsReceived: number | null; fbtraceId: string | null; at: string }
  | { state: "retrying"; message: string }
  | { state: "refused"; message: string; advice: string; code: number | null; tokenProblem: boolean };

export type TestEventAnswerFor = TestEventAnswer & { pixelId: string; testEventCode: string | null };

/** What became of a test event: Meta's answer in words, from the row and its last request. */
export async function getTestEventAnswer(shopDomain: string, id: string): Promise<TestEventAnswerFor | null> {
  const row = await prisma.outboxEvent.findFirst({
    where: { id, shopDomain, sourceTopic: TEST_EVENT_TOPIC },
    select: {
      id: true,
      createdAt: true,
      status: true,
      lastError: true,
      lastErrorCode: true,
      fbtraceId: true,
      deliveredAt: true,
      destination: { select: { pixelId: true, testEventCode: true, pausedReason: true } },
    },
  });
  if (!row) return null;
  const attempt = await prisma.deliveryAttempt.findFirst({
    // The (shopDomain, startedAt) index narrows the search to requests made since the row existed.
    where: { shopDomain, startedAt: { gte: row.createdAt }, eventIds: { contains: JSON.stringify(row.id) } },
    orderBy: { startedAt: "desc" },
    select: { eventsReceived: true, fbtraceId: true, errorCode: true, errorSubcode: true, errorMessage: true, outcome: true },
  });
  const base = { pixelId: row.destination.pixelId, testEventCode: row.destination.testEventCode };
  return { ...base, ...describeTestEvent(row, attempt, row.destination.pausedReason) };
}

type Row = { status: string; lastError: string | null; lastErrorCode: number | null; fbtraceId: string | null; deliveredAt: Date | null };
type Attempt = {
  eventsReceived: number | null;
  fbtraceId: string | null;
  errorCode: number | null;
  errorSubcode?: number | null;
  errorMessage: string | null;
  outcome: string;
} | null;

export function describeTestEvent(row: Row, attempt: Attempt, pausedReason: string | null): TestEventAnswer {
  const code = attempt?.errorCode ?? row.lastErrorCode ?? null;
  const metaSaid = attempt?.errorMessage ?? row.lastError ?? "no message";
  switch (row.status) {
    case "pending":
    case "in_flight":
      return { state: "sending" };
    case "delivered":
      return {
        state: "accepted",
        eventsReceived: attempt?.eventsReceived ?? null,
        fbtraceId: attempt?.fbtraceId ?? row.fbtraceId,
        at: (row.deliveredAt ?? new Date()).toISOString(),
      };
    case "retry":
      return {
        state: "retrying",
        message: `Meta did not accept it yet (${metaSaid}). Tandem keeps trying on its own; this page updates when Meta answers.`,
      };
    case "paused": {
      // Words from the code, never Meta's sentence (the event log keeps that for the curious).
      const problem = tokenProblem(code, attempt?.errorSubcode) ?? "token_invalid";
      const words = tokenProblemInWords(problem);
      return {
        state: "refused",
        code,
        tokenProblem: true,
        message: pausedReason ? pausedReasonInWords(pausedReason) : words.what,
        advice: `${words.todo} Paste it in this pixel's settings and save: sending to this pixel is paused until then, and the events held meanwhile go out with the new token.`,
      };
    }
    case "failed":
      return {
        state: "refused",
        code,
        tokenProblem: false,
        message: `Meta rejected the test event${code ? ` (code ${code})` : ""}: ${metaSaid.replace(/^Meta rejected this event: /, "")}`,
        advice:
          code === 100
            ? "Check that the pixel ID is the dataset ID shown in Events Manager and that the token was generated for this pixel. Real orders would be refused the same way."
            : "Real orders would be refused the same way. The event log shows the full request and answer.",
      };
    default:
      return {
        state: "refused",
        code,
        tokenProblem: false,
        message: `Not sent: ${row.lastError ?? row.status}`,
        advice: "The event log shows why.",
      };
  }
}

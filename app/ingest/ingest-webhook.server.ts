import {
  checkoutPayloadSchema,
  mapCheckoutToInitiateCheckout,
  initiateCheckoutEventId,
  mapOrderToPurchase,
  mapSubscribeEvent,
  orderPayloadSchema,
  purchaseEventId,
  type MapResult,
} from "../capi";
import { notifyOutboxDue } from "../outbox/due-signal.server";
import { readSettings } from "../models/shops.server";
import { insertOutboxAndReceipt, insertWebhookReceipt, loadShopAndReceipt, type GatedSql } from "./ingest-store.server";
import { browserIdsOf, signalFromStoredReceipt } from "../outbox/stored-receipt.server";
import { decideRow } from "../outbox/decide-row";
import { buildOutboxRows, payloadRefs } from "../outbox/new-rows";
import type { IngestInput, IngestOutcome } from "./ingest-outcome";
import { receivedOrderUpsert } from "./received-order.server";

export type { IngestInput, IngestOutcome };

const MAPPERS: Record<string, (payload: unknown, ctx: Parameters<typeof mapOrderToPurchase>[1]) => MapResult | { error: string }> = {
  "orders/create": (payload, ctx) => withSchema(orderPayloadSchema, payload, (order) => mapOrderToPurchase(order, ctx)),
  "orders/paid": (payload, ctx) => withSchema(orderPayloadSchema, payload, (order) => mapOrderToPurchase(order, ctx)),
  "checkouts/create": (payload, ctx) =>
    withSchema(checkoutPayloadSchema, payload, (checkout) => mapCheckoutToInitiateCheckout(checkout, ctx)),
};

/**
 * A Shopify webhook becomes outbox rows: parse, map, decide consent, and in ONE
 * transaction record the webhook receipt and insert one row per enabled destination
 * (unique on destination + event name + event id). A repeated webhook, or a second
 * topic for the same order, finds what was already decided and changes nothing.
 * Meta is never called here: the worker delivers.
 */
export async function ingestWebhook({ shop, topic: rawTopic, webhookId, payload, now = new Date() }: IngestInput): Promise<IngestOutcome> {
  const topic = restTopic(rawTopic);
  // The reconciliation row (every order and checkout, skipped ones too) is written with
  // the receipt, in its transaction: a crash keeps both or neither.
  const receivedOrder = (outcome: IngestOutcome, eventName?: string, eventId?: string | null) =>
    receivedOrderUpsert({ shop, topic, webhookId, payload, now }, outcome, { eventName, eventId });
  const record = (outcome: IngestOutcome, eventName?: string, eventId?: string | null) =>
    recordOutcome(shop, topic, webhookId, outcome, receivedOrder(outcome, eventName, eventId), eventName, eventId);
  // Own properties only: a topic such as "constructor" must not find Object's built-ins.
  const mapper = Object.hasOwn(MAPPERS, topic) ? MAPPERS[topic] : undefined;
  if (!mapper) return record({ outcome: "rejected", detail: `Tandem does not handle the ${topic} topic` });

  // The browser's receipt may have arrived first: its consent signal and ids count. A
  // webhook id recorded before is a repeated delivery (Shopify's retries): nothing more
  // to do. Two deliveries at once both pass here; the write tells the second.
  const { shop: shopRow, receipt, seen } = await loadShopAndReceipt(shop, expectedEventId(topic, payload), webhookId);
  if (seen) return { outcome: "duplicate_webhook" };
  const settings = settingsFrom(shopRow.settings);
  const ctx = {
    settings,
    shop: { domain: shop, primaryUrl: shopRow.primaryUrl ?? undefined, currency: shopRow.currency ?? undefined },
    now,
  };
  const mapped = mapper(payload, ctx);
  if ("error" in mapped) return record({ outcome: "rejected", detail: mapped.error });
  if (mapped.kind === "skipped") {
    return record({ outcome: "skipped", reason: mapped.reason, message: mapped.message }, mapped.eventName, mapped.eventId);
  }
  const { eventName, eventId } = mapped;
  if (shopRow.uninstalledAt) return record({ outcome: "shop_uninstalled", eventName, eventId }, eventName, eventId);

  const { destinations } = shopRow;
  if (destinations.length === 0) return record({ outcome: "not_configured", eventName, eventId }, eventName, eventId);

  // The outbox's one decision (the same the receipt merge and the wait sweep make): the
  // cart attribute and the browser receipt may disagree, the later choice wins; the
  // receipt fills the browser ids; a website event without a user agent waits for it.
  const decide = (event: MapResult & { kind: "event" }) =>
    decideRow({
      event: event.event,
      facts: event.consentFacts,
      waitUntil: null,
      signal: receipt && signalFromStoredReceipt(receipt),
      browser: receipt && browserIdsOf(receipt),
      settings,
      now,
    });
  const decision = decide(mapped);
  const refs = payloadRefs(topic, payload);
  const rows = buildOutboxRows({ shop, topic, mapped, decision, destinations, receipt, now, refs });
  // A first subscription order's Subscribe beside its Purchase: decided on the same facts
  // and browser receipt, written in the same transaction (docs/decisions/038).
  const subscribe = settings.events.subscribe && topic.startsWith("orders/") ? subscribeFor(payload, mapped, ctx) : null;
  if (subscribe?.kind === "event")
    rows.push(...buildOutboxRows({ shop, topic, mapped: subscribe, decision: decide(subscribe), destinations, receipt, now, refs }));

  const written = await insertOutboxAndReceipt(
    rows,
    (created) => {
      const queued = { outcome: "queued" as const, eventName, eventId, created, existing: rows.length - created };
      return { receipt: receiptRow(shop, topic, webhookId, queued, eventName, eventId), result: queued };
    },
    now,
    // The ReceivedOrder row of a queued webhook (its words do not depend on how many rows were new).
    receivedOrder({ outcome: "queued", eventName, eventId, created: rows.length, existing: 0 }, eventName, eventId),
  );
  // Not recorded: the same webhook delivered twice at once, and the other delivery recorded it.
  if (!written.recorded) return { outcome: "duplicate_webhook" };
  if (written.result.created > 0 && decision.status === "pending") notifyOutboxDue();
  return written.result;
}

// Settings parsed once per stored text, not once per webhook (JSON.parse + zod was a
// measurable share of the profile). Keyed by the text itself, so a save from any process
// (admin, CLI) is seen on the next webhook without an invalidation message.
const parsedSettings = new Map<string, ReturnType<typeof readSettings>>();
function settingsFrom(stored: string): ReturnType<typeof readSettings> {
  let settings = parsedSettings.get(stored);
  if (!settings) {
    if (parsedSettings.size >= 1000) parsedSettings.clear();
    settings = readSettings(stored);
    parsedSettings.set(stored, settings);
  }
  return settings;
}

function subscribeFor(payload: unknown, purchase: MapResult, ctx: Parameters<typeof mapOrderToPurchase>[1]): MapResult | null {
  const order = orderPayloadSchema.safeParse(payload);
  return order.success ? mapSubscribeEvent(order.data, purchase, ctx) : null;
}

function expectedEventId(topic: string, payload: unknown): { eventName: string; eventId: string } | null {
  const body = (payload ?? {}) as { id?: string | number; token?: string };
  const eventId = topic.startsWith("orders/") ? purchaseEventId(body.id) : initiateCheckoutEventId(body.token);
  return eventId ? { eventName: topic.startsWith("orders/") ? "Purchase" : "InitiateCheckout", eventId } : null;
}

/** authenticate.webhook names topics the GraphQL way (ORDERS_CREATE); rows use orders/create. */
export function restTopic(topic: string): string {
  return topic.includes("/") ? topic : topic.toLowerCase().replace("_", "/");
}

function withSchema<T>(
  schema: {
    safeParse(
      input: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  },
  payload: unknown,
  map: (value: T) => MapResult,
) {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    // Paths and expectations only: zod issues here never quote the payload's values.
    const detail = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`)
      .join("; ");
    return { error: `Payload refused: ${detail}` };
  }
  return map(parsed.data);
}

async function recordOutcome(
  shop: string,
  topic: string,
  webhookId: string,
  outcome: IngestOutcome,
  also: GatedSql | null,
  eventName?: string,
  eventId?: string | null,
): Promise<IngestOutcome> {
  const recorded = await insertWebhookReceipt(receiptRow(shop, topic, webhookId, outcome, eventName, eventId), new Date(), also);
  return recorded ? outcome : { outcome: "duplicate_webhook" };
}

function receiptRow(shop: string, topic: string, webhookId: string, outcome: IngestOutcome, eventName?: string, eventId?: string | null) {
  const { outcome: name, ...detail } = outcome;
  return {
    webhookId,
    shopDomain: shop,
    topic,
    outcome: name,
    detail: JSON.stringify(detail),
    eventName: eventName ?? null,
    eventId: eventId ?? null,
  };
}

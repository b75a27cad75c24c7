import {
  consentSignalFromReceipt,
  formatConsentSnapshot,
  formatKeyNotes,
  receiptBrowserValues,
  subscribeEventId,
  type PixelReceipt,
} from "../capi";
import prisma from "../db.server";
import { readSettings } from "../models/shops.server";
import { notifyOutboxDue } from "../outbox/due-signal.server";
import { isOutboxStatus, OPEN_STATUSES, transition } from "../outbox/status";
import { mergeReceiptIntoRow } from "../outbox/merge-receipt.server";
import { browserIdsOf } from "../outbox/stored-receipt.server";

export type RecordReceiptInput = {
  shop: { domain: string; settings: string };
  receipt: PixelReceipt;
  clientIp: string | null;
  userAgent: string | null;
  now?: Date;
};

export type RecordReceiptResult = { updatedEvents: number; seenEvents: number };

/**
 * Stores the browser's receipt and applies it to the server's copies of the event, in
 * ONE transaction (BEGIN IMMEDIATE, see app/db): no worker claim or webhook ingest can
 * slip between the read of a row and its update. The receipt is kept even when no row
 * exists yet: the webhook ingest looks it up when the order arrives.
 */
export async function recordPixelReceipt({
  shop,
  receipt,
  clientIp,
  userAgent,
  now = new Date(),
}: RecordReceiptInput): Promise<RecordReceiptResult> {
  // Every browser value checked: a bad one is left out with a note, the receipt is kept.
  const values = receiptBrowserValues(receipt, { clientIp, userAgent }, now);
  const signal = { ...consentSignalFromReceipt(receipt), capturedAt: values.occurredAt.getTime() };
  const key = { shopDomain: shop.domain, eventName: receipt.event_name, eventId: receipt.event_id };
  const fields = {
    // The latest receipt's consent wins: a shopper may change their mind on a reload.
    consent: formatConsentSnapshot(signal),
    occurredAt: values.occurredAt,
    clientIpKind: values.clientIpKind,
  };
  // Without marketing consent the pixel sends no cookies; IP and user agent are not kept
  // either, nor notes about them.
  const ids = signal.marketing
    ? { fbp: values.fbp, fbc: values.fbc, clientIp: values.clientIp, userAgent: values.userAgent, keyNotes: formatKeyNotes(values.notes) }
    : {
        fbp: null,
        fbc: null,
        clientIp: null,
        userAgent: null,
        keyNotes: formatKeyNotes(values.notes.filter((note) => note.key === "event_time")),
      };
  const settings = readSettings(shop.settings);

  const result = await prisma.$transaction(async (tx) => {
    const stored = await tx.pixelReceipt.upsert({
      where: { shopDomain_eventName_eventId: key },
      create: { ...key, ...fields, ...ids, pageUrl: values.pageUrl },
      // A repeated receipt without a value keeps the earlier one (a cookie may be gone by
      // then); one without marketing consent clears them (consent withdrawn).
      update: { ...fields, ...(signal.marketing ? withoutNulls(ids) : ids), ...(values.pageUrl ? { pageUrl: values.pageUrl } : {}) },
    });
    const seen = await tx.outboxEvent.updateMany({ where: { ...key, browserSeenAt: null }, data: { browserSeenAt: now } });
    // A first subscription order's Subscribe shares its Purchase's browser and consent (docs/decisions/038).
    const subscribeId = receipt.event_name === "Purchase" ? subscribeEventId(receipt.event_id.replace(/^purchase_/, "")) : null;
    const companion = subscribeId ? [{ shopDomain: shop.domain, eventName: "Subscribe", eventId: subscribeId }] : [];
    const rows = await tx.outboxEvent.findMany({
      where: { OR: [key, ...companion], status: { in: [...OPEN_STATUSES] } },
      select: { id: true, status: true, payload: true, consentFacts: true, consentUntil: true, consentAction: true, keyNotes: true },
    });
    let updatedEvents = 0;
    let nowDue = false;
    for (const row of rows) {
      if (!isOutboxStatus(row.status)) continue;
      const change = mergeReceiptIntoRow({ ...row, status: row.status }, { signal, receipt: browserIdsOf(stored), settings, now });
      if (!change) continue;
      // Guarded by the status read above: in_flight and delivered rows are never rewritten.
      const move = transition(row.status, change.status ?? row.status);
      const { count } = await tx.outboxEvent.updateMany({ where: { id: row.id, ...move.where }, data: { ...change, ...move.data } });
      updatedEvents += count;
      nowDue ||= count > 0 && change.status === "pending";
    }
    return { updatedEvents, seenEvents: seen.count, nowDue };
  });
  if (result.nowDue) notifyOutboxDue();
  return { updatedEvents: result.updatedEvents, seenEvents: result.seenEvents };
}

function withoutNulls<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== null)) as Partial<T>;
}

import { receiptBrowserValues, toStorefrontCopy, type PixelReceipt, type StorefrontCopyRefusal } from "../capi";
import prisma from "../db.server";
import { decideRow } from "../outbox/decide-row";
import { notifyOutboxDue } from "../outbox/due-signal.server";
import { buildOutboxRows } from "../outbox/new-rows";
import { readShopSettings } from "../outbox/stored-row";
import type { RateLimiter } from "./rate-limit.server";

// The server's copy of a storefront event (ViewContent, AddToCart) from its web pixel
// receipt, when the merchant opted in (docs/decisions/042). Called after the receipt is
// stored; a copy refused here costs nothing else: the browser's own hit went to Meta.

export type StorefrontCopyLimits = { visitorShop: RateLimiter; shop: RateLimiter };

export type StorefrontCopyOutcome =
  { queued: number } | { refused: StorefrontCopyRefusal | "rate_limited" | "consent" | "no_pixel" | "exists" };

export async function queueStorefrontCopy(input: {
  shop: { domain: string; settings: string };
  receipt: PixelReceipt;
  clientIp: string | null;
  userAgent: string | null;
  /** The visitor's key for the limits (their address, as the receipt endpoint derives it). */
  visitor: string;
  limits: StorefrontCopyLimits;
  now?: Date;
}): Promise<StorefrontCopyOutcome> {
  const { shop, receipt } = input;
  const now = input.now ?? new Date();
  const settings = readShopSettings(shop.settings);
  const values = receiptBrowserValues(receipt, { clientIp: input.clientIp, userAgent: input.userAgent }, now);
  const copy = toStorefrontCopy({ receipt, values, settings, shop, now });
  if (copy.kind === "none") return { refused: copy.reason };
  // Taken only for receipts that would become a server event: the budget is for those.
  const perVisitor = await input.limits.visitorShop.take(`${input.visitor} ${shop.domain}`);
  if (!perVisitor.ok) return { refused: "rate_limited" };
  const perShop = await input.limits.shop.take(shop.domain);
  if (!perShop.ok) return { refused: "rate_limited" };

  const browser = { fbp: values.fbp, fbc: values.fbc, clientIp: values.clientIp, userAgent: values.userAgent, keyNotes: values.notes };
  const decision = decideRow({ event: copy.event, facts: copy.facts, waitUntil: null, browser, settings, now });
  // The same consent decision as every row; one that is not to be sent now is not kept
  // (no storefront event waits: nothing later can bring what it lacks).
  if (decision.status !== "pending") return { refused: "consent" };

  const destinations = await prisma.destination.findMany({
    where: { shopDomain: shop.domain, enabled: true },
    select: { id: true, testEventCode: true },
  });
  if (destinations.length === 0) return { refused: "no_pixel" };
  const existing = await prisma.outboxEvent.findMany({
    where: { shopDomain: shop.domain, eventName: copy.eventName, eventId: copy.event.event_id },
    select: { destinationId: true },
  });
  const missing = destinations.filter((destination) => !existing.some((row) => row.destinationId === destination.id));
  if (missing.length === 0) return { refused: "exists" };
  const rows = buildOutboxRows({
    shop: shop.domain,
    topic: "web_pixel",
    mapped: {
      kind: "event",
      eventName: copy.eventName,
      eventId: copy.event.event_id,
      event: copy.event,
      isTest: false,
      consentFacts: copy.facts,
    },
    decision,
    destinations: missing,
    receipt: { receivedAt: now, consent: "", fbp: null, fbc: null, clientIp: null, userAgent: null },
    now,
    refs: { orderId: null, checkoutToken: null, customerId: null },
  });
  try {
    await prisma.outboxEvent.createMany({ data: rows });
  } catch (error) {
    // The same receipt twice at the same moment: the other request wrote the copy.
    if ((error as { code?: string }).code === "P2002") return { refused: "exists" };
    throw error;
  }
  notifyOutboxDue();
  return { queued: rows.length };
}

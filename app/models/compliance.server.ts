import { addPaymentInfoEventId, initiateCheckoutEventId, purchaseEventId } from "../capi";
import prisma from "../db.server";
import { transition, UNSENT_STATUSES } from "../outbox/status";

/**
 * What Tandem deletes for Shopify's privacy webhooks and on uninstall. Everything is
 * scoped by shop. Outbox rows keep the order and customer ids (not personal data by
 * themselves) precisely so that a customer's rows can be found and deleted here.
 */

/** app/uninstalled: stop all sending now; keep history until shop/redact (48 h later). */
export async function stopShop(shopDomain: string, now = new Date()) {
  const cancel = transition(UNSENT_STATUSES, "cancelled");
  return prisma.$transaction([
    prisma.session.deleteMany({ where: { shop: shopDomain } }),
    prisma.shop.updateMany({ where: { domain: shopDomain }, data: { uninstalledAt: now } }),
    prisma.destination.updateMany({ where: { shopDomain }, data: { enabled: false } }),
    prisma.outboxEvent.updateMany({
      where: { shopDomain, ...cancel.where },
      data: {
        ...cancel.data,
        lastError: "The app was uninstalled: nothing more is sent for this shop.",
        leaseOwner: null,
        leaseUntil: null,
      },
    }),
  ]);
}

/** shop/redact: every row Tandem holds for the shop. */
export async function redactShop(shopDomain: string) {
  return prisma.$transaction([
    prisma.session.deleteMany({ where: { shop: shopDomain } }),
    prisma.outboxEvent.deleteMany({ where: { shopDomain } }),
    prisma.deliveryAttempt.deleteMany({ where: { shopDomain } }),
    prisma.pixelReceipt.deleteMany({ where: { shopDomain } }),
    prisma.webhookReceipt.deleteMany({ where: { shopDomain } }),
    prisma.receivedOrder.deleteMany({ where: { shopDomain } }),
    prisma.orderAdjustment.deleteMany({ where: { shopDomain } }),
    prisma.orderEditMark.deleteMany({ where: { shopDomain } }),
    prisma.alertEmail.deleteMany({ where: { shopDomain } }),
    prisma.qualityRead.deleteMany({ where: { shopDomain } }),
    prisma.qualitySnapshot.deleteMany({ where: { shopDomain } }),
    prisma.metaEventCount.deleteMany({ where: { shopDomain } }),
    prisma.pixelAuditFinding.deleteMany({ where: { shopDomain } }),
    prisma.healthCondition.deleteMany({ where: { shopDomain } }),
    prisma.storefrontStatus.deleteMany({ where: { shopDomain } }),
    prisma.pixelContactDay.deleteMany({ where: { shopDomain } }),
    // After the rows they count: deleting those names their slots again (triggers).
    prisma.adminRollup.deleteMany({ where: { shopDomain } }),
    prisma.rollupDirty.deleteMany({ where: { shopDomain } }),
    prisma.shop.deleteMany({ where: { domain: shopDomain } }),
  ]);
}

/**
 * Ids per statement. Prisma's SQLite driver refuses a statement with more than 999
 * bound parameters (P2029; 499 order ids used to fail) and PostgreSQL allows 65,535:
 * 300 ids plus the shop keeps every statement here far below both.
 */
export const REDACT_CHUNK = 300;

export type RedactionCounts = { outboxEvents: number; pixelReceipts: number; webhookReceipts: number };

/**
 * customers/redact: the customer's events, the events of the orders Shopify lists, and
 * the checkout events of those orders (a guest's checkout carries no customer id; the
 * order's checkout token finds it). Works through the ids in chunks, each chunk its own
 * short transaction, so 10,000 orders neither exceed a statement's parameter limit nor
 * hold the database's write lock for long. Idempotent: a retry after a failure part way
 * deletes what is left and finds nothing twice.
 */
export async function redactCustomer(
  shopDomain: string,
  customerId: string | null,
  orderIds: string[],
  options: { deadline?: number; clock?: () => number } = {},
): Promise<RedactionCounts & { done: boolean }> {
  const clock = options.clock ?? Date.now;
  const counts: RedactionCounts = { outboxEvents: 0, pixelReceipts: 0, webhookReceipts: 0 };
  const purchaseIds = unique(orderIds.map((id) => purchaseEventId(id)));
  const customerEvents = customerId
    ? await prisma.outboxEvent.findMany({ where: { shopDomain, customerId }, select: { eventId: true } })
    : [];
  // The customer's own events first, then the listed orders: each slice finds its
  // events' checkout tokens, then deletes every row of those event ids.
  const slices = [...chunks(unique(customerEvents.map((e) => e.eventId)), REDACT_CHUNK), ...chunks(purchaseIds, REDACT_CHUNK)];
  for (const slice of slices) {
    // Out of time: what is deleted stays deleted; the caller finishes the rest later.
    if (options.deadline !== undefined && clock() >= options.deadline) return { ...counts, done: false };
    const found = await prisma.outboxEvent.findMany({ where: { shopDomain, eventId: { in: slice } }, select: { checkoutToken: true } });
    const checkoutIds = unique(
      found.map((e) => e.checkoutToken).flatMap((token) => [initiateCheckoutEventId(token), addPaymentInfoEventId(token)]),
    );
    for (const ids of chunks(unique([...slice, ...checkoutIds]), REDACT_CHUNK)) add(counts, await deleteEventIds(shopDomain, ids));
  }
  // Rows of the customer that carry no event id of the above (none today; kept as a net).
  if (customerId) counts.outboxEvents += (await prisma.outboxEvent.deleteMany({ where: { shopDomain, customerId } })).count;
  return { ...counts, done: true };
}

async function deleteEventIds(shopDomain: string, eventIds: string[]): Promise<RedactionCounts> {
  const [outbox, pixel, webhook] = await prisma.$transaction([
    prisma.outboxEvent.deleteMany({ where: { shopDomain, eventId: { in: eventIds } } }),
    prisma.pixelReceipt.deleteMany({ where: { shopDomain, eventId: { in: eventIds } } }),
    prisma.webhookReceipt.deleteMany({ where: { shopDomain, eventId: { in: eventIds } } }),
    // The order's name and value are not personal data, but the customer asked to be forgotten.
    prisma.receivedOrder.deleteMany({ where: { shopDomain, eventId: { in: eventIds } } }),
  ]);
  return { outboxEvents: outbox.count, pixelReceipts: pixel.count, webhookReceipts: webhook.count };
}

function add(total: RedactionCounts, part: RedactionCounts) {
  total.outboxEvents += part.outboxEvents;
  total.pixelReceipts += part.pixelReceipts;
  total.webhookReceipts += part.webhookReceipts;
}

function unique(values: (string | null | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === "string" && v !== ""))];
}

function chunks<T>(values: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

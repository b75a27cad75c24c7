import prisma from "../db.server";

/**
 * What Tandem deletes for Shopify's privacy webhooks and on uninstall. Everything is
 * scoped by shop. Outbox rows keep the order and customer ids (not personal data by
 * themselves) precisely so that a customer's rows can be found and deleted here.
 */

/** app/uninstalled: stop all sending now; keep history until shop/redact (48 h later). */
export async function stopShop(shopDomain: string, now = new Date()) {
  return prisma.$transaction([
    prisma.session.deleteMany({ where: { shop: shopDomain } }),
    prisma.shop.updateMany({ where: { domain: shopDomain }, data: { uninstalledAt: now } }),
    prisma.destination.updateMany({ where: { shopDomain }, data: { enabled: false } }),
    prisma.outboxEvent.updateMany({
      where: { shopDomain, status: { in: ["pending", "retry", "waiting_consent", "paused", "in_flight"] } },
      data: { status: "cancelled", lastError: "The app was uninstalled: nothing more is sent for this shop.", leaseOwner: null, leaseUntil: null },
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
    prisma.shop.deleteMany({ where: { domain: shopDomain } }),
  ]);
}

/** customers/redact: the customer's events and the events of the orders Shopify lists. */
export async function redactCustomer(shopDomain: string, customerId: string | null, orderIds: string[]) {
  const purchaseIds = orderIds.map((id) => `purchase_${id}`);
  const matches = [
    ...(customerId ? [{ customerId }] : []),
    ...(orderIds.length ? [{ orderId: { in: orderIds } }] : []),
  ];
  if (matches.length === 0) return;
  const events = await prisma.outboxEvent.findMany({ where: { shopDomain, OR: matches }, select: { eventId: true, checkoutToken: true } });
  // A guest's checkout events carry no customer id; the order's checkout token finds them.
  const checkoutIds = events.flatMap((e) => (e.checkoutToken ? [`ic_${e.checkoutToken}`, `api_${e.checkoutToken}`] : []));
  const eventIds = [...new Set([...purchaseIds, ...checkoutIds, ...events.map((e) => e.eventId)])];
  await prisma.$transaction([
    prisma.outboxEvent.deleteMany({ where: { shopDomain, OR: [...matches, { eventId: { in: eventIds } }] } }),
    prisma.pixelReceipt.deleteMany({ where: { shopDomain, eventId: { in: eventIds } } }),
    prisma.webhookReceipt.deleteMany({ where: { shopDomain, eventId: { in: eventIds } } }),
  ]);
}

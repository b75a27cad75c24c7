/**
 * A paid order as the ingest records it (a ReceivedOrder row): one Purchase queued for
 * Meta, first and last seen when it was placed. The store's side of the counts that Meta's
 * side is compared with.
 */
export function receivedPurchase(shopDomain: string, sourceId: string, placedAt: Date) {
  return {
    shopDomain,
    kind: "order",
    sourceId,
    eventName: "Purchase",
    outcome: "queued",
    placedAt,
    firstSeenAt: placedAt,
    lastSeenAt: placedAt,
    lastTopic: "orders/create",
  };
}

import prisma from "../db.server";
import { ensureReceivedOrdersBackfilled } from "./received-order-backfill.server";
import { evaluateConditions, type Condition } from "./health-conditions.server";
import { allPeriodStats, matchKeyCoverage, PERIODS, periodStart } from "./overview-stats.server";

// The overview answers "is my tracking healthy?": one status from live conditions, a
// set-up checklist until every step is proved by data, and today / 7 / 30 days figures.

export type OverviewStatus = "not_set_up" | "needs_attention" | "healthy";
export type SetupStep = { key: string; label: string; done: boolean; help: string; action?: { label: string; url: string } };

export async function getShopOverview(shopDomain: string, options: { timezone?: string; now?: Date } = {}) {
  const now = options.now ?? new Date();
  const timezone = options.timezone ?? "UTC";
  // Orders from before ReceivedOrder existed (once per shop; a primary-key look-up after).
  await ensureReceivedOrdersBackfilled(shopDomain);
  const [destinations, conditions, setup, periods, coverage, lastDelivered] = await Promise.all([
    prisma.destination.findMany({
      where: { shopDomain },
      select: { id: true, pixelId: true, enabled: true, pausedReason: true, testEventCode: true },
      orderBy: { createdAt: "asc" },
    }),
    evaluateConditions(shopDomain, now),
    setupSteps(shopDomain),
    allPeriodStats(shopDomain, PERIODS, timezone, now),
    matchKeyCoverage(shopDomain, periodStart(PERIODS[2], timezone, now).start),
    prisma.outboxEvent.findFirst({
      where: { shopDomain, status: "delivered", isTest: false },
      orderBy: { createdAt: "desc" },
      select: { deliveredAt: true },
    }),
  ]);
  const status: OverviewStatus = !destinations.some((d) => d.enabled) ? "not_set_up" : conditions.length ? "needs_attention" : "healthy";
  return {
    shop: shopDomain,
    timezone,
    status,
    conditions,
    destinations,
    setup,
    setupDone: setup.every((step) => step.done),
    periods,
    coverage,
    lastDeliveredAt: lastDelivered?.deliveredAt?.toISOString() ?? null,
  };
}

export type ShopOverview = Awaited<ReturnType<typeof getShopOverview>>;
export type { Condition };

async function setupSteps(shopDomain: string): Promise<SetupStep[]> {
  const [destination, accepted, cartSignal, receipt, activation, purchase] = await Promise.all([
    prisma.destination.findFirst({ where: { shopDomain, enabled: true }, select: { id: true } }),
    prisma.deliveryAttempt.findFirst({ where: { shopDomain, outcome: "delivered" }, select: { id: true } }),
    // The app embed writes the shopper's consent into cart attributes: an order carrying it
    // proves the embed runs. Only the latest 2,000 events are looked at, to stay fast.
    prisma.$queryRaw<{ found: number }[]>`
      SELECT 1 AS "found" FROM (
        SELECT "consentFacts" FROM "OutboxEvent" WHERE "shopDomain" = ${shopDomain} ORDER BY "createdAt" DESC LIMIT 2000
      ) AS recent WHERE "consentFacts" LIKE '%cart_attribute%' LIMIT 1`,
    prisma.pixelReceipt.findFirst({ where: { shopDomain }, select: { id: true } }),
    prisma.shopActivation.findUnique({ where: { shopDomain }, select: { state: true } }),
    prisma.outboxEvent.findFirst({
      where: { shopDomain, eventName: "Purchase", status: "delivered", isTest: false },
      select: { id: true },
    }),
  ]);
  return [
    {
      key: "meta",
      label: "Connect your Meta pixel and send a test event",
      done: Boolean(destination && accepted),
      help: destination
        ? "Meta has not accepted an event yet: send a test event from Settings."
        : "Add your pixel id and a Conversions API access token.",
      action: { label: destination ? "Send a test event" : "Connect Meta", url: "/app/settings" },
    },
    {
      key: "embed",
      label: "Turn on the Tandem app embed in your theme",
      done: cartSignal.length > 0,
      help: "Online Store > Themes > Customize > App embeds: switch on Tandem. Done once an order carries the shopper's consent from the storefront.",
    },
    {
      key: "pixel",
      label: "Web pixel active in checkout",
      done: Boolean(receipt),
      help:
        activation?.state === "failed"
          ? "Shopify refused to set up the web pixel: see Settings."
          : "Tandem connects it for you; done once a checkout reports its first browser event.",
    },
    {
      key: "purchase",
      label: "First purchase delivered to Meta",
      done: Boolean(purchase),
      help: "Done when Meta accepts a real (non-test) order as a Purchase.",
    },
  ];
}

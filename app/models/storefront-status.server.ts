import prisma from "../db.server";
import { ordersWithPixelReceipt, recentConsentFactsMention } from "../db/statements/overview-counts.server";
import { getPixelContact } from "./pixel-contact.server";
import { EMBED_STATUSES, type EmbedStatus, type PixelState, type StorefrontFacts } from "./storefront-status";

// What Tandem knows about the storefront pieces, for the overview's status card and its
// set-up checklist (one source, so the two never disagree): the theme embed as App Bridge
// last reported it from the merchant's admin, the web pixel as Shopify's Admin API last
// answered, and what the shop's own orders show when neither could say.

/** How far back receipts are compared with orders. */
export const EVIDENCE_DAYS = 7;

export async function getStorefrontFacts(shopDomain: string, now = new Date()): Promise<StorefrontFacts> {
  const since = new Date(now.getTime() - EVIDENCE_DAYS * 86_400_000);
  const [row, evidence, cartSignal, contact] = await Promise.all([
    prisma.storefrontStatus.findUnique({ where: { shopDomain } }),
    // Orders Tandem queued for Meta and, of those, the ones the web pixel reported: a
    // checkout_completed receipt with the same event id.
    ordersWithPixelReceipt(prisma, { shopDomain, outcome: "queued", since }),
    // The app embed writes the shopper's consent into cart attributes: an order carrying it
    // proves the embed runs. Only the latest 2,000 events are looked at, to stay fast.
    recentConsentFactsMention(prisma, { shopDomain, marker: "cart_attribute", latest: 2000 }),
    getPixelContact(shopDomain, now),
  ]);
  return {
    embed: {
      reported: (EMBED_STATUSES as readonly string[]).includes(row?.embedStatus ?? "") ? (row!.embedStatus as EmbedStatus) : null,
      reportedAt: row?.embedReportedAt?.toISOString() ?? null,
      seenInOrders: cartSignal,
    },
    pixel: {
      state: (row?.pixelState as PixelState | null | undefined) ?? null,
      dataSharing: row?.pixelDataSharing ?? null,
      checkedAt: row?.pixelCheckedAt?.toISOString() ?? null,
      error: row?.pixelError ?? null,
      orders: evidence.orders,
      ordersWithReceipt: evidence.reported,
      contact,
    },
  };
}

export async function recordEmbedReport(shopDomain: string, status: EmbedStatus, now = new Date()): Promise<void> {
  const data = { embedStatus: status, embedReportedAt: now };
  await prisma.storefrontStatus.upsert({ where: { shopDomain }, create: { shopDomain, ...data }, update: data });
}

export async function recordPixelAnswer(
  shopDomain: string,
  answer: { state: PixelState; dataSharing: string | null; error: string | null },
  now = new Date(),
): Promise<void> {
  const data = {
    pixelState: answer.state,
    pixelDataSharing: answer.dataSharing,
    pixelError: answer.error?.slice(0, 500) ?? null,
    pixelCheckedAt: now,
  };
  await prisma.storefrontStatus.upsert({ where: { shopDomain }, create: { shopDomain, ...data }, update: data });
}

export async function getPixelCheckedAt(shopDomain: string): Promise<Date | null> {
  const row = await prisma.storefrontStatus.findUnique({ where: { shopDomain }, select: { pixelCheckedAt: true } });
  return row?.pixelCheckedAt ?? null;
}

/** When the shop's storefront or checkout last reported an event to Tandem (a pixel receipt); null before the first. */
export async function lastStorefrontEventAt(shopDomain: string): Promise<Date | null> {
  const row = await prisma.pixelReceipt.findFirst({ where: { shopDomain }, orderBy: { receivedAt: "desc" }, select: { receivedAt: true } });
  return row?.receivedAt ?? null;
}

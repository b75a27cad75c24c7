import prisma from "../db.server";

// Whether Shopify gives the web pixel the shopper's e-mail and phone. Since 2025-12-10 it
// sets them to null in pixel events unless the app is approved for the matching protected
// customer data (docs/protected-customer-data.md). The pixel reports, on each Purchase
// receipt, only whether each was present (never the values); counted here per shop and day.

export type PixelContact = { purchases: number; withEmail: number; withPhone: number };

const DAYS = 7;

export async function countPixelContact(shopDomain: string, contact: { email: boolean; phone: boolean }, now = new Date()): Promise<void> {
  const day = now.toISOString().slice(0, 10);
  const email = contact.email ? 1 : 0;
  const phone = contact.phone ? 1 : 0;
  await prisma.pixelContactDay.upsert({
    where: { shopDomain_day: { shopDomain, day } },
    create: { shopDomain, day, purchases: 1, withEmail: email, withPhone: phone },
    update: { purchases: { increment: 1 }, withEmail: { increment: email }, withPhone: { increment: phone } },
  });
}

export async function getPixelContact(shopDomain: string, now = new Date()): Promise<PixelContact> {
  const since = new Date(now.getTime() - (DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
  const sum = await prisma.pixelContactDay.aggregate({
    where: { shopDomain, day: { gte: since } },
    _sum: { purchases: true, withEmail: true, withPhone: true },
  });
  return { purchases: sum._sum.purchases ?? 0, withEmail: sum._sum.withEmail ?? 0, withPhone: sum._sum.withPhone ?? 0 };
}

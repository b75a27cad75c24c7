import { Prisma, type PrismaClient } from "@prisma/client";

/**
 * CONSENT COUNTS: the consent page's shoppers per consent reason and action, in three
 * periods at once. A shopper is a checkout (its token, which the checkout's and the
 * order's events share), else the event itself, so a decision made for several pixels
 * counts once; test orders are left out. The periods' starts come from
 * app/models/consent-summary.server.ts (the shop's days). Why raw:
 * docs/decisions/023-one-place-for-statements.md, "Consent counts".
 */

type Db = Pick<PrismaClient, "$queryRaw">;
type Count = number | bigint | string;
export type ShoppersByReason = { reason: string; action: string; today: Count; week: Count; month: Count };

const SHOPPER = Prisma.sql`COALESCE("checkoutToken", "eventId")`;

/**
 * One pass over the index `(shopDomain, isTest, createdAt, consentReason, consentAction,
 * checkoutToken, eventId)`, which holds every column read; the same text on both databases.
 * `monthFrom` bounds the read, `todayFrom` and `weekFrom` the two shorter counts.
 */
export async function shoppersByConsentReason(
  db: Db,
  shopDomain: string,
  periods: { todayFrom: Date; weekFrom: Date; monthFrom: Date },
): Promise<ShoppersByReason[]> {
  return db.$queryRaw<ShoppersByReason[]>`
    SELECT "consentReason" AS "reason", "consentAction" AS "action",
           COUNT(DISTINCT CASE WHEN "createdAt" >= ${periods.todayFrom} THEN ${SHOPPER} END) AS "today",
           COUNT(DISTINCT CASE WHEN "createdAt" >= ${periods.weekFrom} THEN ${SHOPPER} END) AS "week",
           COUNT(DISTINCT ${SHOPPER}) AS "month"
      FROM "OutboxEvent"
     WHERE "shopDomain" = ${shopDomain} AND "isTest" = false AND "createdAt" >= ${periods.monthFrom}
     GROUP BY "consentReason", "consentAction"`;
}

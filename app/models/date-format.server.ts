import { pickLocale, pickTimeZone, type DateFormat } from "../format/dates";
import prisma from "../db.server";

/**
 * How this merchant reads dates: the shop's timezone (stored when the admin reads it from
 * Shopify; UTC until then) and the admin's locale (Shopify's `locale` parameter on the
 * embedded load, else the browser's Accept-Language).
 */
export async function getDateFormat(shopDomain: string, request: Request, knownTimezone?: string): Promise<DateFormat> {
  const zone = knownTimezone ?? (await prisma.shop.findUnique({ where: { domain: shopDomain }, select: { timezone: true } }))?.timezone;
  return {
    locale: pickLocale(new URL(request.url).searchParams.get("locale"), request.headers.get("Accept-Language")),
    timeZone: pickTimeZone(zone),
  };
}

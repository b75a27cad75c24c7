import type { DateFormat } from "../format/dates";
import { getDateFormat } from "../models/date-format.server";
import type { AdminGraphql } from "./admin-graphql.server";
import { getShopProfile } from "./shop-profile.server";

/**
 * The merchant's date format, with the shop's timezone asked from Shopify when it is not
 * stored yet. Every admin page reads it this way, the layout included: the layout's data
 * is not reloaded while the admin is open, and the pages' loaders run beside it, so a page
 * that read the stored zone alone showed UTC on the first visit after install while the
 * Orders page (which asked Shopify) showed shop time.
 */
export async function shopDateFormat(shopDomain: string, request: Request, graphql: AdminGraphql): Promise<DateFormat> {
  const profile = await getShopProfile(shopDomain, graphql);
  return getDateFormat(shopDomain, request, profile.timezone);
}

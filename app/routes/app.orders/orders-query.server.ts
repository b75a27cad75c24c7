import { z } from "zod";
import { addDays, todayIn } from "../../models/orders.server";

// Years 2000 to 2199 only: orders are never dated before 2000 (app/capi/date-range.ts), and
// a day past 9999 has no next day to end the range on (the page answered 500 for it).
const day = z
  .string()
  .regex(/^2[01]\d{2}-\d{2}-\d{2}$/)
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)));

const querySchema = z.object({
  q: z.string().max(200).optional().catch(undefined),
  from: day.optional().catch(undefined),
  to: day.optional().catch(undefined),
  kind: z.enum(["order", "checkout"]).optional().catch(undefined),
  outcome: z.enum(["not_accepted"]).optional().catch(undefined),
  after: z.string().max(200).optional().catch(undefined),
  before: z.string().max(200).optional().catch(undefined),
});

export type OrdersPageQuery = z.infer<typeof querySchema> & { gapFrom: string; gapTo: string };

/** The page's query string, leniently: a malformed filter is ignored, never a 5xx. */
export function readOrdersQuery(url: URL, timezone: string, now = new Date()): OrdersPageQuery {
  const parsed = querySchema.parse(Object.fromEntries(url.searchParams));
  let { from, to } = parsed;
  if (from && to && from > to) [from, to] = [to, from];
  const today = todayIn(timezone, now);
  // The daily gap covers the chosen range, at most its last 31 days; by default the last 7 days.
  const gapTo = to && to < today ? to : today;
  const earliest = addDays(gapTo, -30);
  const gapFrom = from ? (from > earliest ? from : earliest) : addDays(gapTo, -6);
  return { ...parsed, from, to, gapFrom, gapTo };
}

import { Prisma, type PrismaClient } from "@prisma/client";

/**
 * ADMIN LISTS, the orders: the reconciliation list's page of ReceivedOrder ids (keyset on
 * placedAt and id) with a capped count, and the search by name, number, order id or
 * checkout token. The filters, the page size and the cap come from
 * app/models/orders.server.ts. Why raw: docs/decisions/023-one-place-for-statements.md,
 * "Admin lists".
 */

type Db = Pick<PrismaClient, "$queryRaw">;

/** Conditions on one shop's ReceivedOrder rows, ANDed; an absent one does not filter. */
export type OrderConditions = {
  shopDomain: string;
  kind?: string | null;
  /** Live orders with no outbox row of this status for their event id on any pixel (the daily difference's orders). */
  liveOrdersWithoutStatus?: string | null;
  /** placedAt at or after each of these. */
  placedFrom?: readonly Date[];
  /** placedAt before. */
  placedBefore?: Date | null;
  /** Only these ids (empty: none). */
  ids?: readonly string[] | null;
};

function whereOf(conditions: OrderConditions): Prisma.Sql {
  const terms = [Prisma.sql`"shopDomain" = ${conditions.shopDomain}`];
  if (conditions.kind) terms.push(Prisma.sql`"kind" = ${conditions.kind}`);
  if (conditions.liveOrdersWithoutStatus) {
    terms.push(Prisma.sql`"kind" = 'order' AND "isTest" = false AND NOT EXISTS (
      SELECT 1 FROM "OutboxEvent" o WHERE o."shopDomain" = "ReceivedOrder"."shopDomain" AND o."eventId" = "ReceivedOrder"."eventId" AND o."status" = ${conditions.liveOrdersWithoutStatus})`);
  }
  for (const from of conditions.placedFrom ?? []) terms.push(Prisma.sql`"placedAt" >= ${from}`);
  if (conditions.placedBefore) terms.push(Prisma.sql`"placedAt" < ${conditions.placedBefore}`);
  if (conditions.ids) terms.push(conditions.ids.length ? Prisma.sql`"id" IN (${Prisma.join(conditions.ids)})` : Prisma.sql`1 = 0`);
  return Prisma.join(terms, " AND ");
}

/**
 * One page of ids (`size` + 1, to tell whether there is more) from the keyset `cursor`
 * on, newest first (oldest first when `backwards`), and the matching rows counted up to
 * `cap` + 1. Raw: a row-value keyset, one range of the (shopDomain, placedAt, id) index
 * whatever the page (typed cursors page by id alone); a count with no ORDER BY (Prisma's
 * capped count sorts by id first, which read the shop's whole order list: 0.14 s at
 * 600,000 rows).
 */
export async function receivedOrderPage(
  db: Db,
  params: {
    conditions: OrderConditions;
    cursor: { placedAt: Date; id: string } | null;
    backwards: boolean;
    size: number;
    cap: number;
  },
): Promise<{ ids: string[]; counted: number }> {
  const { cursor, backwards, size, cap } = params;
  const where = whereOf(params.conditions);
  const keyset = cursor
    ? Prisma.sql`AND ("placedAt", "id") ${Prisma.raw(backwards ? ">" : "<")} (${cursor.placedAt}, ${cursor.id})`
    : Prisma.empty;
  const direction = Prisma.raw(backwards ? "ASC" : "DESC");
  const [ids, counted] = await Promise.all([
    db.$queryRaw<{ id: string }[]>`
      SELECT "id" FROM "ReceivedOrder" WHERE ${where} ${keyset} ORDER BY "placedAt" ${direction}, "id" ${direction} LIMIT ${size + 1}`,
    db.$queryRaw<{ n: number | bigint }[]>`
      SELECT COUNT(*) AS "n" FROM (SELECT 1 FROM "ReceivedOrder" WHERE ${where} LIMIT ${cap + 1}) AS "capped"`.then(([row]) =>
      Number(row.n),
    ),
  ]);
  return { ids: ids.map((row) => row.id), counted };
}

/**
 * The shop's orders and checkouts whose name is one of `names`, whose source id (order id
 * or checkout token) is `sourceId`, or whose number is `number`, at most `limit`. Raw: one
 * indexed look-up per column joined with UNION; an OR over the columns made the database
 * read every order of the shop (0.6 s at 300,000 orders).
 */
export function searchOrders(
  db: Db,
  params: {
    shopDomain: string;
    names: readonly string[];
    sourceId: string;
    kinds: readonly string[];
    number: number | null;
    limit: number;
  },
): Promise<{ id: string; eventId: string | null }[]> {
  const { shopDomain } = params;
  const parts = [
    Prisma.sql`SELECT "id", "eventId" FROM "ReceivedOrder" WHERE "shopDomain" = ${shopDomain} AND "name" IN (${Prisma.join(params.names)})`,
    Prisma.sql`SELECT "id", "eventId" FROM "ReceivedOrder" WHERE "shopDomain" = ${shopDomain} AND "kind" IN (${Prisma.join(params.kinds)}) AND "sourceId" = ${params.sourceId}`,
  ];
  if (params.number !== null)
    parts.push(Prisma.sql`SELECT "id", "eventId" FROM "ReceivedOrder" WHERE "shopDomain" = ${shopDomain} AND "number" = ${params.number}`);
  return db.$queryRaw<
    { id: string; eventId: string | null }[]
  >`SELECT "id", "eventId" FROM (${Prisma.join(parts, " UNION ")}) AS found LIMIT ${params.limit}`;
}

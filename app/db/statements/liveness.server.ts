import type { PrismaClient } from "@prisma/client";

/**
 * LIVENESS: `/healthz` asks the database for `SELECT 1` before anything else, so an
 * unreachable database is told apart from an empty one. Raw: a statement that reads no
 * table has no typed form. The same text on both databases. Why raw:
 * docs/decisions/023-one-place-for-statements.md, "Liveness".
 */
export async function pingDatabase(db: Pick<PrismaClient, "$queryRawUnsafe">): Promise<void> {
  await db.$queryRawUnsafe("SELECT 1");
}

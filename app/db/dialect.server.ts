import type { DatabaseProvider } from "./provider";

/**
 * The SQL dialect behind a Prisma client or transaction client, for the few raw
 * statements whose text differs between SQLite and PostgreSQL (row locking, JSON
 * functions, booleans). Read from the client itself rather than from DATABASE_URL, so
 * a client made for another database (tests, scripts) is asked about its own.
 */
export function sqlDialect(db: unknown): DatabaseProvider {
  const provider = (db as { _activeProvider?: string } | null)?._activeProvider;
  if (provider === "postgresql" || provider === "sqlite") return provider;
  throw new Error(`sqlDialect: not a Prisma client (provider ${String(provider)})`);
}

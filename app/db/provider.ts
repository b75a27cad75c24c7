/**
 * Which database a DATABASE_URL names. SQLite (`file:`) is the zero-set-up default;
 * PostgreSQL (`postgres://`, `postgresql://`) serves several instances
 * (docs/decisions/010-postgresql-provider.md). Pure: used by the app, prisma.config.ts
 * and the scripts.
 */
export type DatabaseProvider = "sqlite" | "postgresql";

export function databaseProvider(url: string): DatabaseProvider | null {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  return null;
}

/**
 * PostgreSQL is generated from SQLite: prisma/schema.prisma is the one source of truth
 * and prisma/postgresql/ is derived from it (docs/decisions/010-postgresql-provider.md).
 * Plain JavaScript so `postinstall` can use it before anything is compiled.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";

export const SQLITE_SCHEMA = path.join("prisma", "schema.prisma");
export const SQLITE_MIGRATIONS = path.join("prisma", "migrations");
export const POSTGRES_DIR = path.join("prisma", "postgresql");
export const POSTGRES_SCHEMA = path.join(POSTGRES_DIR, "schema.prisma");
export const POSTGRES_MIGRATIONS = path.join(POSTGRES_DIR, "migrations");
// A Prisma client is bound to one provider, so PostgreSQL gets its own generated client.
// In node_modules (like the default client) so builds treat it as an external package.
export const POSTGRES_CLIENT_PACKAGE = ".prisma/client-postgresql";

const HEADER = [
  "// GENERATED from prisma/schema.prisma by `npm run db:postgres`. Do not edit: change",
  "// prisma/schema.prisma and run `npm run db:migration -- <name>` (both providers).",
  "",
].join("\n");

/**
 * The PostgreSQL schema for a SQLite schema text. The models use only types both
 * providers share (String, Int, BigInt, Boolean, DateTime, no @db.* attributes), so the
 * datasource and the client's output are all that differ; anything else is refused
 * rather than translated silently.
 */
export function postgresSchemaFrom(sqliteSchema) {
  if (/@db\./.test(sqliteSchema))
    throw new Error("prisma/schema.prisma uses a native type (@db.*): teach scripts/db/postgres-variant.mjs its PostgreSQL twin");
  const datasource = /datasource db \{[^}]*\}/;
  const generator = /generator client \{([^}]*)\}/;
  if (!datasource.test(sqliteSchema) || !generator.test(sqliteSchema))
    throw new Error("prisma/schema.prisma: expected one `generator client` and one `datasource db` block");
  const body = sqliteSchema
    .replace(datasource, 'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}')
    .replace(generator, (_block, inner) => {
      const lines = inner.split("\n").filter((line) => line.trim() !== "" && !/^\s*output\s*=/.test(line));
      return `generator client {\n${lines.join("\n")}\n  output     = "../../node_modules/${POSTGRES_CLIENT_PACKAGE}"\n}`;
    });
  return HEADER + body;
}

/** Migration folder names (timestamp_name) in a migrations directory, oldest first. */
export function migrationNames(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort();
}

/**
 * Writes a new migration from the difference between prisma/migrations and
 * prisma/schema.prisma: `npm run db:migration -- <name>`. `prisma migrate dev` is
 * unreliable here (it crashed, or took about 60 s to exit: docs/decisions/002), so this is how migrations are made.
 * Then regenerates prisma/postgresql/ (the schema variant and the migration's
 * PostgreSQL twin; docs/decisions/010-postgresql-provider.md).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { syncPostgres } from "./db/sync-postgres.mjs";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <name>   (lowercase letters, digits and _)");
  process.exit(2);
}

const out = path.join(tmpdir(), `tandem-migration-${process.pid}.sql`);
const prisma = path.join("node_modules", ".bin", "prisma");
execFileSync(
  prisma,
  ["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema-datamodel", "prisma/schema.prisma", "--script", "-o", out],
  { stdio: "inherit", env: { ...process.env, DATABASE_URL: "file:./prisma/tandem.sqlite" } },
);
const sql = readFileSync(out, "utf8");
rmSync(out);
if (!/\b(CREATE|ALTER|DROP|INSERT|UPDATE|DELETE)\b/i.test(sql)) {
  console.log("The schema matches the migrations: nothing to write.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
// Created after the diff: an empty migration folder makes the diff fail (P3015).
const dir = path.join("prisma", "migrations", `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), sql);
console.log(`Wrote ${dir}/migration.sql. Apply it with: npm run db:deploy`);
try {
  await syncPostgres();
} catch (error) {
  console.error(
    `The SQLite migration is written, but its PostgreSQL twin is not: ${error instanceof Error ? error.message : String(error)}`,
  );
  console.error("Install PostgreSQL (Debian: postgresql) or set TANDEM_POSTGRES_URL, then run: npm run db:postgres");
  process.exit(1);
}

/**
 * Writes a new migration from the difference between prisma/migrations and
 * prisma/schema.prisma: `npm run db:migration -- <name>`. `prisma migrate dev` is
 * unreliable on these machines (ENVIRONMENT.md), so this is how migrations are made.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

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
  { stdio: "inherit", env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL ?? "file:./prisma/tandem.sqlite" } },
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
console.log(`Wrote ${dir}/migration.sql. Apply it with: npx prisma migrate deploy`);

import { existsSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { createPostgresAdapter } from "./app/db/postgres-adapter.server";
import { databaseProvider } from "./app/db/provider";
import { createSqliteAdapter } from "./app/db/sqlite-adapter.server";

// With a config file Prisma no longer reads .env itself.
if (existsSync(".env")) process.loadEnvFile(".env");
process.env.DATABASE_URL ??= "file:./prisma/tandem.sqlite";

// DATABASE_URL chooses the provider: its schema (prisma/schema.prisma, or the variant
// generated from it in prisma/postgresql/), its migrations (next to the schema) and its
// driver adapter. docs/decisions/010-postgresql-provider.md
const url = process.env.DATABASE_URL;
const provider = databaseProvider(url);
if (!provider) throw new Error(`DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL); got ${url.split(":")[0]}:...`);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: provider === "postgresql" ? path.join("prisma", "postgresql", "schema.prisma") : path.join("prisma", "schema.prisma"),
  adapter: async () => (provider === "postgresql" ? createPostgresAdapter(url, { forCli: true }) : createSqliteAdapter(url)),
});

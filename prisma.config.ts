import { existsSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { createSqliteAdapter } from "./app/db/sqlite-adapter.server";

// With a config file Prisma no longer reads .env itself.
if (existsSync(".env")) process.loadEnvFile(".env");
process.env.DATABASE_URL ??= "file:./prisma/tandem.sqlite";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  adapter: async () => createSqliteAdapter(process.env.DATABASE_URL!),
});

/**
 * npm run setup: everything a fresh clone needs before `npm start`, and safe to run
 * again. Writes a local .env with generated secrets when there is none, generates the
 * Prisma clients, creates the database and applies the migrations of its provider:
 * DATABASE_URL=file:... (SQLite, the default) or postgresql://... (PostgreSQL; the
 * database must exist). In production, `npm run db:deploy` applies migrations alone.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const ENV_FILE = ".env";

function localEnv(): string {
  return [
    "# Written by `npm run setup` for local use. Replace the Shopify values with your app's",
    '# (Partner Dashboard) before connecting a real store; see README.md "Configuration".',
    "SHOPIFY_API_KEY=tandem-local-dev",
    `SHOPIFY_API_SECRET=${randomBytes(24).toString("hex")}`,
    "SHOPIFY_APP_URL=http://localhost:3000",
    "SCOPES=read_orders,write_pixels,read_customer_events",
    "DATABASE_URL=file:./prisma/tandem.sqlite",
    "PORT=3000",
    `TOKEN_ENCRYPTION_KEY=${randomBytes(32).toString("hex")}`,
    "META_GRAPH_API_URL=https://graph.facebook.com",
    "META_GRAPH_API_VERSION=v26.0",
    "WORKER=inline",
    "",
  ].join("\n");
}

if (existsSync(ENV_FILE)) {
  console.log("setup: .env exists, left as it is");
} else {
  writeFileSync(ENV_FILE, localEnv(), { mode: 0o600 });
  console.log("setup: wrote .env with generated secrets");
}
process.loadEnvFile(ENV_FILE);

const databaseUrl = process.env.DATABASE_URL ?? "";
if (databaseUrl.startsWith("file:")) {
  mkdirSync(path.dirname(path.resolve(databaseUrl.slice("file:".length))), { recursive: true });
}

const prisma = path.join("node_modules", ".bin", "prisma");
const run = (args: string[]) => execFileSync(prisma, args, { stdio: ["ignore", "pipe", "inherit"], env: process.env });
execFileSync(process.execPath, [path.join("scripts", "db", "generate.mjs")], { stdio: "inherit" });
const deployed = run(["migrate", "deploy"]).toString();
console.log(
  `setup: database ${databaseUrl.replace(/\/\/[^@/]*@/, "//***@")} ${/No pending migrations/.test(deployed) ? "is up to date" : "migrated"}`,
);

// Data the migrations leave to code, in batches and idempotent: reconciliation rows for
// orders from before ReceivedOrder existed, and the admin's rollups of existing rows.
const { backfillReceivedOrders } = await import("../app/models/received-order-backfill.server");
const { refreshAllRollups } = await import("../app/models/admin-rollup.server");
const { createPrismaClient } = await import("../app/db.server");
// Its own client: the app's configuration (Shopify keys) may not be filled in yet.
const db = createPrismaClient(databaseUrl);
try {
  const backfill = await backfillReceivedOrders({ db });
  if (backfill.inserted > 0)
    console.log(`setup: ${backfill.inserted} orders and checkouts from before the reconciliation list were added to it`);
  await refreshAllRollups({ db });
} finally {
  await db.$disconnect();
}

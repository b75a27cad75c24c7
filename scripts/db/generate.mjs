/**
 * Generates both Prisma clients (postinstall, npm run setup): the SQLite one into
 * node_modules/.prisma/client (what `@prisma/client` exports) and the PostgreSQL one,
 * from the schema variant, into node_modules/.prisma/client-postgresql. A Prisma client
 * is bound to one provider (docs/decisions/010-postgresql-provider.md).
 * DATABASE_URL only selects the schema in prisma.config.ts here; nothing connects.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { POSTGRES_CLIENT_PACKAGE } from "./postgres-variant.mjs";

const prisma = path.join("node_modules", ".bin", "prisma");
for (const [name, url] of [
  ["SQLite", "file:./prisma/tandem.sqlite"],
  ["PostgreSQL", "postgresql://tandem@127.0.0.1:5432/tandem"],
]) {
  try {
    execFileSync(prisma, ["generate"], { env: { ...process.env, DATABASE_URL: url }, stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    process.stderr.write(String(error.stdout ?? "") + String(error.stderr ?? ""));
    console.error(`prisma generate failed for the ${name} client`);
    process.exit(1);
  }
  console.log(`prisma: ${name} client generated`);
}

// A client generated to a custom output carries its own copy of Prisma's runtime, so
// its Prisma.sql fragments and error classes (PrismaClientKnownRequestError) would not
// be the ones the app imports from @prisma/client. Both clients share @prisma/client's
// runtime (same version, the copy differs only by a comment header).
const dir = path.join("node_modules", ...POSTGRES_CLIENT_PACKAGE.split("/"));
for (const file of ["index.js", "edge.js", "wasm.js", "index-browser.js", "index.d.ts"]) {
  const full = path.join(dir, file);
  if (!existsSync(full)) continue;
  writeFileSync(full, readFileSync(full, "utf8").replaceAll("'./runtime/", "'@prisma/client/runtime/"));
}
rmSync(path.join(dir, "runtime"), { recursive: true, force: true });

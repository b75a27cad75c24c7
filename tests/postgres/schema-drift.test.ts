import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { databaseProvider } from "../../app/db/provider";
import {
  POSTGRES_MIGRATIONS,
  POSTGRES_SCHEMA,
  SQLITE_MIGRATIONS,
  SQLITE_SCHEMA,
  migrationNames,
  postgresSchemaFrom,
} from "../../scripts/db/postgres-variant.mjs";

// prisma/schema.prisma is the one source of truth; prisma/postgresql/ is generated from
// it (npm run db:postgres). These checks fail CI when the two drift apart.
const provider = databaseProvider(process.env.DATABASE_URL!);
const FIX =
  "run `npm run db:migration -- <name>` after changing prisma/schema.prisma, or `npm run db:postgres` to bring prisma/postgresql up to date";

describe("the PostgreSQL schema variant", () => {
  it("GIVEN prisma/schema.prisma THEN prisma/postgresql/schema.prisma is exactly what it generates", () => {
    const expected = postgresSchemaFrom(readFileSync(SQLITE_SCHEMA, "utf8"));
    expect(readFileSync(POSTGRES_SCHEMA, "utf8"), FIX).toBe(expected);
  });

  it("GIVEN the SQLite migrations THEN each has a PostgreSQL twin of the same name, and no twin is orphaned", () => {
    expect(migrationNames(POSTGRES_MIGRATIONS), FIX).toEqual(migrationNames(SQLITE_MIGRATIONS));
    expect(readFileSync(path.join(POSTGRES_MIGRATIONS, "migration_lock.toml"), "utf8")).toContain('provider = "postgresql"');
  });

  it("refuses a native type it cannot translate instead of guessing", () => {
    expect(() =>
      postgresSchemaFrom(readFileSync(SQLITE_SCHEMA, "utf8").replace("state               String", "state String @db.Text")),
    ).toThrow(/native type/);
  });
});

// The provider this project runs on: its migrations, replayed on an empty database,
// give exactly its schema (prisma migrate diff exits 2 on a difference).
describe(`the ${provider} migrations`, () => {
  it("GIVEN the migrations history THEN replaying it yields the schema, with no difference", () => {
    const [migrations, schema] = provider === "postgresql" ? [POSTGRES_MIGRATIONS, POSTGRES_SCHEMA] : [SQLITE_MIGRATIONS, SQLITE_SCHEMA];
    let output = "";
    let status = 0;
    try {
      output = execFileSync(
        path.resolve("node_modules", ".bin", "prisma"),
        ["migrate", "diff", "--from-migrations", migrations, "--to-schema-datamodel", schema, "--exit-code", "--script"],
        {
          env: process.env,
          stdio: ["ignore", "pipe", "pipe"],
        },
      ).toString();
    } catch (error) {
      status = (error as { status: number }).status;
      output = String((error as { stdout?: Buffer }).stdout ?? "") + String((error as { stderr?: Buffer }).stderr ?? "");
    }
    expect({ status, output: status === 0 ? "" : output }, FIX).toEqual({ status: 0, output: "" });
  });
});

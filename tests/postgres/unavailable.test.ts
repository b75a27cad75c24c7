import { describe, expect, it } from "vitest";

// Runs instead of the PostgreSQL project when its server cannot be started
// (vitest.config.ts): says why the PostgreSQL tests did not run, and fails in CI.
const reason = process.env.TANDEM_POSTGRES_UNAVAILABLE ?? "unknown";

describe("PostgreSQL tests", () => {
  it.skipIf(process.env.CI === "true")(`DID NOT RUN: ${reason}. The database tests ran on SQLite only.`, () => {});

  it.runIf(process.env.CI === "true")("must run in CI", () => {
    expect.fail(`PostgreSQL tests cannot run in CI: ${reason}. .ci/run installs Debian's postgresql package.`);
  });
});

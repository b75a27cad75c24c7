import { describe, expect, it } from "vitest";
import { ConfigError, MIN_DELIVERY_LEASE_SECONDS, parseConfig } from "~/config.server";
import { SETTLE_MARGIN_MS } from "~/delivery/send-request.server";
import { DEFAULT_GRAPH_TIMEOUT_MS } from "~/meta/graph-client.server";

const valid = {
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://tandem.example.com",
  SCOPES: "read_orders,write_pixels",
  DATABASE_URL: "file:./prisma/tandem.sqlite",
  TOKEN_ENCRYPTION_KEY: "ab".repeat(32),
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  return [];
}

describe("configuration", () => {
  it("GIVEN every required variable THEN it parses, with documented defaults for the rest", () => {
    const config = parseConfig(valid);
    expect(config.SCOPES).toEqual(["read_orders", "write_pixels"]);
    expect(config).toMatchObject({
      PORT: 3000,
      META_GRAPH_API_URL: "https://graph.facebook.com",
      META_GRAPH_API_VERSION: "v26.0",
      WORKER: "inline",
      DELIVERY_BATCH_SIZE: 500,
      DELIVERY_LEASE_SECONDS: 60,
      DATABASE_POOL_SIZE: 10,
    });
  });

  it.each(Object.keys(valid))("GIVEN %s missing THEN exactly one problem, naming it", (name) => {
    const problems = problemsOf({ ...valid, [name]: undefined });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name} is required: `));
  });

  it.each(Object.keys(valid))("GIVEN %s empty THEN it counts as missing", (name) => {
    expect(problemsOf({ ...valid, [name]: "" })).toEqual([expect.stringMatching(new RegExp(`^${name} is required`))]);
  });

  it.each([
    ["SHOPIFY_APP_URL", "tandem.example.com", "must be an http(s) URL"],
    ["DATABASE_URL", "mysql://localhost/tandem", "must start with file: (SQLite"],
    ["PORT", "99999", "between 1 and 65535"],
    ["PORT", "web", "must be a port number"],
    ["TOKEN_ENCRYPTION_KEY", "short", "64 hex characters"],
    ["META_GRAPH_API_URL", "graph.facebook.com", "http(s) URL"],
    ["META_GRAPH_API_VERSION", "26.0", "v26.0"],
    ["WORKER", "sometimes", '"inline"'],
    ["DELIVERY_BATCH_SIZE", "1001", "Meta's limit per request"],
    ["DELIVERY_BATCH_SIZE", "many", "must be a number of events"],
    ["DELIVERY_LEASE_SECONDS", "1", "between 15 and 3600"],
    ["DELIVERY_LEASE_SECONDS", "10", "a lease must outlast a request to Meta"],
    ["DATABASE_POOL_SIZE", "0", "between 1 and 100"],
    ["DATABASE_POOL_SIZE", "lots", "must be a number of connections"],
  ])("GIVEN %s=%s THEN the message names it and what it expects", (name, value, expected) => {
    const problems = problemsOf({ ...valid, [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0].startsWith(`${name} `)).toBe(true);
    expect(problems[0]).toContain(expected);
  });

  it.each([
    "file:./prisma/tandem.sqlite",
    "postgres://tandem@db.internal/tandem",
    "postgresql://tandem:secret@10.0.0.5:5432/tandem?sslmode=require",
  ])("GIVEN DATABASE_URL=%s THEN it is accepted (SQLite or PostgreSQL)", (url) => {
    expect(problemsOf({ ...valid, DATABASE_URL: url })).toEqual([]);
  });

  it("GIVEN nothing at all THEN every required variable is listed in one error", () => {
    expect(
      problemsOf({})
        .map((p) => p.split(" ")[0])
        .sort(),
    ).toEqual(Object.keys(valid).sort());
  });

  it("GIVEN the shortest lease accepted THEN it outlasts a request to Meta and the writing of its answer", () => {
    expect(MIN_DELIVERY_LEASE_SECONDS * 1000).toBeGreaterThanOrEqual(DEFAULT_GRAPH_TIMEOUT_MS + SETTLE_MARGIN_MS);
    expect(problemsOf({ ...valid, DELIVERY_LEASE_SECONDS: String(MIN_DELIVERY_LEASE_SECONDS) })).toEqual([]);
    expect(problemsOf({ ...valid, DELIVERY_LEASE_SECONDS: String(MIN_DELIVERY_LEASE_SECONDS - 1) })).toHaveLength(1);
  });
});

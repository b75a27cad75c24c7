import { z } from "zod";
import { databaseProvider } from "./db/provider";

/**
 * Configuration is read once from the environment and validated here. A missing or
 * malformed variable stops start-up with a message that names it and says what it
 * expects (see README "Configuration").
 */
const nonEmpty = (what: string) =>
  z
    .string({ error: `is required: ${what}` })
    .trim()
    .min(1, `is required: ${what}`);

/**
 * The shortest lease a worker may take: the Graph client's request timeout (10 s,
 * DEFAULT_GRAPH_TIMEOUT_MS in app/meta/graph-client.server.ts) plus the 5 s a worker keeps
 * to write the answer (SETTLE_MARGIN_MS in app/delivery/send-request.server.ts). A shorter
 * lease could end while its request is still waiting for Meta; another worker would then
 * claim and send the same events. tests/foundation/config.test.ts checks the sum.
 */
export const MIN_DELIVERY_LEASE_SECONDS = 15;

const configSchema = z.object({
  SHOPIFY_API_KEY: nonEmpty("the app's client id from the Partner Dashboard"),
  SHOPIFY_API_SECRET: nonEmpty("the app's client secret from the Partner Dashboard"),
  SHOPIFY_APP_URL: nonEmpty("the public https URL of this app").pipe(
    z.url({ protocol: /^https?$/, error: "must be an http(s) URL, e.g. https://tandem.example.com" }),
  ),
  SCOPES: nonEmpty("comma-separated access scopes, e.g. read_orders,write_pixels,read_customer_events").transform((s) =>
    s
      .split(",")
      .map((scope) => scope.trim())
      .filter(Boolean),
  ),
  DATABASE_URL: nonEmpty(
    "a SQLite URL such as file:./prisma/tandem.sqlite or a PostgreSQL URL such as postgresql://user:password@host:5432/tandem",
  ).refine((url) => databaseProvider(url) !== null, {
    error:
      "must start with file: (SQLite, e.g. file:./prisma/tandem.sqlite) or postgresql:// (PostgreSQL, e.g. postgresql://user:password@host:5432/tandem)",
  }),
  PORT: z.coerce
    .number({ error: "must be a port number" })
    .int("must be a whole number")
    .min(1, "must be between 1 and 65535")
    .max(65535, "must be between 1 and 65535")
    .default(3000),
  TOKEN_ENCRYPTION_KEY: nonEmpty("32 random bytes as 64 hex characters (npm run setup generates one)").refine(
    (key) => /^[0-9a-fA-F]{64}$/.test(key),
    { error: "must be 64 hex characters (32 bytes); generate one with: openssl rand -hex 32" },
  ),
  META_GRAPH_API_URL: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://graph.facebook.com" })
    .default("https://graph.facebook.com")
    .transform((url) => url.replace(/\/+$/, "")),
  META_GRAPH_API_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/, "must look like v26.0")
    .default("v26.0"),
  DELIVERY_BATCH_SIZE: z.coerce
    .number({ error: "must be a number of events" })
    .int("must be a whole number")
    .min(1, "must be between 1 and 1000 (Meta's limit per request)")
    .max(1000, "must be between 1 and 1000 (Meta's limit per request)")
    .default(500),
  DELIVERY_LEASE_SECONDS: z.coerce
    .number({ error: "must be a number of seconds" })
    .int("must be a whole number")
    .min(
      MIN_DELIVERY_LEASE_SECONDS,
      `must be between ${MIN_DELIVERY_LEASE_SECONDS} and 3600 seconds: a lease must outlast a request to Meta (up to 10 s) and the writing of its answer, or a second worker could send the same events`,
    )
    .max(3600, `must be between ${MIN_DELIVERY_LEASE_SECONDS} and 3600 seconds`)
    .default(60),
  TRUSTED_PROXIES: z.coerce
    .number({ error: "must be the number of proxy hops in front of the app (0 when clients connect directly)" })
    .int("must be a whole number")
    .min(0, "must be between 0 and 10")
    .max(10, "must be between 0 and 10")
    .default(0),
  // PostgreSQL only: connections in this process's pool (the driver adapter ignores
  // Prisma's connection_limit URL parameter). SQLite has no pool.
  DATABASE_POOL_SIZE: z.coerce
    .number({ error: "must be a number of connections" })
    .int("must be a whole number")
    .min(1, "must be between 1 and 100")
    .max(100, "must be between 1 and 100")
    .default(10),
  RETENTION_DAYS: z.coerce
    .number({ error: "must be a number of days" })
    .int("must be a whole number")
    .min(1, "must be between 1 and 3650 days")
    .max(3650, "must be between 1 and 3650 days")
    .default(30),
  WORKER: z
    .enum(["inline", "off"], { error: 'must be "inline" (deliver from the web process) or "off" (a separate npm run worker)' })
    .default("inline"),
  // Health alert emails (app/alerts): off when unset.
  SMTP_URL: z
    .string()
    .trim()
    .regex(/^smtps?:\/\/[^\s]+$/, "must be an smtp:// or smtps:// URL, e.g. smtps://user:password@smtp.example.com:465")
    .optional(),
  ALERT_FROM: z
    .string()
    .trim()
    .min(3, "must be an email sender, e.g. Tandem <alerts@example.com>")
    .default("Tandem <alerts@tandem.invalid>"),
});

export type AppConfig = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  name = "ConfigError";
  constructor(readonly problems: string[]) {
    super(
      `Tandem cannot start: the configuration is invalid.\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee README.md "Configuration". npm run setup writes a local .env with working defaults.`,
    );
  }
}

export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  // An empty value counts as missing (a blank line in .env is a common slip).
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const result = configSchema.safeParse(cleaned);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${String(issue.path[0])} ${issue.message}`);
  throw new ConfigError(problems);
}

let cached: AppConfig | undefined;

/** The process configuration, parsed on first use. Throws ConfigError. */
export function getConfig(): AppConfig {
  cached ??= parseConfig(process.env);
  return cached;
}

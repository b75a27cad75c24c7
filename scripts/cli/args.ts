import { OUTBOX_STATUSES } from "../../app/outbox/status";
import { parseArgs } from "node:util";

export const USAGE = `Usage:
  tandem shop configure --shop <domain> --pixel-id <id> --access-token <token>
                        [--test-event-code <code>] [--consent-mode strict|regional|off]
  tandem shop show --shop <domain>
  tandem events list --shop <domain> [--status S] [--name N] [--limit N] [--json]
  tandem events replay --shop <domain> (--id ID | --status failed|expired)
                        (never a consent-blocked event; paused ones resume when the token is fixed)
  tandem orders list --shop <domain> [--since <ISO date>] [--q <#name or number>] [--limit N] [--json]
  tandem orders accuracy --shop <domain> [--days N] [--json]
                        (per Meta pixel: orders accepted of the orders counted, by sales channel and day; N at most 31)
  tandem quality show --shop <domain> [--refresh] [--json]
                        (Meta's match quality per pixel and event; --refresh reads Meta first)
  tandem status [--shop <domain>] [--json]`;

export class CliError extends Error {
  constructor(
    message: string,
    readonly showUsage = false,
  ) {
    super(message);
  }
}

type OptionSpec = Record<string, { type: "string" | "boolean" }>;

/** Parses a command's flags; unknown flags and stray arguments are errors, not ignored. */
export function flags<T extends OptionSpec>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values as {
      [K in keyof T]?: T[K]["type"] extends "boolean" ? boolean : string;
    };
  } catch (error) {
    throw new CliError((error as Error).message.replace(/^TypeError \[.*?\]: /, ""), true);
  }
}

export function requireFlag(value: string | undefined, name: string): string {
  if (!value) throw new CliError(`--${name} is required`, true);
  return value;
}

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

export function shopDomain(value: string | undefined): string {
  const shop = requireFlag(value, "shop").trim().toLowerCase();
  if (!SHOP_DOMAIN.test(shop)) throw new CliError(`--shop must be a myshopify.com domain such as example.myshopify.com (got "${value}")`);
  return shop;
}

/** Every status a row can have: the outbox's own list, so the CLI accepts each one. */
export const STATUSES = OUTBOX_STATUSES;

export function status(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!(STATUSES as readonly string[]).includes(value))
    throw new CliError(`--status must be one of ${STATUSES.join(", ")} (got "${value}")`);
  return value;
}

export function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new CliError(`--${name} must be a whole number from 1 to 10000 (got "${value}")`);
  return n;
}

/** --since: an ISO 8601 date (2026-12-01, UTC midnight) or date-time (2026-12-01T09:00:00+01:00). */
export function isoInstant(value: string | undefined, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const ok = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value);
  const date = new Date(value);
  if (!ok || Number.isNaN(date.getTime()))
    throw new CliError(`--${name} must be an ISO 8601 date such as 2026-12-01 or 2026-12-01T09:00:00Z (got "${value}")`);
  return date;
}

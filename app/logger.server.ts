import pino from "pino";

/**
 * The server's one logger: one JSON object per line (pino), so a value that holds a
 * CR/LF (a header, a payload id) is escaped inside its string and can never start a
 * line of its own. Fields, not sentences: `logger.info({ shop, topic }, "message")`.
 * Never log personal data (emails, phones, names, addresses, IPs, tokens) or raw
 * payloads; ids, shop domains, statuses and error names are fine.
 * Written to process.stdout (not fd 1 directly) so tests can read it.
 */
export const logger = pino(
  {
    base: undefined,
    level: process.env.LOG_LEVEL ?? "info",
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  },
  process.stdout,
);

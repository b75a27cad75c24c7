/**
 * npx tsx scripts/bench/payload-parse.ts [--lines 40] [--rounds 5] [--iterations 2000]
 *
 * What include_fields saves per webhook (app/capi/webhook-fields.ts): the same orders/create
 * payload (tests/fixtures/shopify/orders/many-line-items.json cut to its first --lines items)
 * in full and trimmed to the subscription's include_fields, each parsed as the ingest does
 * (JSON.parse, then the order's zod schema). Alternates full and trimmed runs, prints bytes
 * and microseconds per webhook (median and range over the rounds); asserts nothing.
 */
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { includeFieldsOf, trimToFields } from "../../app/capi/webhook-fields";
import { orderPayloadSchema } from "../../app/capi/shopify-payloads";
import { readFileSync } from "node:fs";
import path from "node:path";

const { values } = parseArgs({ options: { lines: { type: "string" }, rounds: { type: "string" }, iterations: { type: "string" } } });
const LINES = Number(values.lines ?? 40);
const ROUNDS = Number(values.rounds ?? 5);
const ITERATIONS = Number(values.iterations ?? 2000);

const fixture = JSON.parse(readFileSync(path.resolve("tests", "fixtures", "shopify", "orders", "many-line-items.json"), "utf8")) as {
  line_items: unknown[];
};
const order = { ...fixture, line_items: fixture.line_items.slice(0, LINES) };
const bodies = { full: JSON.stringify(order), trimmed: JSON.stringify(trimToFields(order, includeFieldsOf(orderPayloadSchema))) };

function perWebhookUs(body: string): number {
  const started = performance.now();
  for (let i = 0; i < ITERATIONS; i++) {
    if (!orderPayloadSchema.safeParse(JSON.parse(body)).success) throw new Error("the payload no longer parses");
  }
  return ((performance.now() - started) * 1000) / ITERATIONS;
}

const runs: Record<keyof typeof bodies, number[]> = { full: [], trimmed: [] };
perWebhookUs(bodies.full); // warm-up: V8 compiles the parser before the clock matters
for (let round = 0; round < ROUNDS; round++) {
  for (const kind of ["full", "trimmed"] as const) runs[kind].push(perWebhookUs(bodies[kind]));
}
const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)];
for (const kind of ["full", "trimmed"] as const) {
  console.log(
    `${kind}: ${bodies[kind].length} bytes, JSON.parse + schema ${median(runs[kind]).toFixed(0)} us per webhook (${Math.min(...runs[kind]).toFixed(0)}-${Math.max(...runs[kind]).toFixed(0)}), ${LINES} line items`,
  );
}

import Database from "better-sqlite3";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { REDACT_CHUNK } from "~/models/compliance.server";
import { databaseProvider } from "~/db/provider";
import { acceptCustomerRedaction, resumePendingRedactions } from "~/models/redaction-jobs.server";
import { action as customersRedact } from "~/routes/webhooks.customers.redact";
import { callRoute } from "../support/routes";
import { signedWebhook } from "../support/shopify-requests";
import { waitFor } from "../support/wait-for";

// customers/redact with 499 or more order ids once answered 500
// (P2029, too many bound parameters), so a mandatory privacy request never completed.
// Here 10,000 orders, each with a Purchase, its checkout's InitiateCheckout, a pixel
// receipt and a webhook receipt, on the real database of each project (SQLite, PostgreSQL).

const shop = "redact-many.myshopify.com";
const bystander = "redact-bystander.myshopify.com";
const ORDERS = 10_000;
const orderIds = Array.from({ length: ORDERS }, (_, i) => 6_000_000_000 + i);

/** Seeded with the database's own driver in one transaction: Prisma's createMany takes a minute here. */
async function seed(domain: string, ids: number[]) {
  await prisma.shop.create({ data: { domain, shopKey: `key-${domain}` } });
  const destination = await prisma.destination.create({ data: { shopDomain: domain, pixelId: "111", accessTokenEnc: "v1:a:b:c" } });
  const url = process.env.DATABASE_URL ?? "";
  if (databaseProvider(url) === "postgresql") await seedPostgres(url, domain, destination.id, ids);
  else seedSqlite(url.replace(/^file:/, ""), domain, destination.id, ids);
}

function seedSqlite(file: string, domain: string, destinationId: string, ids: number[]) {
  const db = new Database(file);
  const outbox = db.prepare(
    `INSERT INTO "OutboxEvent" ("id","shopDomain","destinationId","eventName","eventId","status","payload","eventTime","sourceTopic","orderId","checkoutToken","consentAction","consentReason","updatedAt")
     VALUES (?,?,?,?,?,'delivered','{}',1,?,?,?,'send','mode_off',CURRENT_TIMESTAMP)`,
  );
  const pixel = db.prepare(
    `INSERT INTO "PixelReceipt" ("id","shopDomain","eventName","eventId","consent","occurredAt") VALUES (?,?,'Purchase',?,'m1a1s1',CURRENT_TIMESTAMP)`,
  );
  const webhook = db.prepare(
    `INSERT INTO "WebhookReceipt" ("webhookId","shopDomain","topic","outcome","eventName","eventId") VALUES (?,?,'orders/create','queued','Purchase',?)`,
  );
  db.transaction(() => {
    for (const id of ids) {
      outbox.run(`p-${domain}-${id}`, domain, destinationId, "Purchase", `purchase_${id}`, "orders/create", String(id), `tok${id}`);
      outbox.run(`c-${domain}-${id}`, domain, destinationId, "InitiateCheckout", `ic_tok${id}`, "checkouts/create", null, `tok${id}`);
      pixel.run(`r-${domain}-${id}`, domain, `purchase_${id}`);
      webhook.run(`${domain}-${id}`, domain, `purchase_${id}`);
    }
  })();
  db.close();
}

/** The same rows on PostgreSQL: one INSERT ... SELECT over the id array per kind of row. */
async function seedPostgres(url: string, domain: string, destinationId: string, ids: number[]) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("BEGIN");
    const outbox = `INSERT INTO "OutboxEvent" ("id","shopDomain","destinationId","eventName","eventId","status","payload","eventTime","sourceTopic","orderId","checkoutToken","consentAction","consentReason","updatedAt")`;
    await client.query(
      `${outbox} SELECT 'p-' || $1 || '-' || id, $1, $2, 'Purchase', 'purchase_' || id, 'delivered', '{}', 1, 'orders/create', id::text, 'tok' || id, 'send', 'mode_off', CURRENT_TIMESTAMP FROM unnest($3::bigint[]) AS id`,
      [domain, destinationId, ids],
    );
    await client.query(
      `${outbox} SELECT 'c-' || $1 || '-' || id, $1, $2, 'InitiateCheckout', 'ic_tok' || id, 'delivered', '{}', 1, 'checkouts/create', NULL, 'tok' || id, 'send', 'mode_off', CURRENT_TIMESTAMP FROM unnest($3::bigint[]) AS id`,
      [domain, destinationId, ids],
    );
    await client.query(
      `INSERT INTO "PixelReceipt" ("id","shopDomain","eventName","eventId","consent","occurredAt") SELECT 'r-' || $1 || '-' || id, $1, 'Purchase', 'purchase_' || id, 'm1a1s1', CURRENT_TIMESTAMP FROM unnest($2::bigint[]) AS id`,
      [domain, ids],
    );
    await client.query(
      `INSERT INTO "WebhookReceipt" ("webhookId","shopDomain","topic","outcome","eventName","eventId") SELECT $1 || '-' || id, $1, 'orders/create', 'queued', 'Purchase', 'purchase_' || id FROM unnest($2::bigint[]) AS id`,
      [domain, ids],
    );
    await client.query("COMMIT");
  } finally {
    await client.end();
  }
}

const rowsOf = async (domain: string) =>
  (await prisma.outboxEvent.count({ where: { shopDomain: domain } })) +
  (await prisma.pixelReceipt.count({ where: { shopDomain: domain } })) +
  (await prisma.webhookReceipt.count({ where: { shopDomain: domain, topic: { not: "customers/redact" } } }));

const outcomeOf = async (webhookId: string) => (await prisma.webhookReceipt.findUnique({ where: { webhookId } }))?.outcome;

beforeAll(async () => {
  await seed(shop, orderIds);
  // The other shop has the SAME order ids: only the named shop's rows may go.
  await seed(bystander, orderIds.slice(0, 500));
}, 300_000);

describe("customers/redact with many orders", () => {
  it(`GIVEN ${ORDERS} orders to redact THEN 200 within the budget, every row of them gone (at once or in the background), the other shop untouched, and a retry is a no-op`, async () => {
    expect(REDACT_CHUNK * 3 + 1).toBeLessThan(999);
    expect(await rowsOf(shop)).toBe(ORDERS * 4);
    const body = { shop_id: 1, shop_domain: shop, customer: { id: 424242 }, orders_to_redact: orderIds };
    const started = performance.now();
    const response = await callRoute(customersRedact, signedWebhook({ topic: "customers/redact", shop, body, webhookId: "redact-10k" }));
    const answered = performance.now() - started;
    expect(response.status).toBe(200);
    await waitFor(async () => (await outcomeOf("redact-10k")) === "redacted", "the redaction to finish in the background", {
      timeoutMs: 120_000,
      pollMs: 100,
    });
    const finished = performance.now() - started;
    expect(await rowsOf(shop)).toBe(0);
    expect(await rowsOf(bystander)).toBe(500 * 4);
    // The id list is gone from the receipt once done.
    expect((await prisma.webhookReceipt.findUnique({ where: { webhookId: "redact-10k" } }))?.detail).not.toContain("6000000000");
    console.info(
      `customers/redact of ${ORDERS} orders (${ORDERS * 4} rows): answered in ${Math.round(answered)} ms, finished in ${Math.round(finished)} ms on this machine`,
    );

    const again = await callRoute(customersRedact, signedWebhook({ topic: "customers/redact", shop, body, webhookId: "redact-10k-again" }));
    expect(again.status).toBe(200);
    // The retry may finish in the background too: awaited, so that it neither runs beside the
    // resume test below (which would take it up a second time) nor outlives the file.
    await waitFor(async () => (await outcomeOf("redact-10k-again")) === "redacted", "the retry to finish", {
      timeoutMs: 120_000,
      pollMs: 100,
    });
    expect(await rowsOf(bystander)).toBe(500 * 4);
  }, 300_000);

  it("GIVEN the time budget runs out after a few chunks THEN it answers before the end, and the rest is finished after it", async () => {
    const domain = "redact-budget.myshopify.com";
    const ids = orderIds.slice(0, 1_000);
    await seed(domain, ids);
    let now = 0;
    // Each look at the clock is one second later: the 3 s budget ends after a few chunks, whatever the machine's speed.
    const clock = () => (now += 1_000);
    const accepted = await acceptCustomerRedaction(
      { shop: domain, webhookId: "redact-budget", customerId: null, orderIds: ids.map(String) },
      { clock, budgetMs: 3_000 },
    );
    expect(accepted.done).toBe(false);
    expect(await rowsOf(domain)).toBeGreaterThan(0);
    await accepted.finished;
    expect(await rowsOf(domain)).toBe(0);
    expect(await outcomeOf("redact-budget")).toBe("redacted");
  }, 60_000);

  it("GIVEN a redaction accepted by a process that died THEN the next start finishes it", async () => {
    const domain = "redact-resume.myshopify.com";
    const ids = orderIds.slice(0, 700);
    await seed(domain, ids);
    await prisma.webhookReceipt.create({
      data: {
        webhookId: "redact-resume",
        shopDomain: domain,
        topic: "customers/redact",
        outcome: "redaction_pending",
        detail: JSON.stringify({ customerId: null, orderIds: ids.map(String) }),
      },
    });
    expect(await resumePendingRedactions()).toBeGreaterThanOrEqual(1);
    expect(await rowsOf(domain)).toBe(0);
    expect(await outcomeOf("redact-resume")).toBe("redacted");
  }, 60_000);
});

import prisma from "../db.server";
import { logger } from "../logger.server";
import { redactCustomer } from "./compliance.server";

// customers/redact must complete, and Shopify waits only about 5 s for an answer. The
// request is first recorded durably (a webhook receipt whose outcome says the
// redaction is pending, with the ids to delete: order and customer ids, not personal
// data by themselves), then worked through until a time budget runs out. Whatever is
// left continues in the background after the 200; a process that dies meanwhile
// resumes it at its next start (resumePendingRedactions, from background.server.ts).

/** Work done inside the request; the rest continues after the answer. */
export const REDACT_BUDGET_MS = 2_000;
const PENDING = "redaction_pending";
const DONE = "redacted";

type Job = { customerId: string | null; orderIds: string[] };

export async function acceptCustomerRedaction(
  input: { shop: string; webhookId: string; customerId: string | null; orderIds: string[] },
  options: { budgetMs?: number; clock?: () => number } = {},
): Promise<{ done: boolean; finished: Promise<void> }> {
  const clock = options.clock ?? Date.now;
  const deadline = clock() + (options.budgetMs ?? REDACT_BUDGET_MS);
  const job: Job = { customerId: input.customerId, orderIds: input.orderIds };
  // A retried webhook finds its own row: the redaction is simply run again (idempotent).
  await prisma.webhookReceipt.upsert({
    where: { webhookId: input.webhookId },
    create: {
      webhookId: input.webhookId,
      shopDomain: input.shop,
      topic: "customers/redact",
      outcome: PENDING,
      detail: JSON.stringify(job),
    },
    update: {},
  });
  const result = await redactCustomer(input.shop, job.customerId, job.orderIds, { deadline, clock });
  if (result.done) {
    await markDone(input.webhookId, result);
    return { done: true, finished: Promise.resolve() };
  }
  return { done: false, finished: finishRedaction(input.webhookId, input.shop, job) };
}

/** Every redaction a previous process accepted but did not finish. */
export async function resumePendingRedactions(): Promise<number> {
  const pending = await prisma.webhookReceipt.findMany({ where: { topic: "customers/redact", outcome: PENDING } });
  for (const row of pending) await finishRedaction(row.webhookId, row.shopDomain, JSON.parse(row.detail ?? "{}") as Job);
  return pending.length;
}

async function finishRedaction(webhookId: string, shop: string, job: Job): Promise<void> {
  try {
    const result = await redactCustomer(shop, job.customerId ?? null, job.orderIds ?? []);
    await markDone(webhookId, result);
    logger.info({ shop, webhookId, orders: job.orderIds?.length ?? 0 }, "customer redaction finished in the background");
  } catch (error) {
    // Left pending: the next start resumes it.
    logger.error(
      { shop, webhookId, error: error instanceof Error ? error.name : "unknown" },
      "customer redaction not finished; resumed at next start",
    );
  }
}

async function markDone(webhookId: string, counts: object) {
  // The id list is dropped once done: only the counts remain.
  await prisma.webhookReceipt.updateMany({ where: { webhookId }, data: { outcome: DONE, detail: JSON.stringify(counts) } });
}

import { describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { evaluateConditions } from "~/models/health-conditions.server";

// "Events are waiting longer than they should": the oldest pending or retry row of this
// shop that was due more than 15 minutes ago, whichever of the two statuses holds it.

const NOW = new Date("2026-11-20T12:00:00Z");
const minutesAgo = (n: number) => new Date(NOW.getTime() - n * 60_000);

async function shopWith(domain: string, rows: { status: string; dueMinutesAgo: number }[]) {
  await prisma.shop.create({ data: { domain, shopKey: `k-${domain}` } });
  const destination = await prisma.destination.create({ data: { shopDomain: domain, pixelId: "4242", accessTokenEnc: "v1:a:b:c" } });
  await prisma.outboxEvent.createMany({
    data: rows.map((row, i) => ({
      shopDomain: domain,
      destinationId: destination.id,
      eventName: "Purchase",
      eventId: `purchase_${i}`,
      status: row.status,
      payload: "{}",
      eventTime: 1,
      sourceTopic: "orders/paid",
      consentAction: "send",
      consentReason: "mode_off",
      nextAttemptAt: minutesAgo(row.dueMinutesAgo),
      createdAt: minutesAgo(row.dueMinutesAgo),
    })),
  });
}

const backlog = async (domain: string) => (await evaluateConditions(domain, NOW)).find((c) => c.key === "backlog_old");

describe("the backlog condition", () => {
  it("GIVEN pending and retry rows due for a while THEN the oldest of either status, this shop's only", async () => {
    await shopWith("backlog-a.myshopify.com", [
      { status: "pending", dueMinutesAgo: 40 },
      { status: "retry", dueMinutesAgo: 70 },
      { status: "failed", dueMinutesAgo: 300 },
      { status: "delivered", dueMinutesAgo: 600 },
    ]);
    await shopWith("backlog-b.myshopify.com", [{ status: "retry", dueMinutesAgo: 900 }]);
    await shopWith("backlog-c.myshopify.com", [
      { status: "pending", dueMinutesAgo: 95 },
      { status: "retry", dueMinutesAgo: 5 },
    ]);
    expect((await backlog("backlog-a.myshopify.com"))?.detail).toBe(
      "The oldest event has been due for 70 minutes. Is the delivery worker running?",
    );
    expect((await backlog("backlog-c.myshopify.com"))?.detail).toMatch(/due for 95 minutes/);
  });

  it("GIVEN rows due only minutes ago THEN no backlog condition", async () => {
    await shopWith("backlog-d.myshopify.com", [
      { status: "pending", dueMinutesAgo: 3 },
      { status: "retry", dueMinutesAgo: 10 },
    ]);
    expect(await backlog("backlog-d.myshopify.com")).toBeUndefined();
  });
});

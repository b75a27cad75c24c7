import { beforeEach, describe, expect, it } from "vitest";
import { forgetBrowserData } from "../../app/outbox/retention.server";
import { db, purchase, resetDb, seedDestination } from "../delivery/fixtures";

const DAY_S = 24 * 60 * 60;
const now = new Date();
const nowS = Math.floor(now.getTime() / 1000);

beforeEach(async () => {
  await resetDb();
  await db.pixelReceipt.deleteMany();
});

async function row(eventId: string, status: string, ageDays: number) {
  const d = await seedDestination();
  const payload = purchase(eventId, { event_time: nowS - ageDays * DAY_S });
  return db.outboxEvent.create({
    data: {
      shopDomain: d.shopDomain,
      destinationId: d.destinationId,
      eventName: "Purchase",
      eventId,
      status,
      payload: JSON.stringify(payload),
      eventTime: nowS - ageDays * DAY_S,
      sourceTopic: "orders/create",
      consentAction: "send",
      consentReason: "mode_off",
    },
  });
}

const userData = async (id: string) => JSON.parse((await db.outboxEvent.findUniqueOrThrow({ where: { id } })).payload).user_data;

describe("forgetting raw browser data once Meta's window has passed", () => {
  it("GIVEN events past the window THEN IP, user agent, fbp and fbc are removed and the hashes kept; recent or unsent ones are untouched", async () => {
    const old = await row("purchase_1", "delivered", 9);
    const recent = await row("purchase_2", "delivered", 2);
    const oldButPaused = await row("purchase_3", "paused", 9);
    const result = await forgetBrowserData(db, now);
    expect(result.events).toBe(1);
    const forgotten = await userData(old.id);
    expect(forgotten).not.toHaveProperty("client_ip_address");
    expect(forgotten).not.toHaveProperty("client_user_agent");
    expect(forgotten).not.toHaveProperty("fbp");
    expect(forgotten.em[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(await userData(recent.id)).toHaveProperty("client_ip_address");
    expect(await userData(oldButPaused.id)).toHaveProperty("client_ip_address");
    expect(await forgetBrowserData(db, now)).toEqual({ events: 0, receipts: 0 });
  });

  it("GIVEN browser receipts older than the window THEN their IP, user agent and cookies are cleared, the consent kept", async () => {
    const base = {
      shopDomain: "r.myshopify.com",
      eventName: "Purchase",
      consent: "m1a1s1",
      clientIp: "198.51.100.1",
      userAgent: "UA",
      fbp: "fb.1.1.2",
      occurredAt: now,
    };
    await db.pixelReceipt.create({ data: { ...base, eventId: "purchase_old", receivedAt: new Date(now.getTime() - 9 * DAY_S * 1000) } });
    await db.pixelReceipt.create({ data: { ...base, eventId: "purchase_new", receivedAt: now } });
    expect((await forgetBrowserData(db, now)).receipts).toBe(1);
    expect(await db.pixelReceipt.findFirstOrThrow({ where: { eventId: "purchase_old" } })).toMatchObject({
      clientIp: null,
      userAgent: null,
      fbp: null,
      consent: "m1a1s1",
    });
    expect(await db.pixelReceipt.findFirstOrThrow({ where: { eventId: "purchase_new" } })).toMatchObject({ clientIp: "198.51.100.1" });
  });
});

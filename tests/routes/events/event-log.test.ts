import { beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { loader as listLoader } from "~/routes/app.events._index";
import { action as replayAction, loader as detailLoader } from "~/routes/app.events.$id";
import { callRoute } from "../../support/routes";
import { adminRequest } from "../../support/shopify-requests";
import { storeOfflineSession } from "../../support/offline-session";

const shop = "log.myshopify.com";
const other = "other-log.myshopify.com";
const ids: Record<string, string> = {};

beforeAll(async () => {
  await storeOfflineSession(shop, "shpat_x");
  for (const domain of [shop, other]) {
    await prisma.shop.create({ data: { domain, shopKey: `k-${domain}` } });
    const destination = await prisma.destination.create({ data: { shopDomain: domain, pixelId: "777000111", accessTokenEnc: "v1:a:b:c" } });
    const base = {
      shopDomain: domain,
      destinationId: destination.id,
      payload: JSON.stringify({ event_name: "Purchase", user_data: { em: ["ab".repeat(32)] } }),
      eventTime: 1,
      sourceTopic: "orders/create",
      consentAction: "send",
      consentReason: "signal_allows_marketing",
    };
    const delivered = await prisma.outboxEvent.create({
      data: {
        ...base,
        eventName: "Purchase",
        eventId: "purchase_42",
        orderId: "42",
        status: "delivered",
        deliveredAt: new Date("2026-11-20T12:00:00Z"),
        browserSeenAt: new Date("2026-11-17T12:00:00Z"),
      },
    });
    const failed = await prisma.outboxEvent.create({
      data: {
        ...base,
        eventName: "Purchase",
        eventId: "purchase_43",
        orderId: "43",
        status: "failed",
        lastError: "Event 0: currency is not an ISO 4217 code",
      },
    });
    const blocked = await prisma.outboxEvent.create({
      data: {
        ...base,
        eventName: "InitiateCheckout",
        eventId: "ic_tok9",
        checkoutToken: "tok9",
        status: "blocked",
        consentAction: "block",
        consentReason: "signal_denies_marketing",
      },
    });
    await prisma.deliveryAttempt.create({
      data: {
        shopDomain: domain,
        destinationId: destination.id,
        eventIds: JSON.stringify([delivered.id, "other-row"]),
        eventCount: 2,
        durationMs: 120,
        httpStatus: 200,
        outcome: "delivered",
        eventsReceived: 2,
        fbtraceId: "TRACE-1",
      },
    });
    // Shopify's order 43 is the shop's order #1003 (its public name), as ingest records it.
    await prisma.receivedOrder.create({
      data: {
        shopDomain: domain,
        kind: "order",
        sourceId: "43",
        name: "#1003",
        number: 1003,
        eventName: "Purchase",
        eventId: "purchase_43",
        outcome: "queued",
        placedAt: new Date(),
        firstSeenAt: new Date(),
        lastSeenAt: new Date(),
        lastTopic: "orders/create",
      },
    });
    if (domain === shop) Object.assign(ids, { delivered: delivered.id, failed: failed.id, blocked: blocked.id });
    else ids.otherShopEvent = failed.id;
  }
});

describe("the merchant's event log", () => {
  it("GIVEN 120 events THEN pages of 50 with the total, newest first, a value column and only the event names the log can hold", async () => {
    const pager = "pager.myshopify.com";
    await storeOfflineSession(pager, "shpat_y");
    await prisma.shop.create({ data: { domain: pager, shopKey: "k-pager" } });
    const destination = await prisma.destination.create({ data: { shopDomain: pager, pixelId: "888", accessTokenEnc: "v1:a:b:c" } });
    await prisma.outboxEvent.createMany({
      data: Array.from({ length: 120 }, (_, i) => ({
        shopDomain: pager,
        destinationId: destination.id,
        eventName: "Purchase",
        eventId: `purchase_${1000 + i}`,
        orderId: String(1000 + i),
        status: "delivered",
        payload: JSON.stringify({ custom_data: { value: 10 + i, currency: "EUR" } }),
        eventTime: 1,
        sourceTopic: "orders/create",
        consentAction: "send",
        consentReason: "signal_allows_marketing",
        createdAt: new Date(Date.UTC(2026, 10, 1, 0, i)),
      })),
    });
    const page = async (query: string) => (await callRoute(listLoader, await adminRequest(pager, `/app/events${query}`))).json();
    const first = await page("");
    expect(first).toMatchObject({ total: 120, page: 1, pageSize: 50, eventNames: ["Purchase"] });
    expect(first.events).toHaveLength(50);
    expect(first.events[0]).toMatchObject({ eventId: "purchase_1119", value: { amount: 129, currency: "EUR" } });
    expect(first.events[0].payload).toBeUndefined();
    const third = await page("?page=3");
    expect(third.events.map((e: { eventId: string }) => e.eventId)).toEqual(Array.from({ length: 20 }, (_, i) => `purchase_${1019 - i}`));
  });

  it("GIVEN events of two shops THEN the list shows only this shop's, with the reason in words", async () => {
    const body = await (await callRoute(listLoader, await adminRequest(shop, "/app/events"))).json();
    expect(body.events.map((e: { eventId: string }) => e.eventId).sort()).toEqual(["ic_tok9", "purchase_42", "purchase_43"]);
    expect(body.events.every((e: { id: string }) => e.id !== ids.otherShopEvent)).toBe(true);
  });

  it.each([
    ["?status=failed", ["purchase_43"]],
    ["?name=InitiateCheckout", ["ic_tok9"]],
    ["?q=42", ["purchase_42"]],
    ["?q=tok9", ["ic_tok9"]],
    ["?q=%2343", ["purchase_43"]],
    ["?q=%231003", ["purchase_43"]],
    ["?q=1003", ["purchase_43"]],
    ["?status=failed,blocked", ["ic_tok9", "purchase_43"]],
    ["?event=Purchase&browser=seen", ["purchase_42"]],
    ["?browser=missing", ["ic_tok9", "purchase_43"]],
    ["?mode=test", []],
    ["?mode=live&status=nonsense", []],
    ["?from=2026-11-01&to=2026-11-30", []],
    ["?status=%3Cscript%3E&page=-4&from=2026-13-45", ["ic_tok9", "purchase_42", "purchase_43"]],
  ])("GIVEN the filter %s THEN only the matching events", async (query, expected) => {
    const body = await (await callRoute(listLoader, await adminRequest(shop, `/app/events${query}`))).json();
    expect(body.events.map((e: { eventId: string }) => e.eventId).sort()).toEqual(expected);
    expect(body.total).toBe(expected.length);
  });

  it("GIVEN a server copy delivered 3 days after its browser copy THEN it is flagged as too late to deduplicate", async () => {
    const body = await (await callRoute(listLoader, await adminRequest(shop, "/app/events?q=42"))).json();
    expect(body.events[0].undeduplicable).toBe(true);
  });

  it("GIVEN an event's detail THEN the requests that carried it, its decision and its hashed payload", async () => {
    const response = await callRoute(detailLoader, await adminRequest(shop, `/app/events/${ids.delivered}`), { id: ids.delivered });
    const body = await response.json();
    expect(body.attempts).toEqual([expect.objectContaining({ outcome: "delivered", fbtraceId: "TRACE-1", eventCount: 2 })]);
    expect(body.event.payload.user_data.em[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(body.replay.kind).toBe("refuse");
  });

  it("GIVEN another shop's event id THEN 404, nothing leaks", async () => {
    const response = await callRoute(detailLoader, await adminRequest(shop, `/app/events/${ids.otherShopEvent}`), {
      id: ids.otherShopEvent,
    });
    expect(response.status).toBe(404);
  });

  it("GIVEN a failed event THEN 'send again' queues it; a delivered one is never resent from here; another shop's is not found", async () => {
    const post = (id: string) => adminRequest(shop, `/app/events/${id}`, { method: "POST" });
    expect(await (await callRoute(replayAction, await post(ids.failed), { id: ids.failed })).json()).toEqual({
      replayed: 1,
      refused: null,
    });
    expect((await prisma.outboxEvent.findUniqueOrThrow({ where: { id: ids.failed } })).status).toBe("pending");
    const delivered = await callRoute(replayAction, await post(ids.delivered), { id: ids.delivered });
    expect(delivered.status).toBe(409);
    expect((await prisma.outboxEvent.findUniqueOrThrow({ where: { id: ids.delivered } })).status).toBe("delivered");
    const foreign = await callRoute(replayAction, await post(ids.otherShopEvent), { id: ids.otherShopEvent });
    expect(foreign.status).toBe(404);
    expect((await prisma.outboxEvent.findUniqueOrThrow({ where: { id: ids.otherShopEvent } })).status).toBe("failed");
  });

  it("GIVEN a consent-blocked event THEN the page offers no 'send again' and the action refuses it with the reason", async () => {
    const detail = await (
      await callRoute(detailLoader, await adminRequest(shop, `/app/events/${ids.blocked}`), { id: ids.blocked })
    ).json();
    expect(detail.replay).toEqual({ kind: "refuse", why: expect.stringContaining("Held back by consent") });
    const response = await callRoute(replayAction, await adminRequest(shop, `/app/events/${ids.blocked}`, { method: "POST" }), {
      id: ids.blocked,
    });
    expect(response.status).toBe(409);
    expect((await response.json()).refused).toMatch(/never sent/);
    expect((await prisma.outboxEvent.findUniqueOrThrow({ where: { id: ids.blocked } })).status).toBe("blocked");
  });

  it("GIVEN a paused event THEN the action offered is 'fix the token', and send again refuses it", async () => {
    const paused = await prisma.outboxEvent.update({
      where: { id: ids.failed },
      data: { status: "paused", lastError: "Meta: token expired" },
    });
    const detail = await (await callRoute(detailLoader, await adminRequest(shop, `/app/events/${paused.id}`), { id: paused.id })).json();
    expect(detail.replay.kind).toBe("fix-token");
    const response = await callRoute(replayAction, await adminRequest(shop, `/app/events/${paused.id}`, { method: "POST" }), {
      id: paused.id,
    });
    expect(response.status).toBe(409);
    expect((await prisma.outboxEvent.findUniqueOrThrow({ where: { id: paused.id } })).status).toBe("paused");
    await prisma.outboxEvent.update({ where: { id: paused.id }, data: { status: "failed" } });
  });
});

describe("the event log export", () => {
  it("GIVEN the shop's events THEN a CSV of every decision and its reason, this shop only, with formula-like cells neutralised", async () => {
    const { loader: exportLoader } = await import("~/routes/app.events.export");
    const payload = JSON.stringify({
      event_name: "Purchase",
      user_data: { em: ["ab".repeat(32)] },
      custom_data: { value: 42.5, currency: "EUR" },
    });
    await prisma.outboxEvent.update({
      where: { id: ids.failed },
      data: { status: "failed", lastError: '=HYPERLINK("x"), "quoted"', payload },
    });
    const response = await callRoute(exportLoader, await adminRequest(shop, "/app/events/export?status=failed"));
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="tandem-events-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = (await response.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "received_at,event_name,event_id,order_name,value,currency,pixel_id,status,consent_action,consent_reason,attempts,delivered_at,browser_copy_seen_at,test_order,reason,consent_reason_in_words",
    );
    expect(lines).toHaveLength(2);
    // Order 43 is the shop's #1003, sent to Meta with the value 42.50 EUR.
    expect(lines[1]).toContain(",purchase_43,#1003,42.5,EUR,777000111,failed,send,signal_allows_marketing,");
    expect(lines[1].endsWith(`,no,"'=HYPERLINK(""x""), ""quoted""",The shopper allowed marketing.`)).toBe(true);
  });
});

describe("bulk send again from the event log", () => {
  it("GIVEN failed and consent-blocked events in two shops THEN the confirmation counts and the action queue only this shop's failed ones", async () => {
    const { action: bulkAction } = await import("~/routes/app.events._index");
    await prisma.outboxEvent.update({ where: { id: ids.failed }, data: { status: "failed" } });
    const before = await (await callRoute(listLoader, await adminRequest(shop, "/app/events"))).json();
    expect(before.replayable).toMatchObject({ failed: 1, blocked: 1 });
    const form = new URLSearchParams({ intent: "replay-failed" });
    const request = await adminRequest(shop, "/app/events", {
      method: "POST",
      body: form,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(await (await callRoute(bulkAction, request)).json()).toEqual({ replayed: 1, error: null });
    expect((await prisma.outboxEvent.findUniqueOrThrow({ where: { id: ids.failed } })).status).toBe("pending");
    expect((await prisma.outboxEvent.findUniqueOrThrow({ where: { id: ids.blocked } })).status).toBe("blocked");
    expect((await prisma.outboxEvent.findUniqueOrThrow({ where: { id: ids.otherShopEvent } })).status).toBe("failed");
  });
});

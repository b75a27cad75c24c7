// The ingest's own store (better-sqlite3 on SQLite, `pg` on PostgreSQL) writes and reads
// the same values Prisma does, whatever the process's time zone. Runs on both providers
// (vitest projects sqlite and postgresql). The zone is set before anything reads a date:
// pg's default reading of a `timestamp` column is local time, which is off by hours here.
process.env.TZ = "America/Los_Angeles";

import { Prisma } from "@prisma/client";
import { beforeEach, describe, expect, it } from "vitest";
import prisma, { processPgPool } from "~/db.server";
import { insertOutboxAndReceipt, insertWebhookReceipt, loadShopAndReceipt } from "~/ingest/ingest-store.server";
import { freshShopWithPixel, purchaseRow } from "./store-rows";

const shop = "store-values.myshopify.com";
const now = new Date("2026-07-01T23:30:15.123Z");
let destinationId: string;

beforeEach(async () => {
  destinationId = await freshShopWithPixel(shop, "store-values-key", "2222222222");
});

function outboxRow(eventId: string, destination = destinationId) {
  return purchaseRow(shop, destination, eventId, now);
}

const receipt = (webhookId: string, eventId: string) => ({
  webhookId,
  shopDomain: shop,
  topic: "orders/paid",
  outcome: "queued",
  eventName: "Purchase",
  eventId,
});

describe("the ingest store's values", () => {
  it("GIVEN a zone west of UTC WHEN the ingest writes a row and its receipt THEN Prisma reads back the same instants and flags", async () => {
    expect(new Date(2026, 6, 1).getTimezoneOffset()).not.toBe(0);
    const created = await insertOutboxAndReceipt(
      [outboxRow("purchase_1001")],
      (count) => ({ receipt: receipt("w-1", "purchase_1001"), result: count }),
      now,
    );
    expect(created).toEqual({ recorded: true, result: 1 });
    const row = await prisma.outboxEvent.findFirstOrThrow({ where: { eventId: "purchase_1001" } });
    expect([row.createdAt.toISOString(), row.updatedAt.toISOString(), row.nextAttemptAt.toISOString()]).toEqual([
      now.toISOString(),
      now.toISOString(),
      now.toISOString(),
    ]);
    expect(row.isTest).toBe(false);
    expect(row.attempts).toBe(0);
    const stored = await prisma.webhookReceipt.findUniqueOrThrow({ where: { webhookId: "w-1" } });
    expect(stored.receivedAt.toISOString()).toBe(now.toISOString());
  });

  it("GIVEN a browser receipt Prisma wrote WHEN the ingest reads it THEN the same instant, and the shop with its destination", async () => {
    const receivedAt = new Date("2026-01-15T08:05:09.456Z");
    await prisma.pixelReceipt.create({
      data: {
        shopDomain: shop,
        eventName: "Purchase",
        eventId: "purchase_1002",
        consent: "granted",
        fbp: "fb.1.1.1",
        occurredAt: receivedAt,
        receivedAt,
      },
    });
    const { shop: loaded, receipt: browser } = await loadShopAndReceipt(shop, { eventName: "Purchase", eventId: "purchase_1002" });
    expect(browser?.receivedAt.toISOString()).toBe(receivedAt.toISOString());
    expect(browser?.fbp).toBe("fb.1.1.1");
    expect(loaded.destinations).toEqual([{ id: destinationId, testEventCode: null, enabled: true }]);
    expect(loaded.uninstalledAt).toBeNull();
  });

  it("GIVEN the webhook's receipt exists WHEN the same webhook's rows are written again THEN not recorded, no error, and none of its rows is kept", async () => {
    await insertOutboxAndReceipt([outboxRow("purchase_1003")], () => ({ receipt: receipt("w-3", "purchase_1003"), result: null }), now);
    const again = await insertOutboxAndReceipt(
      [outboxRow("purchase_1004")],
      () => ({ receipt: receipt("w-3", "purchase_1004"), result: null }),
      now,
    );
    expect(again).toEqual({ recorded: false });
    expect(await prisma.outboxEvent.count({ where: { eventId: "purchase_1004" } })).toBe(0);
    expect(await prisma.webhookReceipt.count()).toBe(1);
  });

  it("GIVEN the webhook's receipt exists WHEN the receipt alone is written again THEN false, no error, and the first receipt is kept", async () => {
    expect(await insertWebhookReceipt({ ...receipt("w-11", "purchase_1011"), outcome: "skipped" }, now)).toBe(true);
    expect(await insertWebhookReceipt({ ...receipt("w-11", "purchase_1011"), outcome: "rejected" }, now)).toBe(false);
    const tag = (zone: string) => (when: Prisma.Sql) =>
      Prisma.sql`UPDATE "Shop" SET "timezone" = ${zone} WHERE "domain" = ${shop} AND ${when}`;
    expect(await insertWebhookReceipt({ ...receipt("w-11", "purchase_1011"), outcome: "rejected" }, now, tag("Asia/Tokyo"))).toBe(false);
    expect((await prisma.webhookReceipt.findUniqueOrThrow({ where: { webhookId: "w-11" } })).outcome).toBe("skipped");
    expect((await prisma.shop.findUniqueOrThrow({ where: { domain: shop } })).timezone).not.toBe("Asia/Tokyo");
  });

  it("GIVEN one webhook written five times, one after the other and then three at once THEN one receipt and one row, and (PostgreSQL) no pooled connection is discarded", async () => {
    // pg's pool removes a client a query failed on: a repeat detected by a failing insert cost a connection.
    const pool = processPgPool();
    let removed = 0;
    const onRemove = () => (removed += 1);
    pool?.on("remove", onRemove);
    try {
      const write = () =>
        insertOutboxAndReceipt(
          [outboxRow("purchase_1012")],
          (count) => ({ receipt: receipt("w-12", "purchase_1012"), result: count }),
          now,
        );
      const answers = [await write(), await write()];
      answers.push(...(await Promise.all([write(), write(), write()])));
      expect(answers.filter((answer) => answer.recorded)).toEqual([{ recorded: true, result: 1 }]);
      expect(removed).toBe(0);
    } finally {
      pool?.off("remove", onRemove);
    }
    expect(await prisma.outboxEvent.count({ where: { eventId: "purchase_1012" } })).toBe(1);
    expect(await prisma.webhookReceipt.count({ where: { webhookId: "w-12" } })).toBe(1);
  });

  it("GIVEN an outbox row that exists WHEN another webhook carries it THEN it is skipped (counted 0) and the new receipt is kept", async () => {
    await insertOutboxAndReceipt([outboxRow("purchase_1005")], () => ({ receipt: receipt("w-5a", "purchase_1005"), result: null }), now);
    const created = await insertOutboxAndReceipt(
      [outboxRow("purchase_1005")],
      (count) => ({ receipt: receipt("w-5b", "purchase_1005"), result: count }),
      now,
    );
    expect(created).toEqual({ recorded: true, result: 0 });
    expect(await prisma.outboxEvent.count({ where: { eventId: "purchase_1005" } })).toBe(1);
    expect(await prisma.webhookReceipt.count({ where: { eventId: "purchase_1005" } })).toBe(2);
  });

  it("GIVEN two destinations and one of their rows exists WHEN a webhook carries both THEN the receipt written is the one for one new row, and so is the answer", async () => {
    const second = (await prisma.destination.create({ data: { shopDomain: shop, pixelId: "3333333333", accessTokenEnc: "v1:a:b:c" } })).id;
    await insertOutboxAndReceipt(
      [outboxRow("purchase_1006", second)],
      () => ({ receipt: receipt("w-6a", "purchase_1006"), result: null }),
      now,
    );
    const receiptFor = (created: number) => ({
      receipt: { ...receipt("w-6b", "purchase_1006"), detail: JSON.stringify({ created, existing: 2 - created }) },
      result: `created ${created}`,
    });
    const answer = await insertOutboxAndReceipt([outboxRow("purchase_1006"), outboxRow("purchase_1006", second)], receiptFor, now);
    expect(answer).toEqual({ recorded: true, result: "created 1" });
    const stored = await prisma.webhookReceipt.findUniqueOrThrow({ where: { webhookId: "w-6b" } });
    expect(JSON.parse(stored.detail ?? "null")).toEqual({ created: 1, existing: 1 });
    expect(await prisma.outboxEvent.count({ where: { eventId: "purchase_1006" } })).toBe(2);
  });

  it("GIVEN receipts that differ in more than text (a null against an id) WHEN the webhook is written THEN the receipt for its count is still the one kept", async () => {
    const second = (await prisma.destination.create({ data: { shopDomain: shop, pixelId: "4444444444", accessTokenEnc: "v1:a:b:c" } })).id;
    await insertOutboxAndReceipt(
      [outboxRow("purchase_1010", second)],
      () => ({ receipt: receipt("w-10a", "purchase_1010"), result: null }),
      now,
    );
    const receiptFor = (created: number) => ({
      receipt: { ...receipt("w-10b", "purchase_1010"), eventId: created === 1 ? "purchase_1010" : null },
      result: created,
    });
    expect(await insertOutboxAndReceipt([outboxRow("purchase_1010"), outboxRow("purchase_1010", second)], receiptFor, now)).toEqual({
      recorded: true,
      result: 1,
    });
    expect((await prisma.webhookReceipt.findUniqueOrThrow({ where: { webhookId: "w-10b" } })).eventId).toBe("purchase_1010");
  });

  it("GIVEN a statement to run with the receipt WHEN the webhook is new THEN it is written; WHEN the webhook repeats THEN neither it nor the rest is", async () => {
    const also = (tag: string) => (when: Prisma.Sql) =>
      Prisma.sql`UPDATE "Shop" SET "timezone" = ${tag} WHERE "domain" = ${shop} AND ${when}`;
    await insertOutboxAndReceipt(
      [outboxRow("purchase_1007")],
      () => ({ receipt: receipt("w-7", "purchase_1007"), result: null }),
      now,
      also("Europe/Paris"),
    );
    expect((await prisma.shop.findUniqueOrThrow({ where: { domain: shop } })).timezone).toBe("Europe/Paris");
    const again = await insertOutboxAndReceipt(
      [outboxRow("purchase_1008")],
      () => ({ receipt: receipt("w-7", "purchase_1008"), result: null }),
      now,
      also("Asia/Tokyo"),
    );
    expect(again).toEqual({ recorded: false });
    expect((await prisma.shop.findUniqueOrThrow({ where: { domain: shop } })).timezone).toBe("Europe/Paris");
    expect(await prisma.outboxEvent.count({ where: { eventId: "purchase_1008" } })).toBe(0);
  });

  it("GIVEN a recorded webhook WHEN the ingest reads the shop for that webhook id and for another THEN seen for the first only", async () => {
    await insertWebhookReceipt({ ...receipt("w-13", "purchase_1013"), outcome: "skipped" }, now);
    expect((await loadShopAndReceipt(shop, null, "w-13")).seen).toBe(true);
    expect((await loadShopAndReceipt(shop, { eventName: "Purchase", eventId: "purchase_1013" }, "w-14")).seen).toBe(false);
    expect((await loadShopAndReceipt("unknown-yet.myshopify.com", null, "w-13")).seen).toBe(true);
  });

  it("GIVEN a browser receipt for a shop Tandem has not met WHEN the ingest reads them THEN the shop is created and the receipt still found", async () => {
    await prisma.pixelReceipt.create({
      data: {
        shopDomain: "first-contact.myshopify.com",
        eventName: "Purchase",
        eventId: "purchase_1009",
        consent: "granted",
        occurredAt: now,
        receivedAt: now,
      },
    });
    const { shop: loaded, receipt: browser } = await loadShopAndReceipt("first-contact.myshopify.com", {
      eventName: "Purchase",
      eventId: "purchase_1009",
    });
    expect(loaded.domain).toBe("first-contact.myshopify.com");
    expect(loaded.destinations).toEqual([]);
    expect(browser?.consent).toBe("granted");
  });
});

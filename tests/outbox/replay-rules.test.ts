import { describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { countReplayable, replayEvents } from "~/outbox/replay.server";
import { replayVerdict } from "~/outbox/replay-rules";

const NOW = new Date("2026-12-02T12:00:00Z");
const nowS = Math.floor(NOW.getTime() / 1000);
const DAY = 86_400;
const web = JSON.stringify({ action_source: "website" });
const pos = JSON.stringify({ action_source: "physical_store" });

describe("replayVerdict (shared by the admin and the CLI)", () => {
  it.each([
    ["failed", "send", "replay"],
    ["failed", "block", "refuse"],
    ["blocked", "block", "refuse"],
    ["blocked", "send", "refuse"],
    ["paused", "send", "fix-token"],
    ["paused", "block", "refuse"],
    ["delivered", "send", "refuse"],
    ["pending", "send", "refuse"],
    ["in_flight", "send", "refuse"],
    ["waiting_consent", "wait", "refuse"],
    ["skipped", "send", "refuse"],
    ["cancelled", "send", "refuse"],
  ])("GIVEN status %s and consent %s THEN %s", (status, consentAction, kind) => {
    expect(replayVerdict({ status, consentAction, eventTime: nowS - 60, payload: web }, NOW).kind).toBe(kind);
  });

  it("GIVEN expired events THEN only those Meta would still accept (7 days, 62 for point of sale, less the margin)", () => {
    const expired = (age: number, payload = web) =>
      replayVerdict({ status: "expired", consentAction: "send", eventTime: nowS - age, payload }, NOW).kind;
    expect(expired(6 * DAY)).toBe("replay");
    expect(expired(7 * DAY - 1800)).toBe("refuse");
    expect(expired(30 * DAY, pos)).toBe("replay");
    expect(expired(63 * DAY, pos)).toBe("refuse");
    expect(expired(6 * DAY, "not json")).toBe("replay");
  });
});

describe("replayEvents and countReplayable on the database", () => {
  it("GIVEN a shop's failed, expired, blocked and paused events, and another shop's THEN bulk replay takes only failed and sendable expired ones of that shop, never a consent block", async () => {
    const shops = ["replay-a.myshopify.com", "replay-b.myshopify.com"];
    const destinations: Record<string, string> = {};
    for (const domain of shops) {
      await prisma.shop.create({ data: { domain, shopKey: `k-${domain}` } });
      destinations[domain] = (
        await prisma.destination.create({ data: { shopDomain: domain, pixelId: "123123123", accessTokenEnc: "v1:a:b:c" } })
      ).id;
    }
    const row = (domain: string, eventId: string, status: string, extra: Record<string, unknown> = {}) => ({
      shopDomain: domain,
      destinationId: destinations[domain],
      eventName: "Purchase",
      eventId,
      status,
      payload: web,
      eventTime: nowS - 60,
      sourceTopic: "orders/create",
      consentAction: "send",
      consentReason: "signal_allows_marketing",
      ...extra,
    });
    const [a, b] = shops;
    await prisma.outboxEvent.createMany({
      data: [
        row(a, "f1", "failed"),
        row(a, "f2", "failed"),
        row(a, "b1", "blocked", { consentAction: "block", consentReason: "signal_denies_marketing" }),
        row(a, "e-young", "expired", { eventTime: nowS - 3 * DAY }),
        row(a, "e-old", "expired", { eventTime: nowS - 8 * DAY }),
        row(a, "p1", "paused"),
        row(b, "f1", "failed"),
      ],
    });

    expect(await countReplayable({ shopDomain: a, now: NOW })).toEqual({
      failed: 2,
      expiredSendable: 1,
      expiredTooOld: 1,
      paused: 1,
      blocked: 1,
    });
    expect(await countReplayable({ shopDomain: b, now: NOW })).toEqual({
      failed: 1,
      expiredSendable: 0,
      expiredTooOld: 0,
      paused: 0,
      blocked: 0,
    });

    // A failed row with a block decision cannot arise (decideRow blocks at once; a blocked
    // row is never claimed), so the counts above leave it out. Should one exist, the replay
    // itself still refuses it.
    await prisma.outboxEvent.create({ data: row(a, "fb", "failed", { consentAction: "block", consentReason: "signal_denies_marketing" }) });

    expect(await replayEvents({ shopDomain: a, status: ["failed", "expired"], now: NOW })).toBe(3);
    const statusOf = async (domain: string, eventId: string) =>
      (await prisma.outboxEvent.findFirstOrThrow({ where: { shopDomain: domain, eventId } })).status;
    expect(await statusOf(a, "f1")).toBe("pending");
    expect(await statusOf(a, "e-young")).toBe("pending");
    expect(await statusOf(a, "e-old")).toBe("expired");
    expect(await statusOf(a, "fb")).toBe("failed");
    expect(await statusOf(a, "b1")).toBe("blocked");
    expect(await statusOf(a, "p1")).toBe("paused");
    expect(await statusOf(b, "f1")).toBe("failed");

    // Naming blocked (a caller bypassing the types) still queues nothing.
    expect(await replayEvents({ shopDomain: a, status: ["blocked" as never], now: NOW })).toBe(0);
    expect(
      await replayEvents({
        shopDomain: a,
        ids: [(await prisma.outboxEvent.findFirstOrThrow({ where: { eventId: "b1" } })).id],
        status: ["failed", "expired", "blocked" as never],
        now: NOW,
      }),
    ).toBe(0);
    expect(await statusOf(a, "b1")).toBe("blocked");
  });
});

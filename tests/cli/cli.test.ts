import { beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { tandem } from "./run-cli";

const shop = "cli-shop.myshopify.com";
const TOKEN = "EAABsecretTokenValue0123456789abcdef";

beforeEach(async () => {
  for (const table of ["outboxEvent", "destination", "shop"] as const) {
    await (prisma[table] as { deleteMany: () => Promise<unknown> }).deleteMany();
  }
});

describe("tandem CLI", () => {
  it("GIVEN shop configure THEN the destination is stored with the token sealed, and no output shows the token", async () => {
    const result = await tandem(
      "shop",
      "configure",
      "--shop",
      shop,
      "--pixel-id",
      "123456789012345",
      "--access-token",
      TOKEN,
      "--test-event-code",
      "TEST4242",
      "--consent-mode",
      "strict",
    );
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/Created destination for cli-shop.myshopify.com/);
    const destination = await prisma.destination.findFirstOrThrow({ where: { shopDomain: shop } });
    expect(destination.accessTokenEnc).not.toContain(TOKEN);
    expect(JSON.parse((await prisma.shop.findUniqueOrThrow({ where: { domain: shop } })).settings).consent.mode).toBe("strict");

    const show = await tandem("shop", "show", "--shop", shop);
    expect(show.code).toBe(0);
    expect(show.out).toContain("pixel 123456789012345: sending; access token set (hidden); test event code TEST4242");
    expect(show.out).toContain("consent: strict");
    expect(result.out + result.err + show.out + show.err).not.toContain(TOKEN);
  });

  it.each([
    [
      ["shop", "configure", "--shop", shop, "--pixel-id", "abc", "--access-token", TOKEN],
      /--pixel-id: A Meta pixel \(dataset\) ID is a number of 15 or 16 digits/,
    ],
    [
      ["shop", "configure", "--shop", "not a shop", "--pixel-id", "123456", "--access-token", TOKEN],
      /--shop must be a myshopify.com domain/,
    ],
    [["shop", "configure", "--shop", shop, "--pixel-id", "123456"], /--access-token is required/],
    [
      ["shop", "configure", "--shop", shop, "--pixel-id", "123456", "--access-token", TOKEN, "--consent-mode", "lax"],
      /--consent-mode must be strict, regional or off/,
    ],
    [
      ["shop", "configure", "--shop", shop, "--pixel-id", "123456", "--access-token", "short"],
      /--access-token: That access token is too short/,
    ],
    [["events", "list", "--shop", shop, "--status", "sent"], /--status must be one of/],
    [["events", "replay", "--shop", shop], /exactly one of --id or --status/],
    [["events", "replay", "--shop", shop, "--status", "delivered"], /only failed and expired/],
    [["events", "replay", "--shop", shop, "--status", "blocked"], /Held back by consent: the shopper's choice stands/],
    [["events", "replay", "--shop", shop, "--status", "paused"], /fix it with tandem shop configure/],
    [["events", "list", "--shop", shop, "--colour", "red"], /Unknown option '--colour'/],
    [["launch", "rockets"], /unknown command "launch rockets"/],
    [[], /no command given/],
  ])("GIVEN tandem %j THEN exit 2 with a clear message", async (argv, message) => {
    const result = await tandem(...(argv as string[]));
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
    expect(result.err).not.toContain(TOKEN);
    expect(await prisma.destination.count()).toBe(0);
  });

  describe("with events", () => {
    beforeEach(async () => {
      await tandem("shop", "configure", "--shop", shop, "--pixel-id", "123456789012345", "--access-token", TOKEN);
      const destination = await prisma.destination.findFirstOrThrow();
      const row = (eventId: string, status: string, eventName = "Purchase") => ({
        shopDomain: shop,
        destinationId: destination.id,
        eventName,
        eventId,
        status,
        payload: "{}",
        eventTime: 1,
        sourceTopic: "orders/create",
        consentAction: "send",
        consentReason: "signal_allows_marketing",
        lastError: status === "failed" ? "Meta: invalid parameter" : null,
      });
      await prisma.outboxEvent.createMany({
        data: [
          row("purchase_1", "delivered"),
          row("purchase_2", "failed"),
          row("purchase_3", "failed"),
          row("ic_abc", "pending", "InitiateCheckout"),
        ],
      });
      const declined = { ...row("purchase_4", "blocked"), consentAction: "block", consentReason: "signal_denies_marketing" };
      await prisma.outboxEvent.createMany({
        // A declined shopper's event, and one that failed on a send before consent was re-decided to block.
        data: [declined, { ...declined, eventId: "purchase_5", status: "failed" }],
      });
    });

    it("GIVEN events list with filters THEN only matching rows, as text or JSON", async () => {
      const failed = await tandem("events", "list", "--shop", shop, "--status", "failed");
      expect(failed.out.split("\n")).toHaveLength(3);
      expect(failed.out).toContain("reason: Meta: invalid parameter");
      const json = await tandem("events", "list", "--shop", shop, "--name", "InitiateCheckout", "--json");
      expect(JSON.parse(json.out)).toEqual([expect.objectContaining({ eventId: "ic_abc", status: "pending", pixelId: "123456789012345" })]);
      expect((await tandem("events", "list", "--shop", "other.myshopify.com")).out).toBe("No events match.");
    });

    it("GIVEN events replay --status failed THEN those become pending, delivered ones untouched", async () => {
      const result = await tandem("events", "replay", "--shop", shop, "--status", "failed");
      expect(result).toMatchObject({ code: 0, out: "Queued 2 event(s) for cli-shop.myshopify.com to be sent again." });
      expect(await prisma.outboxEvent.count({ where: { status: "pending" } })).toBe(3);
      expect(await prisma.outboxEvent.count({ where: { status: "delivered" } })).toBe(1);
      expect(await prisma.outboxEvent.count({ where: { consentAction: "block", status: { in: ["blocked", "failed"] } } })).toBe(2);
    });

    it("GIVEN events replay --id of another shop's event THEN refused and nothing changes", async () => {
      const failed = await prisma.outboxEvent.findFirstOrThrow({ where: { status: "failed", consentAction: "send" } });
      const result = await tandem("events", "replay", "--shop", "other.myshopify.com", "--id", failed.id);
      expect(result.code).toBe(2);
      expect(result.err).toContain(`no event ${failed.id} for other.myshopify.com`);
      expect((await prisma.outboxEvent.findUniqueOrThrow({ where: { id: failed.id } })).status).toBe("failed");
    });

    it.each(["purchase_4", "purchase_5"])(
      "GIVEN events replay --id of a consent-blocked event (%s) THEN refused with the reason, never queued",
      async (eventId) => {
        const declined = await prisma.outboxEvent.findFirstOrThrow({ where: { eventId } });
        const result = await tandem("events", "replay", "--shop", shop, "--id", declined.id);
        expect(result.code).toBe(2);
        expect(result.err).toMatch(/not queued: Held back by consent/);
        expect((await prisma.outboxEvent.findUniqueOrThrow({ where: { id: declined.id } })).status).toBe(declined.status);
      },
    );

    it("GIVEN events replay --id of a failed event THEN queued", async () => {
      const failed = await prisma.outboxEvent.findFirstOrThrow({ where: { eventId: "purchase_2" } });
      expect(await tandem("events", "replay", "--shop", shop, "--id", failed.id)).toMatchObject({
        code: 0,
        out: `Queued 1 event(s) for ${shop} to be sent again.`,
      });
      expect((await prisma.outboxEvent.findUniqueOrThrow({ where: { id: failed.id } })).status).toBe("pending");
    });

    it("GIVEN status THEN the backlog by status and the worker heartbeat state, also as JSON", async () => {
      const text = await tandem("status");
      expect(text.out).toContain("Events by status: blocked 1, delivered 1, failed 3, pending 1");
      expect(text.out).toMatch(/No worker has run yet|last heartbeat/);
      const json = JSON.parse((await tandem("status", "--json")).out);
      expect(json.byStatus).toEqual({ blocked: 1, delivered: 1, failed: 3, pending: 1 });
    });
  });
});

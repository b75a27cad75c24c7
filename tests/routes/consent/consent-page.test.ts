import { beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { loader } from "~/routes/app.consent";
import { callRoute } from "../../support/routes";
import { adminRequest } from "../../support/shopify-requests";
import { storeOfflineSession } from "../../support/offline-session";

const shop = "consent-page.myshopify.com";
const other = "consent-other.myshopify.com";
const DAY = 86_400_000;
// "Today" is the shop's day (UTC here): half the time since midnight is always today.
const TODAY = (Date.now() % DAY) / 2;

beforeAll(async () => {
  await storeOfflineSession(shop, "shpat_c");
  for (const domain of [shop, other]) {
    await prisma.shop.create({
      data: { domain, shopKey: `k-${domain}`, settings: JSON.stringify({ consent: { mode: "strict", graceMinutes: 5 } }) },
    });
    // Two pixels: every decision is made (and stored) once per pixel, and counted once.
    for (const pixelId of ["555", "556"]) {
      const destination = await prisma.destination.create({ data: { shopDomain: domain, pixelId, accessTokenEnc: "v1:a:b:c" } });
      const row = (
        eventId: string,
        consentAction: string,
        consentReason: string,
        ageMs: number,
        isTest = false,
        checkoutToken: string | null = null,
      ) => ({
        shopDomain: domain,
        destinationId: destination.id,
        eventName: eventId.startsWith("ic") ? "InitiateCheckout" : "Purchase",
        eventId,
        status: consentAction === "block" ? "blocked" : "delivered",
        payload: "{}",
        eventTime: 1,
        sourceTopic: "orders/create",
        consentAction,
        consentReason,
        isTest,
        checkoutToken,
        createdAt: new Date(Date.now() - ageMs),
      });
      await prisma.outboxEvent.createMany({
        data: [
          row("p1", "block", "signal_denies_marketing", TODAY, false, "tok1"),
          // The same shopper's checkout: one shopper declined, not two.
          row("ic_tok1", "block", "signal_denies_marketing", TODAY, false, "tok1"),
          row("p2", "block", "signal_denies_marketing", 3 * DAY),
          row("p3", "block", "signal_denies_marketing", 20 * DAY),
          row("p4", "send", "signal_allows_marketing", TODAY),
          row("p5", "send", "signal_allows_marketing", 40 * DAY),
          row("p6", "send", "signal_allows_marketing", TODAY, true),
        ],
      });
    }
  }
});

describe("consent page", () => {
  it("GIVEN decisions of two shops over 40 days, each for two pixels THEN this shop's live shoppers per reason for today, 7 and 30 days, each counted once, and its mode", async () => {
    const body = await (await callRoute(loader, await adminRequest(shop, "/app/consent"))).json();
    expect(body.consent).toMatchObject({ mode: "strict", graceMinutes: 5 });
    expect(body.counts).toEqual([
      { reason: "signal_denies_marketing", action: "block", today: 1, week: 2, month: 3 },
      { reason: "signal_allows_marketing", action: "send", today: 1, week: 1, month: 1 },
    ]);
  });
});

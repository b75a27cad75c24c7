import { beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { loader as ordersLoader } from "~/routes/app.orders/route";
import { action as checkoutsCreate } from "~/routes/webhooks.checkouts.create";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { callRoute } from "../../support/routes";
import { adminRequest, signedWebhook } from "../../support/shopify-requests";
import { makeCheckout, makeOrder } from "../../../scripts/lib/store-simulator";
import { storeOfflineSession } from "../../support/offline-session";
import { useAdminApiStandIn } from "../../support/admin-api-stand-in";

// Reconciliation that leads somewhere: "not accepted" lists the daily difference's orders,
// each row opens its events in Tandem, and a checkout whose browser never reported says so.

const shop = "recon-outcome.myshopify.com";
const ALLOW = () => `m1a1s1.${Math.floor(Date.now() / 1000)}`;
useAdminApiStandIn({ ianaTimezone: "UTC", contactEmail: "owner@recon.example" });

async function orders(query = "") {
  const response = await callRoute(ordersLoader, await adminRequest(shop, `/app/orders${query}`));
  expect(response.status).toBe(200);
  return response.json();
}

beforeAll(async () => {
  await storeOfflineSession(shop, "shpat_x");
  await prisma.shop.create({ data: { domain: shop, shopKey: "k-recon-outcome" } });
  await prisma.destination.create({ data: { shopDomain: shop, pixelId: "5550002", accessTokenEnc: "v1:a:b:c" } });
  for (const [id, number] of [
    [9200002001, 2001],
    [9200002002, 2002],
    [9200002003, 2003],
  ]) {
    const response = await callRoute(
      ordersPaid,
      signedWebhook({
        topic: "orders/paid",
        shop,
        body: { ...makeOrder({ id, consent: ALLOW() }), name: `#${number}`, order_number: number },
      }),
    );
    expect(response.status).toBe(200);
  }
  expect(
    (
      await callRoute(
        checkoutsCreate,
        signedWebhook({ topic: "checkouts/create", shop, body: makeCheckout({ token: "chk9bb22", consent: ALLOW() }) }),
      )
    ).status,
  ).toBe(200);
  // Meta accepted #2001; #2002 and #2003 are not accepted (yet). The checkout's browser never reported.
  await prisma.outboxEvent.updateMany({
    where: { shopDomain: shop, eventId: "purchase_9200002001" },
    data: { status: "delivered", deliveredAt: new Date() },
  });
  await prisma.outboxEvent.updateMany({
    where: { shopDomain: shop, eventName: "InitiateCheckout" },
    data: { status: "skipped", consentReason: "no_browser_receipt", lastError: null },
  });
});

describe("the Orders page leads somewhere", () => {
  it("GIVEN 3 live orders, 1 accepted THEN today's difference is 2 and 'not accepted' lists exactly those 2", async () => {
    const all = await orders();
    const today = all.gaps[all.gaps.length - 1];
    expect(today).toMatchObject({ received: 3, accepted: 1, gap: 2 });
    const notAccepted = await orders(`?from=${today.day}&to=${today.day}&outcome=not_accepted`);
    expect(notAccepted.query.outcome).toBe("not_accepted");
    expect(notAccepted.lines.map((line: { title: string }) => line.title).sort()).toEqual(["#2002", "#2003"]);
    expect(notAccepted.total).toBe(today.gap);
  });

  it("GIVEN any row with an event THEN it carries the event id that opens its events in Tandem", async () => {
    const { lines } = await orders();
    expect(lines.find((line: { title: string }) => line.title === "#2001").eventId).toBe("purchase_9200002001");
  });

  it("GIVEN a checkout whose browser never reported THEN its row gives that reason, not a bare 'Not sent'", async () => {
    const { lines } = await orders("?kind=checkout");
    expect(lines).toHaveLength(1);
    expect(lines[0].outcome.label).toBe("Not sent");
    expect(lines[0].outcome.detail).toMatch(/browser never reported this event/);
  });

  it("GIVEN a malformed outcome THEN it is ignored, not an error", async () => {
    expect((await orders("?outcome=bogus")).lines).toHaveLength(4);
  });
});

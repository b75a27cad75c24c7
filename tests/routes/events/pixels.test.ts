import { beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { loader as listLoader } from "~/routes/app.events._index";
import { callRoute } from "../../support/routes";
import { adminRequest } from "../../support/shopify-requests";
import { storeOfflineSession } from "../../support/offline-session";

// With two pixels an order has an event row per pixel: the log says which pixel each row
// is for (the list showed every order twice, with nothing to tell the rows apart).

const single = "log-one-pixel.myshopify.com";
const double = "log-two-pixels.myshopify.com";

beforeAll(async () => {
  for (const [domain, pixelIds] of [
    [single, ["880001"]],
    [double, ["880001", "880002"]],
  ] as const) {
    await storeOfflineSession(domain, "shpat_x");
    await prisma.shop.create({ data: { domain, shopKey: `k-${domain}` } });
    for (const pixelId of pixelIds) {
      const destination = await prisma.destination.create({ data: { shopDomain: domain, pixelId, accessTokenEnc: "v1:a:b:c" } });
      await prisma.outboxEvent.create({
        data: {
          shopDomain: domain,
          destinationId: destination.id,
          eventName: "Purchase",
          eventId: "purchase_501",
          orderId: "501",
          status: "delivered",
          payload: "{}",
          eventTime: 1,
          sourceTopic: "orders/paid",
          consentAction: "send",
          consentReason: "signal_allows_marketing",
        },
      });
    }
  }
});

async function log(domain: string) {
  const response = await callRoute(listLoader, await adminRequest(domain, "/app/events"));
  expect(response.status).toBe(200);
  return response.json();
}

describe("the event log with several pixels", () => {
  it("GIVEN two pixels THEN the page knows there are two and every row names its pixel", async () => {
    const body = await log(double);
    expect(body.pixels).toBe(2);
    expect(body.events.map((e: { destination: { pixelId: string } }) => e.destination.pixelId).sort()).toEqual(["880001", "880002"]);
  });

  it("GIVEN one pixel THEN no pixel column is asked for", async () => {
    expect((await log(single)).pixels).toBe(1);
  });
});

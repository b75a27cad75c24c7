import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { createDeliveryWorker } from "~/delivery/worker.server";
import { createGraphClient } from "~/meta/graph-client.server";
import { configureDestination } from "~/models/destinations.server";
import { getShopOverview } from "~/models/overview.server";
import { getSecretBox } from "~/secrets/token-encryption.server";
import { action, loader } from "~/routes/app.settings/route";
import { startMetaEmulator, type MetaEmulator } from "../../../scripts/lib/meta-emulator";
import { callRoute } from "../../support/routes";
import { adminRequest } from "../../support/shopify-requests";
import { storeOfflineSession } from "../../support/offline-session";
import { useAdminApiStandIn } from "../../support/admin-api-stand-in";

// "Send test event" through the real pipeline: the settings action queues an outbox row,
// a real delivery worker sends it to the Meta emulator, and the answer route words it.

const shop = "test-event.myshopify.com";
const other = "other-shop.myshopify.com";
const TOKEN = "EAAB" + "t".repeat(40);
const PIXEL = "1234567890123456";
let meta: MetaEmulator;
useAdminApiStandIn();

beforeAll(async () => {
  meta = await startMetaEmulator();
  for (const domain of [shop, other]) {
    await storeOfflineSession(domain, "shpat_test_event");
  }
});
afterAll(async () => {
  await meta.close();
});
beforeEach(async () => {
  await prisma.deliveryAttempt.deleteMany();
  await prisma.outboxEvent.deleteMany();
  await prisma.destination.deleteMany();
  meta.reset();
  meta.restoreToken(TOKEN);
});

function worker() {
  return createDeliveryWorker({
    graphClient: createGraphClient({ baseUrl: meta.url, version: "v26.0" }),
    openToken: (sealed) => getSecretBox().open(sealed),
  });
}

async function sendTest(fields: Record<string, string>, domain = shop, intent = "test") {
  const form = new FormData();
  form.append("intent", intent);
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const response = await callRoute(
    action,
    await adminRequest(domain, "/app/settings", {
      method: "POST",
      body: form,
      headers: { "User-Agent": "Mozilla/5.0 (Merchant) Chrome/131" },
    }),
  );
  return { status: response.status, body: await response.json() };
}

async function answer(id: string, domain = shop) {
  const { status, body } = await sendTest({ testEventId: id }, domain, "answer");
  return { status, body: body.ok ? body.answer : body };
}

async function destinationId(testEventCode: string | null = null) {
  expect(await configureDestination(shop, { pixelId: PIXEL, accessToken: TOKEN, testEventCode })).toMatchObject({ ok: true });
  return (await prisma.destination.findFirstOrThrow({ where: { shopDomain: shop } })).id;
}

describe("send test event", () => {
  it("GIVEN a pixel without a test event code WHEN the merchant sends a test event THEN it asks for the code, and with one it goes through the worker to Meta with that code, marked test", async () => {
    const id = await destinationId();
    const refused = await sendTest({ destinationId: id });
    expect(refused.status).toBe(400);
    expect(refused.body.errors["test.testEventCode"]).toMatch(/TEST12345/);
    expect(await prisma.outboxEvent.count()).toBe(0);
    expect((await sendTest({ destinationId: id, testEventCode: "12345" })).body.errors["test.testEventCode"]).toMatch(
      /looks like TEST12345/,
    );

    const sent = await sendTest({ destinationId: id, testEventCode: "TEST4242" });
    expect(sent).toMatchObject({ status: 200, body: { ok: true, intent: "test" } });
    expect((await prisma.destination.findUniqueOrThrow({ where: { id } })).testEventCode).toBe("TEST4242");
    const row = await prisma.outboxEvent.findUniqueOrThrow({ where: { id: sent.body.testEventId } });
    expect(row).toMatchObject({ isTest: true, status: "pending", orderId: null, sourceTopic: "admin/test_event" });
    expect((await answer(row.id)).body).toMatchObject({ state: "sending", pixelId: PIXEL });

    const result = await worker().runOnce();
    expect(result.delivered).toBe(1);
    const [accepted] = meta.accepted();
    expect(accepted).toMatchObject({
      pixelId: PIXEL,
      testEventCode: "TEST4242",
      event: { event_name: "Purchase", event_id: row.eventId, user_data: { client_user_agent: "Mozilla/5.0 (Merchant) Chrome/131" } },
    });
    expect(meta.accepted()).toHaveLength(1);
    const final = await answer(row.id);
    expect(final.body).toMatchObject({ state: "accepted", eventsReceived: 1, fbtraceId: accepted.fbtraceId });

    // The set-up checklist's Meta step is proved by it; live figures do not count it.
    const overview = await getShopOverview(shop);
    expect(overview.setup.find((step) => step.key === "meta")?.done).toBe(true);
    expect(overview.lastDeliveredAt).toBeNull();
    expect(overview.periods[0]).toMatchObject({ testEvents: 1 });
    const page = await (await callRoute(loader, await adminRequest(shop, "/app/settings"))).json();
    expect(page.destinations[0].lastTestEventId).toBe(row.id);
  });

  it("GIVEN Meta refuses the token WHEN a test event is sent THEN the answer says the token was refused, the pixel is paused, and what to do", async () => {
    const id = await destinationId("TEST777");
    meta.revokeToken(TOKEN);
    const sent = await sendTest({ destinationId: id });
    expect(sent.status).toBe(200);
    await worker().runOnce();
    const { body } = await answer(sent.body.testEventId);
    expect(body).toMatchObject({ state: "refused", tokenProblem: true, code: 190 });
    // In words: what happened to the token, never Meta's sentence.
    expect(body.message).toBe(
      "This access token no longer works: the Facebook account that made it changed its password or was logged out.",
    );
    expect(body.advice).toMatch(/Generate access token/);
    expect((await prisma.destination.findUniqueOrThrow({ where: { id } })).pausedAt).not.toBeNull();
    expect(meta.accepted()).toHaveLength(0);
    // A second press while paused is refused up front, with the fix.
    const again = await sendTest({ destinationId: id });
    expect(again.status).toBe(400);
    expect(again.body.errors["test.form"]).toMatch(/Paste a new token/);
  });

  it("GIVEN another shop WHEN it names this shop's pixel or test event THEN nothing is sent and nothing is shown", async () => {
    const id = await destinationId("TEST777");
    const mine = await sendTest({ destinationId: id });
    expect((await sendTest({ destinationId: id }, other)).body.errors["test.form"]).toMatch(/not connected/);
    expect(await prisma.outboxEvent.count()).toBe(1);
    expect((await answer(mine.body.testEventId, other)).status).toBe(400);
    expect((await answer(mine.body.testEventId)).status).toBe(200);
  });
});

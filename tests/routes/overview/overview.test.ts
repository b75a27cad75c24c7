import { describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { loader as overviewLoader } from "~/routes/app._index/route";
import { purchase, seedDestination, seedEvents, testClock, useMetaEmulatorWithFreshDb, workerFor } from "../../delivery/fixtures";
import { callRoute } from "../../support/routes";
import { adminRequest } from "../../support/shopify-requests";
import { storeOfflineSession } from "../../support/offline-session";
import { useAdminApiStandIn } from "../../support/admin-api-stand-in";

// "Is my tracking healthy?": the overview's status comes from live conditions. The worker
// talks real HTTP to the Meta emulator; the outage is the emulator failing requests.

const emulator = useMetaEmulatorWithFreshDb();
useAdminApiStandIn();

async function overview(shop: string) {
  await storeOfflineSession(shop, "shpat_x");
  const response = await callRoute(overviewLoader, await adminRequest(shop, "/app"));
  expect(response.status).toBe(200);
  return response.json();
}

describe("the overview's status", () => {
  it("GIVEN a fresh install THEN 'not set up', every set-up step to do", async () => {
    const shop = "fresh-overview.myshopify.com";
    await prisma.shop.create({ data: { domain: shop, shopKey: "fresh-overview" } });
    const body = await overview(shop);
    expect(body.status).toBe("not_set_up");
    expect(body.setup.map((s: { key: string; done: boolean }) => [s.key, s.done])).toEqual([
      ["meta", false],
      ["embed", false],
      ["pixel", false],
      ["server_copies", false],
      ["purchase", false],
    ]);
    expect(body.periods.map((p: { received: number }) => p.received)).toEqual([0, 0, 0]);
  });

  it("GIVEN the merchant chose for both storefront events (either way) THEN the server-copies step is done", async () => {
    const shop = "chosen-overview.myshopify.com";
    const settings = (serverCopies: object) => JSON.stringify({ serverCopies });
    await prisma.shop.create({ data: { domain: shop, shopKey: "chosen-overview", settings: settings({ addToCart: "on" }) } });
    const step = async () => (await overview(shop)).setup.find((s: { key: string }) => s.key === "server_copies").done;
    expect(await step()).toBe(false);
    await prisma.shop.update({ where: { domain: shop }, data: { settings: settings({ addToCart: "on", viewContent: "off" }) } });
    expect(await step()).toBe(true);
  });

  it("GIVEN a Meta outage THEN 'needs attention' with the failures; WHEN Meta recovers and the events go out THEN healthy again", async () => {
    const d = await seedDestination();
    await seedEvents(d, {
      count: 4,
      event: (id) => ({ ...purchase(id), user_data: { ...(purchase(id).user_data as object) } }),
      extra: { browserSeenAt: new Date() },
    });
    const clock = testClock();
    // A bound on each request, not an expected time: the emulator answers at once, but a loaded
    // machine has taken longer than half a second.
    const worker = workerFor(emulator, { now: clock.now, timeoutMs: 10_000 });

    emulator.fail({ mode: "http_500", count: 1, pixelId: d.pixelId });
    expect(await worker.runOnce()).toMatchObject({ retried: 4, delivered: 0 });
    const during = await overview(d.shopDomain);
    expect(during.status).toBe("needs_attention");
    expect(during.conditions).toEqual([
      expect.objectContaining({
        key: "delivery_failures",
        fix: { label: "See retrying and failed events", url: "/app/events?status=retry,failed" },
      }),
    ]);

    clock.advance(10 * 60_000);
    expect(await worker.runOnce()).toMatchObject({ delivered: 4 });
    const after = await overview(d.shopDomain);
    expect(after.status).toBe("healthy");
    expect(after.conditions).toEqual([]);
    expect(after.periods[0]).toMatchObject({ accepted: 4 });
    expect(after.periods[1].dedup).toEqual([
      { eventName: "Purchase", sent: 4, browserSeen: 4, unreported: 0 },
      { eventName: "InitiateCheckout", sent: 0, browserSeen: 0, unreported: 0 },
    ]);
    const purchases = after.coverage.find((c: { eventName: string }) => c.eventName === "Purchase");
    expect(purchases.keys.find((k: { label: string }) => k.label === "Email").share).toBe(1);
    expect(purchases.keys.find((k: { label: string }) => k.label === "Meta click id (fbc)").share).toBe(0);
  });

  it("GIVEN a token Meta refused THEN 'needs attention' with the fix as a link to settings", async () => {
    const d = await seedDestination();
    await prisma.destination.update({
      where: { id: d.destinationId },
      data: { pausedAt: new Date(), pausedReason: "Meta error 190: the access token has expired." },
    });
    const body = await overview(d.shopDomain);
    expect(body.status).toBe("needs_attention");
    expect(body.conditions[0]).toMatchObject({ key: "destination_paused", fix: { label: "Fix the token", url: "/app/settings" } });
  });

  it("GIVEN a pixel the merchant paused THEN not healthy: the overview names the pixel and links to resuming it; with every pixel paused it is still set up", async () => {
    const d = await seedDestination();
    await seedEvents(d, { count: 2, status: "delivered" });
    expect((await overview(d.shopDomain)).status).toBe("healthy");
    await prisma.destination.update({ where: { id: d.destinationId }, data: { enabled: false } });
    const body = await overview(d.shopDomain);
    expect(body.status).toBe("needs_attention");
    expect(body.conditions[0]).toMatchObject({ key: "pixel_off", fix: { label: "Resume the pixel", url: "/app/settings" } });
    expect(body.conditions[0].detail).toContain(`Pixel ${d.pixelId} is paused`);
  });

  it("GIVEN two shops THEN each overview counts only its own events", async () => {
    const a = await seedDestination();
    const b = await seedDestination();
    await seedEvents(a, { count: 3, status: "delivered" });
    const other = await overview(b.shopDomain);
    expect(other.periods[2].accepted).toBe(0);
    expect((await overview(a.shopDomain)).periods[2].accepted).toBe(3);
  });

  it("GIVEN a shop with sent orders THEN the loader answers with the status before the cards below it are read, and those follow with their figures", async () => {
    const d = await seedDestination();
    await seedEvents(d, { count: 2, status: "delivered" });
    await storeOfflineSession(d.shopDomain, "shpat_x");
    const answer = await overviewLoader({ request: await adminRequest(d.shopDomain, "/app"), params: {}, context: {} });
    // Remix's deferred answer: what the shell needs is there, the cards' reads are still to come.
    const deferred = answer as unknown as {
      data: Record<string, unknown>;
      done: boolean;
      resolveData: (s: AbortSignal) => Promise<boolean>;
      unwrappedData: { details: { orderTrend: unknown[]; accuracy: unknown[]; accuracyPeriod: string } };
    };
    expect(deferred.data).toMatchObject({ status: "healthy", periods: expect.any(Array) });
    expect(deferred.done).toBe(false);
    await deferred.resolveData(new AbortController().signal);
    const { details } = deferred.unwrappedData;
    expect(details.orderTrend).toHaveLength(14);
    expect(details.accuracy).toEqual([expect.objectContaining({ pixelId: d.pixelId })]);
    expect(details.accuracyPeriod).toMatch(/^The last 7 days, /);
  });
});

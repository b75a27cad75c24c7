import { describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { action as uninstalled } from "~/routes/webhooks.app.uninstalled";
import { MAX_WEBHOOK_BYTES } from "~/webhooks/require-webhook.server";
import { callRoute } from "../support/routes";
import { signedWebhook } from "../support/shopify-requests";

const shop = "auth-test.myshopify.com";

async function seedSession() {
  await prisma.session.deleteMany({ where: { shop } });
  await prisma.session.create({ data: { id: `offline_${shop}`, shop, state: "", accessToken: "sealed-elsewhere", isOnline: false } });
}

describe("webhook authentication through authenticate.webhook", () => {
  it("GIVEN a correctly signed webhook WHEN it arrives THEN it is answered 200 and handled", async () => {
    await seedSession();
    const response = await callRoute(uninstalled, signedWebhook({ topic: "app/uninstalled", shop, body: { id: 1 } }));
    expect(response.status).toBe(200);
    expect(await prisma.session.count({ where: { shop } })).toBe(0);
  });

  it("GIVEN a webhook signed with another secret WHEN it arrives THEN 401 and nothing changes", async () => {
    await seedSession();
    const response = await callRoute(uninstalled, signedWebhook({ topic: "app/uninstalled", shop, body: { id: 1 }, secret: "forged" }));
    expect(response.status).toBe(401);
    expect(await prisma.session.count({ where: { shop } })).toBe(1);
  });

  it("GIVEN a GET request WHEN it reaches a webhook route THEN 405", async () => {
    const response = await callRoute(uninstalled, new Request("https://tandem.test/webhooks/app/uninstalled"));
    expect(response.status).toBe(405);
  });

  it.each(["X-Shopify-Hmac-Sha256", "X-Shopify-Topic", "X-Shopify-Shop-Domain", "X-Shopify-API-Version", "X-Shopify-Webhook-Id"])(
    "GIVEN a webhook without %s WHEN it arrives THEN 400 and nothing changes",
    async (header) => {
      await seedSession();
      const response = await callRoute(
        uninstalled,
        signedWebhook({ topic: "app/uninstalled", shop, body: { id: 1 }, headers: { [header]: null } }),
      );
      expect(response.status).toBe(400);
      expect(await prisma.session.count({ where: { shop } })).toBe(1);
    },
  );

  it("GIVEN malformed JSON with a valid HMAC WHEN it arrives THEN 400, no crash, nothing stored or deleted", async () => {
    await seedSession();
    const response = await callRoute(uninstalled, signedWebhook({ topic: "app/uninstalled", shop, body: '{"id": 1,' }));
    expect(response.status).toBe(400);
    expect(await prisma.session.count({ where: { shop } })).toBe(1);
  });

  it("GIVEN a body over the size limit WHEN it arrives THEN 413 before any work", async () => {
    await seedSession();
    const huge = JSON.stringify({ padding: "x".repeat(MAX_WEBHOOK_BYTES) });
    const response = await callRoute(uninstalled, signedWebhook({ topic: "app/uninstalled", shop, body: huge }));
    expect(response.status).toBe(413);
    expect(await prisma.session.count({ where: { shop } })).toBe(1);
  });
});

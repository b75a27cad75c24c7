import { beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { loader as overviewLoader } from "~/routes/app._index/route";
import { sessionStorage } from "~/shopify.server";
import { callRoute } from "../support/routes";
import { adminRequest } from "../support/shopify-requests";
import { storeOfflineSession } from "../support/offline-session";
import { useAdminApiStandIn } from "../support/admin-api-stand-in";

const shop = "admin-test.myshopify.com";
const ACCESS_TOKEN = "shpat_offline_token_for_tests";

const standIn = useAdminApiStandIn();

beforeAll(async () => {
  await storeOfflineSession(shop, ACCESS_TOKEN);
  await prisma.shop.create({ data: { domain: shop, shopKey: "admin-test-key" } });
  await prisma.destination.create({ data: { shopDomain: shop, pixelId: "987654321", accessTokenEnc: "v1:a:b:c" } });
});

describe("embedded admin authentication", () => {
  it("GIVEN a session token signed with the app secret and a stored offline session THEN the loader answers with the shop's data", async () => {
    const response = await callRoute(overviewLoader, await adminRequest(shop, "/app?embedded=1"));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.shop).toBe(shop);
    expect(body.destinations).toEqual([expect.objectContaining({ pixelId: "987654321" })]);
    expect(JSON.stringify(body)).not.toContain("accessTokenEnc");
    // The landing page set up the storefront pieces (never done before for this shop).
    expect(body.activation).toMatchObject({ state: "active" });
    expect(standIn.calls.length).toBeGreaterThan(0);
  });

  it("GIVEN no session token THEN no data leaks: the answer is a redirect or an error", async () => {
    const response = await callRoute(overviewLoader, new Request("https://tandem.test/app"));
    expect(response.status).not.toBe(200);
    expect(await response.text()).not.toContain("987654321");
  });

  it("GIVEN a session token signed with another secret THEN no data leaks", async () => {
    const { getJwt } = await import("@shopify/shopify-api/test-helpers");
    const { token } = await getJwt(shop, "tandem-test-api-key", "not-the-secret", {
      iss: `https://${shop}/admin`,
      dest: `https://${shop}`,
    });
    const response = await callRoute(
      overviewLoader,
      new Request("https://tandem.test/app", { headers: { Authorization: `Bearer ${token}` } }),
    );
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain("987654321");
  });

  it("GIVEN a stored session THEN the access token is sealed in the database and opens again through the storage", async () => {
    const row = await prisma.session.findUniqueOrThrow({ where: { id: `offline_${shop}` } });
    expect(row.accessToken).not.toContain(ACCESS_TOKEN);
    expect(row.accessToken.startsWith("v1:")).toBe(true);
    expect((await sessionStorage.loadSession(`offline_${shop}`))?.accessToken).toBe(ACCESS_TOKEN);
  });
});

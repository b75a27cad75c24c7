import { beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { loader as layoutLoader } from "~/routes/app";
import { loader as consentLoader } from "~/routes/app.consent";
import { callRoute } from "../../support/routes";
import { adminRequest } from "../../support/shopify-requests";
import { storeOfflineSession } from "../../support/offline-session";
import { useAdminApiStandIn } from "../../support/admin-api-stand-in";

// The first page a merchant opens after install: the shop's timezone is not stored yet. The layout's
// date format (never reloaded while the admin is open) must already be the shop's clock,
// not UTC until a reload, and a page loading beside it reads the same clock.

const shop = "one-clock.myshopify.com";
useAdminApiStandIn({ ianaTimezone: "Asia/Tokyo", contactEmail: "owner@one-clock.example" });

beforeAll(async () => {
  await storeOfflineSession(shop, "shpat_x");
  await prisma.shop.create({ data: { domain: shop, shopKey: "k-one-clock" } });
});

describe("one clock from the first page", () => {
  it("GIVEN a fresh install (no stored timezone) THEN the layout's first load and a page beside it use the shop's timezone", async () => {
    expect((await prisma.shop.findUniqueOrThrow({ where: { domain: shop } })).timezone).toBeNull();
    const [layout, consent] = await Promise.all([
      callRoute(layoutLoader, await adminRequest(shop, "/app?locale=de")),
      callRoute(consentLoader, await adminRequest(shop, "/app/consent?locale=de")),
    ]);
    expect(layout.status).toBe(200);
    expect(consent.status).toBe(200);
    expect((await layout.json()).dateFormat).toEqual({ locale: "de", timeZone: "Asia/Tokyo" });
    expect((await prisma.shop.findUniqueOrThrow({ where: { domain: shop } })).timezone).toBe("Asia/Tokyo");
  });
});

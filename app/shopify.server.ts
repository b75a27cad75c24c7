import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { getConfig } from "./config.server";
import prisma from "./db.server";
import { getSecretBox } from "./secrets/token-encryption.server";
import { createEncryptedSessionStorage } from "./shopify/session-storage.server";
import { activateAfterAuth } from "./shopify/activation.server";
import { requireSaneAdminParams } from "./shopify/admin-params.server";

// The only caller of shopifyApp(): everything Shopify-related is composed here.
const config = getConfig();

/** Pinned: bump deliberately, after reading the release notes for webhooks and web pixels. */
export const apiVersion = ApiVersion.July26;

const shopify = shopifyApp({
  apiKey: config.SHOPIFY_API_KEY,
  apiSecretKey: config.SHOPIFY_API_SECRET,
  apiVersion,
  scopes: config.SCOPES,
  appUrl: config.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: createEncryptedSessionStorage(new PrismaSessionStorage(prisma), getSecretBox()),
  distribution: AppDistribution.AppStore,
  future: { unstable_newEmbeddedAuthStrategy: true },
  hooks: {
    // Switch the theme embed's config and the web pixel on; failures are recorded for the admin, never thrown.
    afterAuth: ({ session, admin }) => activateAfterAuth(session.shop, admin.graphql),
  },
});

export default shopify;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate: typeof shopify.authenticate = {
  ...shopify.authenticate,
  // Every admin loader and action passes here: malformed query parameters are a 400, not a library TypeError.
  admin: (request) => {
    requireSaneAdminParams(request);
    return shopify.authenticate.admin(request);
  },
};
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const sessionStorage = shopify.sessionStorage;

import { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import { isSealed, type SecretBox } from "../secrets/token-encryption.server";

/**
 * Wraps a session storage so Shopify access and refresh tokens are stored sealed
 * (AES-256-GCM), never in clear: a copy of the database alone gives no API access.
 */
export function createEncryptedSessionStorage(inner: SessionStorage, box: SecretBox): SessionStorage {
  const sealToken = (token: string | undefined) => (token && !isSealed(token) ? box.seal(token) : token);
  const openToken = (token: string | undefined) => (token && isSealed(token) ? box.open(token) : token);

  const transform = (session: Session, change: (token: string | undefined) => string | undefined) => {
    const copy = new Session(session.toObject());
    copy.accessToken = change(session.accessToken);
    copy.refreshToken = change(session.refreshToken);
    return copy;
  };

  return {
    storeSession: (session) => inner.storeSession(transform(session, sealToken)),
    loadSession: async (id) => {
      const session = await inner.loadSession(id);
      return session && transform(session, openToken);
    },
    deleteSession: (id) => inner.deleteSession(id),
    deleteSessions: (ids) => inner.deleteSessions(ids),
    findSessionsByShop: async (shop) => (await inner.findSessionsByShop(shop)).map((session) => transform(session, openToken)),
    isReady: () => (inner as { isReady?: () => Promise<boolean> }).isReady?.() ?? Promise.resolve(true),
  } as SessionStorage;
}

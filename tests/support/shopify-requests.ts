import { getJwt } from "@shopify/shopify-api/test-helpers";
import { subscribedBody, webhookHeaders } from "../../scripts/lib/shopify-webhook";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL } from "../setup-env";

/**
 * A webhook request exactly as Shopify sends it to Tandem's subscription, signed with the
 * test secret: an object body is trimmed to the topic's include_fields (subscribedBody).
 */
export function signedWebhook(options: {
  topic: string;
  shop: string;
  body: unknown;
  webhookId?: string;
  secret?: string;
  headers?: Record<string, string | null>;
  path?: string;
}): Request {
  const raw = typeof options.body === "string" ? options.body : JSON.stringify(subscribedBody(options.topic, options.body));
  const headers = webhookHeaders({
    topic: options.topic,
    shop: options.shop,
    rawBody: raw,
    secret: options.secret ?? TEST_API_SECRET,
    webhookId: options.webhookId,
  });
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value === null) delete headers[name];
    else headers[name] = value;
  }
  const path = options.path ?? `/webhooks/${options.topic}`;
  return new Request(`${TEST_APP_URL}${path}`, { method: "POST", headers, body: raw });
}

/** An embedded-admin request carrying an App Bridge session token (HS256, test secret). */
export async function adminRequest(shop: string, path = "/app", init: RequestInit = {}): Promise<Request> {
  const { token } = await getJwt(shop, TEST_API_KEY, TEST_API_SECRET, { iss: `https://${shop}/admin`, dest: `https://${shop}` });
  const headers = new Headers(init.headers);
  headers.set("Authorization", `Bearer ${token}`);
  return new Request(`${TEST_APP_URL}${path}`, { ...init, headers });
}

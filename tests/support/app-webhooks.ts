import { signedWebhook } from "./shopify-requests";

/** Posts a signed Shopify webhook to a running (built) app over HTTP; returns the status. */
export async function postWebhook(appUrl: string, topic: string, shop: string, body: unknown): Promise<number> {
  const request = signedWebhook({ topic, shop, body });
  const url = new URL(request.url);
  const response = await fetch(`${appUrl}${url.pathname}`, { method: "POST", headers: request.headers, body: await request.text() });
  await response.arrayBuffer();
  return response.status;
}

/**
 * The baseline for `npm run bench`: what most Conversions API plugins do. The webhook
 * handler verifies the signature, maps the order with the same domain code, and calls
 * Meta inline, answering Shopify only after Meta answered. No outbox, no batching.
 * Started as its own process by scripts/bench.ts: PORT, SECRET, META_URL, PIXEL in env.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import { DEFAULT_SHOP_SETTINGS, mapOrderToPurchase, orderPayloadSchema } from "../../app/capi";

const { PORT = "0", SECRET = "", META_URL = "", PIXEL = "" } = process.env;
const settings = { ...DEFAULT_SHOP_SETTINGS, consent: { ...DEFAULT_SHOP_SETTINGS.consent, mode: "off" as const } };

const server = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const expected = createHmac("sha256", SECRET).update(raw).digest();
  const given = Buffer.from(String(req.headers["x-shopify-hmac-sha256"] ?? ""), "base64");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    res.writeHead(401).end();
    return;
  }
  const order = orderPayloadSchema.safeParse(JSON.parse(raw.toString("utf8")));
  if (!order.success) {
    res.writeHead(400).end();
    return;
  }
  const mapped = mapOrderToPurchase(order.data, {
    settings,
    shop: { domain: String(req.headers["x-shopify-shop-domain"]) },
    now: new Date(),
  });
  if (mapped.kind === "event") {
    const answer = await fetch(`${META_URL}/v26.0/${PIXEL}/events`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ data: [{ ...mapped.event, data_processing_options: [] }], access_token: "EAAbaseline0000000000000" }),
    }).catch(() => null);
    await answer?.arrayBuffer();
  }
  res.writeHead(200).end();
});
server.listen(Number(PORT), "127.0.0.1", () => {
  console.log(`baseline listening on ${(server.address() as { port: number }).port}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));

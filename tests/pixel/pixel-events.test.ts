import { beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { handlePixelReceipt } from "~/pixel/handle-receipt.server";
import { createPixelRateLimits, TokenBucketLimiter } from "~/pixel/rate-limit.server";
import { action, loader } from "~/routes/pixel.events";
import { callRoute } from "../support/routes";
import { FBP, makeReceipt, RECEIPT_URL, receiptRequest } from "./receipt-support";

const shop = "pixel-shop.myshopify.com";

beforeEach(async () => {
  for (const table of ["outboxEvent", "pixelReceipt", "destination", "shop"] as const) {
    await (prisma[table] as { deleteMany: () => Promise<unknown> }).deleteMany();
  }
  await prisma.shop.create({ data: { domain: shop, shopKey: "pixel-shop-key" } });
});

const post = (body: unknown, init?: Parameters<typeof receiptRequest>[1]) => callRoute(action, receiptRequest(body, init));

describe("POST /pixel/events", () => {
  it("GIVEN a valid receipt WHEN posted THEN 202, CORS for any origin, and the receipt is stored with the request's IP and user agent", async () => {
    const occurredAt = Date.now() - 5_000;
    const response = await post(
      makeReceipt({ occurred_at: occurredAt, consent: { marketing: true, analytics: false, sale_of_data: false } }),
      { ip: "8.8.4.4", userAgent: "UA/1.0" },
    );
    expect(response.status).toBe(202);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(await response.json()).toEqual({ ok: true });
    const stored = await prisma.pixelReceipt.findFirstOrThrow();
    expect(stored).toMatchObject({
      shopDomain: shop,
      eventName: "Purchase",
      eventId: "purchase_1001",
      consent: `m1a0s0.${Math.floor(occurredAt / 1000)}`,
      fbp: FBP,
      fbc: null,
      clientIp: "8.8.4.4",
      userAgent: "UA/1.0",
      pageUrl: "https://pixel-shop.myshopify.com/checkouts/c/abc/thank-you",
    });
    expect(stored.occurredAt.getTime()).toBe(occurredAt);
  });

  it("GIVEN the same receipt twice THEN one row (a thank-you page reload is not a second event)", async () => {
    expect((await post(makeReceipt())).status).toBe(202);
    expect((await post(makeReceipt({ fbp: null }))).status).toBe(202);
    const rows = await prisma.pixelReceipt.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0].fbp).toBe(FBP);
  });

  it("GIVEN a receipt without marketing consent THEN the consent is kept but no browser ids, IP or user agent", async () => {
    await post(makeReceipt({ consent: { marketing: false, analytics: true, sale_of_data: true } }));
    expect(await prisma.pixelReceipt.findFirstOrThrow()).toMatchObject({
      consent: expect.stringMatching(/^m0a1s1\./),
      fbp: null,
      clientIp: null,
      userAgent: null,
    });
  });

  it("GIVEN an unknown shop key THEN 404 with CORS, nothing stored", async () => {
    const response = await post(makeReceipt({ shop_key: "no-such-key" }));
    expect(response.status).toBe(404);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(await prisma.pixelReceipt.count()).toBe(0);
  });

  it("GIVEN a shop that uninstalled Tandem THEN 410, nothing stored", async () => {
    await prisma.shop.update({ where: { domain: shop }, data: { uninstalledAt: new Date() } });
    expect((await post(makeReceipt())).status).toBe(410);
    expect(await prisma.pixelReceipt.count()).toBe(0);
  });

  it("GIVEN a body over 4 KB THEN 413, whether or not a Content-Length announces it", async () => {
    const big = JSON.stringify(makeReceipt({ page_url: `https://x.example/${"a".repeat(5000)}` }));
    const declared = await post(big);
    expect(declared.status).toBe(413);
    expect(declared.headers.get("access-control-allow-origin")).toBe("*");
    // A streamed body has no Content-Length: the cap must hold while reading.
    const stream = new ReadableStream({
      start: (c) => {
        c.enqueue(new TextEncoder().encode(big));
        c.close();
      },
    });
    const streamed = new Request(RECEIPT_URL, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(streamed.headers.get("content-length")).toBeNull();
    expect((await callRoute(action, streamed)).status).toBe(413);
    expect(await prisma.pixelReceipt.count()).toBe(0);
  });

  it("GIVEN a content type other than JSON THEN 415 with CORS", async () => {
    const response = await post(JSON.stringify(makeReceipt()), { contentType: "text/plain" });
    expect(response.status).toBe(415);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(await prisma.pixelReceipt.count()).toBe(0);
  });

  it("GIVEN malformed JSON, an unknown field or seconds instead of milliseconds THEN 400 with a short reason naming the field", async () => {
    const malformed = await post("{not json");
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get("access-control-allow-origin")).toBe("*");
    const extra = await post(makeReceipt({ email: "someone@example.com" }));
    expect(extra.status).toBe(400);
    const extraBody = await extra.json();
    expect(extraBody.error).toMatch(/email|Unrecognized/i);
    expect(JSON.stringify(extraBody)).not.toContain("someone@example.com");
    const seconds = await post(makeReceipt({ occurred_at: Math.floor(Date.now() / 1000) }));
    expect(seconds.status).toBe(400);
    expect((await seconds.json()).error).toMatch(/^occurred_at: /);
    expect(await prisma.pixelReceipt.count()).toBe(0);
  });

  it("GIVEN a burst from one IP for one shop THEN the 61st receipt within a minute is 429 with Retry-After", async () => {
    // The limiter's clock stands still: the answer cannot depend on how fast this machine sends 61 requests.
    let now = Date.parse("2026-12-01T12:00:00Z");
    const limits = createPixelRateLimits({ clock: () => now });
    const send = (eventId: string, ip: string) =>
      handlePixelReceipt(receiptRequest(makeReceipt({ event_id: eventId }), { ip }), { limits });
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await send(`purchase_${2000 + i}`, "192.0.2.77")).status);
    expect(statuses.slice(0, 60).every((status) => status === 202)).toBe(true);
    expect(statuses[60]).toBe(429);
    const last = await send("purchase_3000", "192.0.2.77");
    expect(last.status).toBe(429);
    expect(last.headers.get("retry-after")).toBe("1");
    expect(last.headers.get("access-control-allow-origin")).toBe("*");
    // Another shopper of the same shop is not affected.
    expect((await send("purchase_3001", "192.0.2.78")).status).toBe(202);
    // One second later the first shopper has one receipt's worth again, and only one.
    now += 1_000;
    expect((await send("purchase_3002", "192.0.2.77")).status).toBe(202);
    expect((await send("purchase_3003", "192.0.2.77")).status).toBe(429);
  });

  it("GIVEN many shoppers of one shop over its limit THEN 429 per shop even though each IP is under its own", async () => {
    const limits = {
      visitorShop: new TokenBucketLimiter({ capacity: 60, perMinute: 60 }),
      visitor: new TokenBucketLimiter({ capacity: 300, perMinute: 300 }),
      shop: new TokenBucketLimiter({ capacity: 3, perMinute: 3 }),
    };
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push(
        (
          await handlePixelReceipt(receiptRequest(makeReceipt({ event_id: `purchase_${4000 + i}` }), { ip: `192.0.2.${10 + i}` }), {
            limits,
          })
        ).status,
      );
    expect(statuses).toEqual([202, 202, 202, 429]);
  });

  it("GIVEN a CORS preflight THEN 204 allowing POST and Content-Type from any origin; GET is 405", async () => {
    const preflight = new Request(RECEIPT_URL, {
      method: "OPTIONS",
      headers: {
        Origin: "https://checkout.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
      },
    });
    // Remix hands OPTIONS to the loader of a resource route.
    const response = await callRoute(loader, preflight);
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-methods")).toContain("POST");
    expect(response.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("content-type");
    const get = await callRoute(loader, new Request(RECEIPT_URL));
    expect(get.status).toBe(405);
    expect(get.headers.get("access-control-allow-origin")).toBe("*");
  });
});

describe("TokenBucketLimiter", () => {
  it("GIVEN an empty bucket WHEN time passes THEN tokens come back at the configured rate", () => {
    const limiter = new TokenBucketLimiter({ capacity: 2, perMinute: 60 });
    expect(limiter.take("k", 0).ok).toBe(true);
    expect(limiter.take("k", 0).ok).toBe(true);
    expect(limiter.take("k", 0)).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(limiter.take("k", 999).ok).toBe(false);
    expect(limiter.take("k", 1000).ok).toBe(true);
  });

  it("GIVEN more keys than allowed THEN the oldest is forgotten, memory stays bounded", () => {
    const limiter = new TokenBucketLimiter({ capacity: 1, perMinute: 1, maxKeys: 2 });
    limiter.take("a", 0);
    limiter.take("b", 0);
    limiter.take("c", 0);
    // "a" was evicted, so it starts with a full bucket again.
    expect(limiter.take("a", 0).ok).toBe(true);
    expect(limiter.take("c", 0).ok).toBe(false);
  });
});

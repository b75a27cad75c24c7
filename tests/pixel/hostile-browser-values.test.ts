import { describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { action as pixelEvents } from "~/routes/pixel.events";
import { action as ordersCreate } from "~/routes/webhooks.orders.create";
import { seedDestination, useMetaEmulatorWithFreshDb, workerFor } from "../delivery/fixtures";
import { callRoute } from "../support/routes";
import { signedWebhook } from "../support/shopify-requests";
import { makeOrder } from "../../scripts/lib/store-simulator";
import { makeReceipt, receiptRequest } from "./receipt-support";

// A malformed browser value costs that value, never the event (docs/decisions/040). Every
// case below reaches the Meta emulator, which refuses a malformed fbp, fbc or IP like Meta
// does, as a valid event without the bad key, and the event says what was left out and why.

const emulator = useMetaEmulatorWithFreshDb();
const UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148";
const now = Date.now();
const OK_FBP = `fb.1.${now - 86_400_000}.1116446470`;

type Case = {
  label: string;
  receiptFirst: boolean;
  receipt: Record<string, unknown>;
  receiptIp: string;
  receiptUa: string;
  order: (order: ReturnType<typeof makeOrder>) => Record<string, unknown>;
  sent: Record<string, unknown>;
  absent: string[];
  notes: Array<[string, string, string]>;
};

const CASES: Case[] = [
  {
    label: "a script as fbp and markup as fbc in the receipt, a loopback order IP and a 10 KB order user agent (receipt first)",
    receiptFirst: true,
    receipt: { fbp: "<script>alert(1)</script>", fbc: "fb.1.x.<img/src=x>", page_url: "javascript:alert(1)" },
    receiptIp: "10.0.0.7",
    receiptUa: UA,
    order: (o) => ({
      ...o,
      browser_ip: "127.0.0.1",
      note_attributes: [],
      client_details: { browser_ip: "8.8.8.8\n", user_agent: "A".repeat(10_240) },
    }),
    sent: { client_user_agent: UA },
    absent: ["fbp", "fbc", "client_ip_address"],
    notes: [
      ["client_ip_address", "order", "loopback"],
      ["client_user_agent", "order", "too_long"],
      ["fbp", "browser", "malformed"],
      ["fbc", "browser", "malformed"],
      ["event_source_url", "browser", "not_http_url"],
      ["client_ip_address", "browser", "private"],
    ],
  },
  {
    label: "cart cookies with a script, control characters and a creation time in 2286, a private IPv6 receipt (webhook first)",
    receiptFirst: false,
    receipt: { fbp: `fb.1.${now}.${"9".repeat(600)}`, fbc: `fb.1.${now}.IwAR\r\nSet-Cookie: x=1` },
    receiptIp: "fd00::7",
    receiptUa: `${UA} ${"x".repeat(10_240)}`,
    order: (o) => ({
      ...o,
      browser_ip: "2001:db8::1",
      note_attributes: [
        { name: "_fbp", value: "fb.1.9999999999999.123" },
        { name: "_fbc", value: "<b>fb.1.1.1</b>" },
      ],
      client_details: { browser_ip: "8.8.8.8", user_agent: UA },
    }),
    sent: { client_ip_address: "8.8.8.8", client_user_agent: UA },
    absent: ["fbp", "fbc"],
    notes: [
      ["client_ip_address", "order", "documentation"],
      ["fbp", "cart", "creation_time_out_of_range"],
      ["fbc", "cart", "malformed"],
      ["fbp", "browser", "too_long"],
      ["fbc", "browser", "control_characters"],
      ["client_ip_address", "browser", "private"],
      ["client_user_agent", "browser", "too_long"],
    ],
  },
  {
    label: "a good receipt after an order with junk everywhere: the receipt's public IPv6 and cookies are used",
    receiptFirst: false,
    receipt: { fbp: OK_FBP, fbc: null },
    receiptIp: "2001:4860:4860::8888",
    receiptUa: UA,
    order: (o) => ({
      ...o,
      browser_ip: "8.8.8.8",
      landing_site: "/products/x?fbclid=IwAR_good-1",
      note_attributes: [{ name: "_fbc", value: "fb.1.1.<x>" }],
    }),
    sent: { client_ip_address: "2001:4860:4860::8888", fbp: OK_FBP, fbc: expect.stringMatching(/^fb\.1\.\d{13}\.IwAR_good-1$/) },
    absent: [],
    notes: [["fbc", "cart", "malformed"]],
  },
];

describe("hostile browser values never cost an event", () => {
  it.each(CASES)("GIVEN $label THEN Meta gets a valid event without the bad keys, and the notes say why", async (c) => {
    const d = await seedDestination({ settings: { consent: { mode: "off" } } });
    const { shopKey } = await prisma.shop.findUniqueOrThrow({ where: { domain: d.shopDomain } });
    const orderId = 770_000 + CASES.indexOf(c);
    const eventId = `purchase_${orderId}`;
    const receipt = async () => {
      const response = await callRoute(
        pixelEvents,
        receiptRequest(makeReceipt({ shop_key: shopKey, event_id: eventId, ...c.receipt }), { ip: c.receiptIp, userAgent: c.receiptUa }),
      );
      expect(response.status).toBe(202);
    };
    const webhook = async () => {
      const response = await callRoute(
        ordersCreate,
        signedWebhook({
          topic: "orders/create",
          shop: d.shopDomain,
          body: c.order(makeOrder({ id: orderId, consent: `m1a1s1.${Math.floor(now / 1000)}` })),
        }),
      );
      expect(response.status).toBe(200);
    };
    if (c.receiptFirst) await receipt();
    await webhook();
    if (!c.receiptFirst) await receipt();

    expect(await workerFor(emulator).runOnce()).toMatchObject({ delivered: 1 });
    const [accepted] = emulator.accepted().filter((a) => a.pixelId === d.pixelId);
    expect(accepted.event.event_id).toBe(eventId);
    const userData = accepted.event.user_data as Record<string, unknown>;
    expect(userData).toMatchObject(c.sent);
    for (const key of c.absent) expect(userData[key], key).toBeUndefined();
    const row = await prisma.outboxEvent.findFirstOrThrow({ where: { destinationId: d.destinationId } });
    expect(row.status).toBe("delivered");
    const notes = JSON.parse(row.keyNotes ?? "[]").map((n: { key: string; from: string; reason: string }) => [n.key, n.from, n.reason]);
    expect(notes.sort()).toEqual([...c.notes].sort());
    // Nothing hostile is stored: the receipt keeps only checked values.
    const stored = await prisma.pixelReceipt.findFirstOrThrow({ where: { shopDomain: d.shopDomain } });
    expect(JSON.stringify(stored)).not.toMatch(/script|<img|<b>|Set-Cookie|\u0000/);
  });
});

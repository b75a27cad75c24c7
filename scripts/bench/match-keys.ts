/**
 * npm run bench:match-keys [-- --sessions-per-day 2000 --seed 7]
 *
 * Match-key coverage per event on a generated week of realistic storefront traffic, run
 * through Tandem's own rules in process (no app, no database): the mappers, the outbox's
 * decision with each browser receipt (decide-row.ts), and the storefront server copies
 * (storefront-copy.ts). Prints the traffic model and two tables:
 *  - "before": the browser values Tandem's storefront code used to hand over (no _fbp of its
 *    own when fbevents.js is blocked, an older _fbc kept over a new ad click) and the server
 *    address rule it used to apply (the order's browser_ip whatever it was, the receipt's only
 *    when the order had none); no server copies of ViewContent/AddToCart existed;
 *  - "after": the same sessions with today's storefront code and rules.
 * The traffic model's shares are assumptions, printed with the figures.
 */
import { decideRow } from "../../app/outbox/decide-row";
import {
  checkoutPayloadSchema,
  mapCheckoutToInitiateCheckout,
  mapOrderToPurchase,
  orderPayloadSchema,
  pixelReceiptSchema,
  receiptBrowserValues,
  shopSettingsSchema,
  toStorefrontCopy,
  type CapiEvent,
  type MapResult,
} from "../../app/capi";
import { makeCheckout, makeOrder } from "../lib/store-simulator";
import { coverageTable, matchKeyCoverage } from "./match-key-coverage";

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const SESSIONS_PER_DAY = arg("sessions-per-day", 1000);
let seed = arg("seed", 7);
// mulberry32: a seeded generator, so two runs measure the same week.
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const chance = (p: number) => random() < p;

export const MODEL = {
  marketingConsent: 0.85, // allow marketing in the banner (the web pixel loads, receipts come)
  ipv6Shopper: 0.45, // shopper's browser reaches the store over IPv6 (Google's IPv6 share is about this)
  orderSeesIpv4: 0.6, // of IPv6 shoppers, checkout's browser_ip is their IPv4 (dual stack)
  fbeventsBlocked: 0.2, // an ad blocker or browser protection stops fbevents.js
  adClick: 0.25, // arrives from an ad (fbclid in the URL)
  olderFbc: 0.1, // carries an _fbc from an earlier ad click
  brokenCookie: 0.01, // a theme snippet or extension rewrote _fbp with garbage
  productViews: 3, // product pages per session (mean, geometric)
  addToCart: 0.3,
  checkout: 0.12,
  purchaseOfCheckout: 0.6,
  phone: 0.35, // checkouts and orders with a phone
  privateOrderIp: 0.02, // orders whose browser_ip is a private or loopback address (a proxy in front of the checkout)
};

const CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const SHOP = { domain: "bench-store.myshopify.com" };
const SETTINGS = shopSettingsSchema.parse({ serverCopies: { addToCart: "on", viewContent: "on" } });
const octet = () => 1 + Math.floor(random() * 250);
const publicIpv4 = () => `${[8, 23, 31, 45, 62, 77, 81, 91, 109, 151][Math.floor(random() * 10)]}.${octet()}.${octet()}.${octet()}`;
const publicIpv6 = () => `2a02:${octet().toString(16)}:${octet().toString(16)}::${octet().toString(16)}`;
let counter = 0;
const uuid = () => {
  const hex = (++counter).toString(16).padStart(12, "0");
  return `6f1c2b8e-3d4a-4b5c-9d6e-${hex}`;
};

type Session = {
  at: number;
  consent: boolean;
  ipv4: string;
  ipv6: string | null;
  blocked: boolean;
  click: string | null;
  olderFbc: boolean;
  broken: boolean;
  phone: boolean;
  privateIp: boolean;
};
type Era = "before" | "after";

/** The _fbp and _fbc Tandem's storefront code hands the server for one shopper's visit. */
function browserIds(s: Session, era: Era) {
  const created = s.at - 3_600_000;
  let fbp: string | null = s.blocked ? null : `fb.1.${created}.${1_000_000_000 + (counter % 999_999)}`;
  if (!fbp && era === "after") fbp = `fb.1.${created}.${2_000_000 + (counter % 999_999)}`;
  if (s.broken) fbp = "<script>alert(1)</script>";
  const old = s.olderFbc ? `fb.1.${s.at - 20 * 86_400_000}.IwAROlderClick${counter}` : null;
  const fresh = s.click ? `fb.1.${s.at - 600_000}.${s.click}` : null;
  // Before: the embed read _fbc before fbevents.js replaced it, so an older click won.
  const fbc = era === "after" ? (fresh ?? old) : (old ?? (s.blocked ? null : fresh));
  return { fbp, fbc };
}

function receipt(s: Session, era: Era, eventName: string, eventId: string, extra: Record<string, unknown> = {}) {
  const ids = browserIds(s, era);
  const body = pixelReceiptSchema.parse({
    v: 1,
    shop_key: "k",
    event_name: eventName,
    event_id: eventId,
    consent: { marketing: true, analytics: true, sale_of_data: true },
    fbp: ids.fbp,
    fbc: ids.fbc,
    page_url: `https://${SHOP.domain}/products/tee`,
    occurred_at: s.at,
    ...extra,
  });
  const values = receiptBrowserValues(body, { clientIp: s.ipv6 ?? s.ipv4, userAgent: CHROME }, new Date(s.at + 60_000));
  return { body, values };
}

function decided(mapped: MapResult, s: Session, era: Era, eventId: string): CapiEvent | null {
  if (mapped.kind !== "event") return null;
  const now = new Date(s.at + 300_000);
  const r = s.consent ? receipt(s, era, mapped.eventName, eventId) : null;
  const browser = r
    ? { fbp: r.values.fbp, fbc: r.values.fbc, clientIp: r.values.clientIp, userAgent: r.values.userAgent, keyNotes: r.values.notes }
    : null;
  const signal = r ? { marketing: true, analytics: true, saleOfData: true, capturedAt: s.at, source: "pixel_receipt" as const } : null;
  const row = decideRow({
    event: mapped.event,
    facts: mapped.consentFacts,
    waitUntil: new Date(s.at),
    signal,
    browser,
    settings: SETTINGS,
    now,
  });
  if (row.status !== "pending" || !row.event) return null;
  if (era === "before") {
    // A malformed cookie was sent as it came, and Meta refused the whole event.
    if (s.broken && s.consent) return null;
    // The order's address went as it was (private ones too); the receipt's only filled a gap.
    // (Only orders carry one: a checkout webhook has no address.)
    const orderIp = mapped.eventName === "Purchase" && s.privateIp ? "10.0.0.1" : mapped.event.user_data.client_ip_address;
    if (orderIp) row.event.user_data.client_ip_address = orderIp;
  }
  return row.event;
}

function orderFor(s: Session, id: number, era: Era) {
  const order = makeOrder({
    id,
    consent: s.consent ? `m1a1s1.${Math.floor(s.at / 1000)}` : `m0a0s0.${Math.floor(s.at / 1000)}`,
    processedAt: new Date(s.at),
    fbclid: s.click ?? undefined,
  });
  const ids = browserIds(s, era);
  const ip = s.privateIp ? "10.0.0.1" : s.ipv6 && !chance(MODEL.orderSeesIpv4) ? s.ipv6 : s.ipv4;
  const address = (a: Record<string, unknown>) => ({ ...a, phone: s.phone ? a.phone : null });
  return {
    ...order,
    browser_ip: ip,
    client_details: { ...order.client_details, browser_ip: ip },
    billing_address: address(order.billing_address),
    shipping_address: address(order.shipping_address),
    note_attributes: [
      ...order.note_attributes.filter((a) => a.name !== "_fbp"),
      ...(s.consent && ids.fbp ? [{ name: "_fbp", value: ids.fbp }] : []),
      ...(s.consent && ids.fbc ? [{ name: "_fbc", value: ids.fbc }] : []),
    ],
  };
}

function week(era: Era): CapiEvent[] {
  seed = arg("seed", 7);
  counter = 0;
  const events: CapiEvent[] = [];
  const start = Date.now() - 7 * 86_400_000;
  for (let n = 0; n < SESSIONS_PER_DAY * 7; n++) {
    const s: Session = {
      at: start + Math.floor(random() * 7 * 86_400_000),
      consent: chance(MODEL.marketingConsent),
      ipv4: publicIpv4(),
      ipv6: chance(MODEL.ipv6Shopper) ? publicIpv6() : null,
      blocked: chance(MODEL.fbeventsBlocked),
      click: chance(MODEL.adClick) ? `IwAR${n.toString(36)}Click` : null,
      olderFbc: chance(MODEL.olderFbc),
      broken: chance(MODEL.brokenCookie),
      phone: chance(MODEL.phone),
      privateIp: chance(MODEL.privateOrderIp),
    };
    const ctx = { settings: SETTINGS, shop: SHOP, now: new Date(s.at + 300_000) };
    // Storefront events: server copies exist only since decision 042, and only with consent.
    const storefront = era === "after" && s.consent;
    let views = 1;
    while (chance(1 - 1 / MODEL.productViews)) views++;
    const custom = {
      value: 19.99,
      currency: "USD",
      content_ids: ["41001"],
      contents: [{ id: "41001", quantity: 1, item_price: 19.99 }],
      content_type: "product",
      num_items: 1,
    };
    const copies = [...Array(views).fill("ViewContent"), ...(chance(MODEL.addToCart) ? ["AddToCart"] : [])];
    for (const name of copies) {
      if (!storefront) continue;
      const r = receipt(s, era, name, uuid(), { custom_data: custom });
      const copy = toStorefrontCopy({ receipt: r.body, values: r.values, settings: SETTINGS, shop: SHOP, now: ctx.now });
      if (copy.kind !== "event") continue;
      const browser = {
        fbp: r.values.fbp,
        fbc: r.values.fbc,
        clientIp: r.values.clientIp,
        userAgent: r.values.userAgent,
        keyNotes: r.values.notes,
      };
      const row = decideRow({ event: copy.event, facts: copy.facts, waitUntil: null, browser, settings: SETTINGS, now: ctx.now });
      if (row.status === "pending" && row.event) events.push(row.event);
    }
    if (!chance(MODEL.checkout)) continue;
    const token = `tok${n}`;
    const like = orderFor(s, n, era);
    const checkout = checkoutPayloadSchema.parse({
      ...makeCheckout({ token, createdAt: new Date(s.at) }),
      note_attributes: like.note_attributes,
      billing_address: like.billing_address,
      shipping_address: like.shipping_address,
      landing_site: like.landing_site,
    });
    const ic = decided(mapCheckoutToInitiateCheckout(checkout, ctx), s, era, `ic_${token}`);
    if (ic) events.push(ic);
    if (!chance(MODEL.purchaseOfCheckout)) continue;
    const order = orderPayloadSchema.parse(orderFor(s, 5_600_000_000 + n, era));
    const purchase = decided(mapOrderToPurchase(order, ctx), s, era, `purchase_${5_600_000_000 + n}`);
    if (purchase) events.push(purchase);
  }
  return events;
}

if (process.argv[1]?.endsWith("match-keys.ts")) {
  console.log(`match-key coverage, a generated week: ${SESSIONS_PER_DAY} sessions a day for 7 days, seed ${arg("seed", 7)}`);
  console.log(`traffic model: ${JSON.stringify(MODEL)}\n`);
  for (const era of ["before", "after"] as const) {
    console.log(`${era}:`);
    for (const line of coverageTable(matchKeyCoverage(week(era)))) console.log(line);
    console.log("");
  }
}

import { FINANCIAL_STATUSES, MATCH_KEYS, type ShopSettings } from "../../capi";
import { getConfig } from "../../config.server";
import prisma from "../../db.server";
import { listDestinations, unsentByDestination } from "../../models/destinations.server";
import { getShopProfile, saveAlertEmails } from "../../shopify/shop-profile.server";
import { ensureShop, readSettings, saveShopSettings } from "../../models/shops.server";
import { lastStorefrontEventAt } from "../../models/storefront-status.server";
import {
  getTestEventAnswer,
  queueTestEvent,
  TEST_EVENT_ID_RANGE,
  TEST_EVENT_TOPIC,
  type TestEventAnswerFor,
} from "../../models/test-event.server";
import type { AdminGraphql } from "../../shopify/admin-graphql.server";
import { activateShop, ensureActivation, getActivationStatus, type ActivationStatus } from "../../shopify/activation.server";
import { themeEditorUrl } from "../../shopify/storefront-config";
import { handleDestinationAction, isDestinationIntent, type DestinationActionResult } from "./destination-actions.server";
import { parseSettingsForm, text, type FieldErrors } from "./settings-form.server";
import { pausedReasonInWords } from "../../format/token-words";

// The settings page's server side: what the page shows, and what each of its forms does.

export type DestinationView = {
  id: string;
  pixelId: string;
  testEventCode: string | null;
  /** Paused by the merchant (Tandem records nothing new for it). */
  enabled: boolean;
  /** Meta refused the token: the reason, shown where the token is fixed. */
  pausedReason: string | null;
  /** Events still to send (what a removal would drop). */
  unsent: number;
  lastTestEventId: string | null;
};

export type SettingsPageData = {
  shop: string;
  settings: ShopSettings;
  /** Never a token: the page only learns that one is stored (every pixel has one). */
  destinations: DestinationView[];
  alerts: { emails: string[]; contactEmail: string | null };
  activation: ActivationStatus;
  /** When the storefront or checkout last reported an event (ISO); null on a fresh install. */
  lastStorefrontEventAt: string | null;
  themeEditorUrl: string;
  choices: { matchKeys: readonly string[]; paymentStates: readonly string[] };
};

export type SettingsActionData =
  | { ok: true; intent: "save" | "retry"; activation: ActivationStatus }
  | { ok: false; intent: "save"; errors: FieldErrors }
  | { ok: true; intent: "test"; testEventId: string }
  | { ok: false; intent: "test"; errors: FieldErrors }
  | { ok: true; intent: "answer"; answer: TestEventAnswerFor }
  | { ok: false; intent: "answer"; errors: FieldErrors }
  | DestinationActionResult
  | { ok: false; intent: "unknown"; errors: FieldErrors };

export async function loadSettingsPage(shopDomain: string, graphql: AdminGraphql): Promise<SettingsPageData> {
  const shop = await ensureShop(shopDomain);
  // A failed or outdated activation is retried here, on the merchant's next visit.
  const [destinations, profile, activation, lastEvent] = await Promise.all([
    destinationViews(shopDomain),
    getShopProfile(shopDomain, graphql),
    ensureActivation({ shopDomain, graphql }),
    lastStorefrontEventAt(shopDomain),
  ]);
  return {
    shop: shopDomain,
    settings: readSettings(shop.settings),
    destinations,
    alerts: { emails: profile.alertEmails, contactEmail: profile.contactEmail },
    activation,
    lastStorefrontEventAt: lastEvent?.toISOString() ?? null,
    themeEditorUrl: themeEditorUrl(shopDomain, getConfig().SHOPIFY_API_KEY),
    choices: { matchKeys: MATCH_KEYS, paymentStates: FINANCIAL_STATUSES },
  };
}

export async function handleSettingsAction(
  shopDomain: string,
  form: FormData,
  graphql: AdminGraphql,
  userAgent: string | null = null,
): Promise<SettingsActionData> {
  const intent = form.get("intent");
  if (intent === "test") {
    const queued = await queueTestEvent({
      shopDomain,
      destinationId: text(form, "destinationId") ?? "",
      testEventCode: text(form, "testEventCode"),
      userAgent,
    });
    return queued.ok
      ? { ok: true, intent: "test", testEventId: queued.id }
      : { ok: false, intent: "test", errors: { [`test.${queued.field ?? "form"}`]: queued.message } };
  }
  if (intent === "answer") {
    const answer = await getTestEventAnswer(shopDomain, text(form, "testEventId") ?? "");
    return answer
      ? { ok: true, intent: "answer", answer }
      : { ok: false, intent: "answer", errors: { "test.form": "No such test event for this shop." } };
  }
  if (isDestinationIntent(intent)) {
    const result = await handleDestinationAction(shopDomain, intent, form);
    // The storefront fires the enabled pixels: tell it about the change (a failure shows on the activation card).
    if (result.ok && intent !== "destination.update") await activateShop({ shopDomain, graphql });
    return result;
  }
  if (intent === "retry") {
    await activateShop({ shopDomain, graphql });
    return { ok: true, intent: "retry", activation: await getActivationStatus(shopDomain) };
  }
  if (intent !== "save") return { ok: false, intent: "unknown", errors: { form: "Unknown request: reload the page." } };

  const parsed = parseSettingsForm(form);
  if (!parsed.ok) return { ok: false, intent: "save", errors: parsed.errors };
  // Every field was validated above, so neither write can be refused half-way.
  const result = await saveShopSettings(shopDomain, parsed.settings);
  if (!result.ok)
    return {
      ok: false,
      intent: "save",
      errors: Object.fromEntries(result.errors.map((e) => [e.path.split(".").slice(0, 2).join("."), e.message])),
    };
  if (parsed.alertEmails !== null) {
    const alerts = await saveAlertEmails(shopDomain, parsed.alertEmails);
    if (!alerts.ok) return { ok: false, intent: "save", errors: { "alerts.emails": `Not email addresses: ${alerts.invalid.join(", ")}` } };
  }
  await activateShop({ shopDomain, graphql });
  return { ok: true, intent: "save", activation: await getActivationStatus(shopDomain) };
}

async function destinationViews(shopDomain: string): Promise<DestinationView[]> {
  const [destinations, unsent] = await Promise.all([listDestinations(shopDomain), unsentByDestination(shopDomain)]);
  return Promise.all(
    destinations.map(async (d) => ({
      id: d.id,
      pixelId: d.pixelId,
      testEventCode: d.testEventCode,
      enabled: d.enabled,
      pausedReason: d.pausedAt ? pausedReasonInWords(d.pausedReason) : null,
      unsent: unsent[d.id] ?? 0,
      lastTestEventId: await lastTestEventId(shopDomain, d.id),
    })),
  );
}

/** The test event sent last to this pixel, so the page shows Meta's answer after a reload too. */
async function lastTestEventId(shopDomain: string, destinationId: string): Promise<string | null> {
  const row = await prisma.outboxEvent.findFirst({
    // The id range lets the (shopDomain, eventId) index find the few test rows among a shop's millions.
    where: { shopDomain, destinationId, sourceTopic: TEST_EVENT_TOPIC, eventId: TEST_EVENT_ID_RANGE },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
  return row?.id ?? null;
}

import { FINANCIAL_STATUSES, MATCH_KEYS, type ShopSettings } from "../../capi";
import { getConfig } from "../../config.server";
import prisma from "../../db.server";
import { configureDestination } from "../../models/destinations.server";
import { getTestEventAnswer, queueTestEvent, TEST_EVENT_ID_RANGE, TEST_EVENT_TOPIC, type TestEventAnswerFor } from "../../models/test-event.server";
import { getSecretBox } from "../../models/token-encryption.server";
import { ensureShop, readSettings, saveShopSettings } from "../../models/shops.server";
import type { AdminGraphql } from "../../shopify/admin-graphql.server";
import { activateShop, ensureActivation, getActivationStatus, type ActivationStatus } from "../../shopify/activation.server";
import { themeEditorUrl } from "../../shopify/storefront-config";
import { parseSettingsForm, type FieldErrors, type StoredDestination } from "./settings-form.server";

// The settings page's server side: what the page shows, and what a save or a retry does.

export type SettingsPageData = {
  shop: string;
  settings: ShopSettings;
  /** Never the token: only whether one is stored. */
  destination: { id: string; pixelId: string; testEventCode: string | null; tokenSet: boolean; pausedReason: string | null; lastTestEventId: string | null } | null;
  activation: ActivationStatus;
  themeEditorUrl: string;
  choices: { matchKeys: readonly string[]; paymentStates: readonly string[] };
};

export type SettingsActionData =
  | { ok: true; intent: "save" | "retry"; activation: ActivationStatus }
  | { ok: false; intent: "save"; errors: FieldErrors }
  | { ok: true; intent: "test"; testEventId: string }
  | { ok: false; intent: "test"; errors: FieldErrors }
  | { ok: true; intent: "answer"; answer: TestEventAnswerFor }
  | { ok: false; intent: "answer"; errors: FieldErrors };

export async function loadSettingsPage(shopDomain: string, graphql: AdminGraphql): Promise<SettingsPageData> {
  const shop = await ensureShop(shopDomain);
  const destination = await firstDestination(shopDomain);
  // A failed or outdated activation is retried here, on the merchant's next visit.
  const activation = await ensureActivation({ shopDomain, graphql });
  return {
    shop: shopDomain,
    settings: readSettings(shop.settings),
    destination: destination && {
      id: destination.id,
      pixelId: destination.pixelId,
      testEventCode: destination.testEventCode,
      tokenSet: Boolean(destination.accessTokenEnc),
      pausedReason: destination.pausedReason,
      lastTestEventId: await lastTestEventId(shopDomain, destination.id),
    },
    activation,
    themeEditorUrl: themeEditorUrl(shopDomain, getConfig().SHOPIFY_API_KEY),
    choices: { matchKeys: MATCH_KEYS, paymentStates: FINANCIAL_STATUSES },
  };
}

export async function handleSettingsAction(shopDomain: string, form: FormData, graphql: AdminGraphql, userAgent: string | null = null): Promise<SettingsActionData> {
  if (form.get("intent") === "test") {
    const queued = await queueTestEvent({ shopDomain, destinationId: String(form.get("destinationId") ?? ""), testEventCode: String(form.get("testEventCode") ?? ""), userAgent });
    return queued.ok ? { ok: true, intent: "test", testEventId: queued.id } : { ok: false, intent: "test", errors: { [`test.${queued.field ?? "form"}`]: queued.message } };
  }
  if (form.get("intent") === "answer") {
    const answer = await getTestEventAnswer(shopDomain, String(form.get("testEventId") ?? ""));
    return answer ? { ok: true, intent: "answer", answer } : { ok: false, intent: "answer", errors: { "test.form": "No such test event for this shop." } };
  }
  if (form.get("intent") === "retry") {
    await activateShop({ shopDomain, graphql });
    return { ok: true, intent: "retry", activation: await getActivationStatus(shopDomain) };
  }
  const stored = await firstDestination(shopDomain);
  const storedForForm: StoredDestination = stored && {
    pixelId: stored.pixelId,
    testEventCode: stored.testEventCode,
    // Only opened when the merchant changes the test code without re-entering the token.
    accessToken: () => getSecretBox().open(stored.accessTokenEnc),
  };
  const parsed = parseSettingsForm(form, storedForForm);
  if (!parsed.ok) return { ok: false, intent: "save", errors: parsed.errors };

  // Both inputs were validated above, so neither write can be refused half-way.
  if (parsed.destination.kind === "save") {
    const saved = await configureDestination(shopDomain, parsed.destination.input, { replaceOthers: true });
    if (!saved.ok) return { ok: false, intent: "save", errors: Object.fromEntries(saved.errors.map((e) => [`destination.${e.field}`, e.message])) };
  }
  const result = await saveShopSettings(shopDomain, parsed.settings);
  if (!result.ok) return { ok: false, intent: "save", errors: Object.fromEntries(result.errors.map((e) => [e.path.split(".").slice(0, 2).join("."), e.message])) };
  await activateShop({ shopDomain, graphql });
  return { ok: true, intent: "save", activation: await getActivationStatus(shopDomain) };
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

/** The pixel the page edits: the enabled one saved last (the CLI may have added others). */
async function firstDestination(shopDomain: string) {
  return prisma.destination.findFirst({ where: { shopDomain }, orderBy: [{ enabled: "desc" }, { updatedAt: "desc" }] });
}

import type { PrismaClient } from "@prisma/client";
import { z } from "zod";
import { applyConsentToEvent, consentInputFor, decideConsent, shopSettingsSchema, type CapiEvent, type ConsentDecision, type ConsentSignal, type ShopSettings } from "../capi";
import defaultDb from "../db.server";
import { transition } from "../outbox/status";

// Events that arrived without a consent signal wait for one (a browser receipt may fill
// consentFacts meanwhile) until consentUntil. Past that, the decision is made with
// whatever is known and the row becomes pending (sendable) or blocked.

const signalSchema = z.looseObject({ marketing: z.boolean(), analytics: z.boolean().catch(false), saleOfData: z.boolean() });
// Lenient on purpose: an unreadable fact becomes "unknown", which the decision treats
// conservatively (no signal, unknown region), never as permission.
const factsSchema = z.looseObject({
  signal: signalSchema.nullable().catch(null).default(null),
  countries: z.array(z.string()).catch([]).default([]),
  usStates: z.array(z.string()).catch([]).default([]),
});

export type ConsentWaitSummary = { decided: number; sent: number; blocked: number; failed: number; stillWaiting: number };

export async function resolveConsentWaits({ now, db = defaultDb, limit = 500 }: { now: Date; db?: PrismaClient; limit?: number }): Promise<ConsentWaitSummary> {
  const summary: ConsentWaitSummary = { decided: 0, sent: 0, blocked: 0, failed: 0, stillWaiting: 0 };
  const rows = await db.outboxEvent.findMany({
    where: { ...transition("waiting_consent", "waiting_consent").where, consentUntil: { lte: now } },
    select: { id: true, shopDomain: true, payload: true, consentFacts: true, consentUntil: true },
    orderBy: { consentUntil: "asc" },
    take: limit,
  });
  if (rows.length === 0) return summary;
  const shops = await db.shop.findMany({ where: { domain: { in: [...new Set(rows.map((row) => row.shopDomain))] } }, select: { domain: true, settings: true } });
  const settingsByShop = new Map(shops.map((shop) => [shop.domain, readConsentSettings(shop.settings)]));

  for (const row of rows) {
    const consent = settingsByShop.get(row.shopDomain) ?? STRICT;
    const facts = factsSchema.parse(safeJson(row.consentFacts) ?? {});
    const graceMs = consent.graceMinutes * 60_000;
    // The deadline the ingest wrote is the one honoured, even if the grace setting changed since.
    const firstSeenAt = new Date((row.consentUntil ?? now).getTime() - graceMs);
    const signal: ConsentSignal | null = facts.signal ? { ...facts.signal, source: facts.signal.source === "pixel_receipt" ? "pixel_receipt" : "cart_attribute" } : null;
    // The shared builder keeps these inputs identical to the ingest's and the receipt's.
    const decision = decideConsent(consentInputFor(consent, { signal, countries: facts.countries, usStates: facts.usStates }, { firstSeenAt, now }));
    const outcome = await applyDecision(db, row, decision, now);
    if (outcome === "lost") continue;
    if (outcome === "waiting") summary.stillWaiting += 1;
    else {
      summary[outcome] += 1;
      summary.decided += 1;
    }
  }
  return summary;
}

async function applyDecision(db: PrismaClient, row: { id: string; payload: string }, decision: ConsentDecision, now: Date): Promise<"sent" | "blocked" | "failed" | "waiting" | "lost"> {
  // Guarded by status: a browser receipt that decided the row meanwhile wins.
  const where = { id: row.id, ...transition("waiting_consent", "waiting_consent").where };
  const base = { consentAction: decision.action, consentReason: decision.reason };
  if (decision.action === "wait") {
    const { count } = await db.outboxEvent.updateMany({ where, data: { ...base, consentUntil: decision.until } });
    return count ? "waiting" : "lost";
  }
  if (decision.action === "block") {
    const { count } = await db.outboxEvent.updateMany({ where, data: { ...base, ...transition("waiting_consent", "blocked").data, lastError: `Consent: ${decision.reason}`, lastErrorCode: null } });
    return count ? "blocked" : "lost";
  }
  const event = safeJson(row.payload) as CapiEvent | null;
  const sendable = event ? applyConsentToEvent(event, decision) : null;
  if (!sendable) {
    const { count } = await db.outboxEvent.updateMany({ where, data: { ...base, ...transition("waiting_consent", "failed").data, lastError: "Stored payload is not valid JSON; not sent." } });
    return count ? "failed" : "lost";
  }
  const { count } = await db.outboxEvent.updateMany({
    where,
    data: { ...base, ...transition("waiting_consent", "pending").data, payload: JSON.stringify(sendable), nextAttemptAt: now, lastError: null, lastErrorCode: null },
  });
  return count ? "sent" : "lost";
}

type ConsentSettings = ShopSettings["consent"];
/** Used when a shop's settings cannot be read: consent is a legal matter, so fail closed. */
const STRICT: ConsentSettings = { ...shopSettingsSchema.parse({}).consent, mode: "strict" };

function readConsentSettings(raw: string): ConsentSettings {
  const parsed = shopSettingsSchema.safeParse(safeJson(raw) ?? {});
  return parsed.success ? parsed.data.consent : STRICT;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

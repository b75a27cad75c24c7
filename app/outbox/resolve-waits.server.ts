import type { PrismaClient } from "@prisma/client";
import defaultDb from "../db.server";
import { decideRow } from "./decide-row";
import { formatConsentFacts, parseConsentFacts, parseStoredPayload, readShopSettings, UNREADABLE_SETTINGS } from "./stored-row";
import { transition, WAITING_STATUSES, type OutboxStatus } from "./status";

// Rows that wait (for a consent signal, or for the browser's receipt that brings the user
// agent Meta requires) are decided when their wait ends, with whatever is known by then:
// the same decision the ingest and the receipt merge make (decide-row.ts). A receipt that
// decided a row meanwhile wins: every write is guarded by the status read.

export type WaitSummary = { decided: number; sent: number; blocked: number; skipped: number; failed: number; stillWaiting: number };

export async function resolveWaits({
  now,
  db = defaultDb,
  limit = 500,
}: {
  now: Date;
  db?: PrismaClient;
  limit?: number;
}): Promise<WaitSummary> {
  const summary: WaitSummary = { decided: 0, sent: 0, blocked: 0, skipped: 0, failed: 0, stillWaiting: 0 };
  const rows = await db.outboxEvent.findMany({
    where: { status: { in: [...WAITING_STATUSES] }, consentUntil: { lte: now } },
    select: { id: true, status: true, shopDomain: true, payload: true, consentFacts: true, consentUntil: true },
    orderBy: { consentUntil: "asc" },
    take: limit,
  });
  if (rows.length === 0) return summary;
  const shops = await db.shop.findMany({
    where: { domain: { in: [...new Set(rows.map((row) => row.shopDomain))] } },
    select: { domain: true, settings: true },
  });
  const settingsByShop = new Map(shops.map((shop) => [shop.domain, readShopSettings(shop.settings)]));

  for (const row of rows) {
    const from = row.status as OutboxStatus;
    const decision = decideRow({
      event: parseStoredPayload(row.payload),
      facts: parseConsentFacts(row.consentFacts),
      waitUntil: row.consentUntil ?? now,
      settings: settingsByShop.get(row.shopDomain) ?? UNREADABLE_SETTINGS,
      now,
    });
    const move = transition(from, decision.status);
    const { count } = await db.outboxEvent.updateMany({
      where: { id: row.id, ...move.where },
      data: {
        ...move.data,
        consentAction: decision.consentAction,
        consentReason: decision.consentReason,
        consentUntil: decision.consentUntil ?? row.consentUntil,
        consentFacts: formatConsentFacts(decision.consentFacts),
        lastError: decision.lastError,
        lastErrorCode: null,
        ...(decision.status === "pending" && { payload: JSON.stringify(decision.event), nextAttemptAt: now }),
      },
    });
    if (count === 0) continue;
    if (decision.status === "waiting_consent" || decision.status === "waiting_browser") summary.stillWaiting += 1;
    else {
      summary.decided += 1;
      summary[decision.status === "pending" ? "sent" : decision.status] += 1;
    }
  }
  return summary;
}

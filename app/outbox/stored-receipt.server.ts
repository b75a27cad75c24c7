import { parseConsentSnapshot, parseKeyNotes, type ConsentSignal } from "../capi";
import type { BrowserIds } from "./decide-row";

/**
 * The columns of a stored PixelReceipt that the server side uses. What they change in an
 * outbox row is decided by app/outbox/decide-row.ts (withBrowserIds fills the ids).
 */
export type StoredReceipt = {
  consent: string;
  fbp: string | null;
  fbc: string | null;
  clientIp: string | null;
  userAgent: string | null;
  receivedAt: Date;
  keyNotes?: string | null;
};

/** What the outbox's decision reads of a stored receipt (its notes parsed). */
export function browserIdsOf(receipt: Omit<StoredReceipt, "receivedAt" | "consent">): BrowserIds {
  return {
    fbp: receipt.fbp,
    fbc: receipt.fbc,
    clientIp: receipt.clientIp,
    userAgent: receipt.userAgent,
    keyNotes: parseKeyNotes(receipt.keyNotes),
  };
}

export function signalFromStoredReceipt(receipt: Pick<StoredReceipt, "consent">): ConsentSignal | null {
  const signal = parseConsentSnapshot(receipt.consent);
  return signal && { ...signal, source: "pixel_receipt" };
}

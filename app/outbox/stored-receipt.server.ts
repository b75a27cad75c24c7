import { parseConsentSnapshot, type ConsentSignal } from "../capi";

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
};

export function signalFromStoredReceipt(receipt: Pick<StoredReceipt, "consent">): ConsentSignal | null {
  const signal = parseConsentSnapshot(receipt.consent);
  return signal && { ...signal, source: "pixel_receipt" };
}

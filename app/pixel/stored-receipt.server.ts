import { parseConsentSnapshot, type CapiEvent, type ConsentSignal, type ShopSettings } from "../capi";

/** The columns of a stored PixelReceipt that the server side uses. */
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

/**
 * Fills the browser identifiers the webhook lacked (fbp, fbc, IP, user agent) from the
 * shopper's own browser receipt, for the match keys the shop allows. Never overwrites
 * what the order already carried: the order's values are the checkout's own.
 */
export function withBrowserIds(event: CapiEvent, receipt: StoredReceipt | null, matchKeys: ShopSettings["matchKeys"]): CapiEvent {
  if (!receipt) return event;
  const signal = signalFromStoredReceipt(receipt);
  if (signal && !signal.marketing) return event;
  const userData = { ...event.user_data };
  const fill = (key: "fbp" | "fbc" | "client_ip_address" | "client_user_agent", value: string | null) => {
    if (value && matchKeys[key] && !userData[key]) userData[key] = value;
  };
  fill("fbp", receipt.fbp);
  fill("fbc", receipt.fbc);
  fill("client_ip_address", receipt.clientIp);
  fill("client_user_agent", receipt.userAgent);
  return { ...event, user_data: userData };
}

/**
 * The webhook payload with what the browser receipt knows and the payload lacks: the
 * shopper's user agent and IP (client_details) and the Meta cookies (as the cart
 * attributes the theme embed would have written). Used before mapping, so the domain
 * applies its own rules and the shop's match-key switches to them.
 */
export function payloadWithReceipt(payload: unknown, receipt: StoredReceipt | null): unknown {
  if (!receipt || typeof payload !== "object" || payload === null) return payload;
  const signal = signalFromStoredReceipt(receipt);
  if (signal && !signal.marketing) return payload;
  const body = payload as Record<string, unknown>;
  const details = (body.client_details ?? {}) as Record<string, unknown>;
  const attributes = Array.isArray(body.note_attributes) ? (body.note_attributes as { name?: unknown }[]) : [];
  const has = (name: string) => attributes.some((attribute) => attribute?.name === name);
  const extra = [
    ...(receipt.fbp && !has("_fbp") ? [{ name: "_fbp", value: receipt.fbp }] : []),
    ...(receipt.fbc && !has("_fbc") ? [{ name: "_fbc", value: receipt.fbc }] : []),
  ];
  return {
    ...body,
    browser_ip: body.browser_ip ?? receipt.clientIp,
    client_details: { ...details, browser_ip: details.browser_ip ?? receipt.clientIp, user_agent: details.user_agent ?? receipt.userAgent },
    note_attributes: [...attributes, ...extra],
  };
}

// Meta Pixel hits through the image-pixel protocol (Meta's Pixel documentation): the
// strict sandbox is a web worker, so fbevents.js cannot run here.
import type { CustomData } from "./custom-data";

export const META_PIXEL_ENDPOINT = "https://www.facebook.com/tr";

export interface HitInput {
  pixelId: string;
  eventName: string;
  eventId: string | null;
  pageUrl: string | null;
  referrer: string | null;
  timestamp: number;
  fbp: string | null;
  fbc: string | null;
  customData: CustomData;
  userData: Record<string, string>;
  limitedDataUse: boolean;
}

export function toPixelHitUrl(hit: HitInput): string {
  const params: Array<[string, string | number | null]> = [
    ["id", hit.pixelId],
    ["ev", hit.eventName],
    ["eid", hit.eventId],
    ["dl", hit.pageUrl],
    ["rl", hit.referrer],
    ["ts", hit.timestamp],
    ["fbp", hit.fbp],
    ["fbc", hit.fbc],
    ["cd[value]", hit.customData.value],
    ["cd[currency]", hit.customData.currency],
    ["cd[content_ids]", JSON.stringify(hit.customData.content_ids)],
    ["cd[content_type]", hit.customData.content_type],
    ["cd[num_items]", hit.customData.num_items],
  ];
  for (const key of Object.keys(hit.userData)) params.push([`ud[${key}]`, hit.userData[key]]);
  // What fbevents.js sends after fbq('dataProcessingOptions', ['LDU'], 0, 0).
  if (hit.limitedDataUse) params.push(["dpo", "LDU"], ["dpoco", 0], ["dpost", 0]);
  const query = params
    .filter(([, value]) => value !== null && value !== "")
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join("&");
  return `${META_PIXEL_ENDPOINT}?${query}`;
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

export function normalizeEmail(email: string | null | undefined): string | null {
  const normalized = (email ?? "").trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(normalized) ? normalized : null;
}

// Only a phone already in international "+" form: giving it a country code otherwise needs
// libphonenumber, far beyond this bundle's budget. The server hashes the full set anyway.
export function normalizePhone(phone: string | null | undefined): string | null {
  const trimmed = (phone ?? "").trim();
  if (!trimmed.startsWith("+")) return null;
  const digits = trimmed.replace(/\D/g, "");
  return digits.length >= 8 && digits.length <= 15 ? digits : null;
}

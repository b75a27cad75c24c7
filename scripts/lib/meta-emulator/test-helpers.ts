import { startMetaEmulator } from "./index";
import type { GraphError } from "./graph-errors";
import type { MetaEmulator, MetaEmulatorOptions } from "./types";

// Fixtures for the emulator's own tests: a fixed clock so event_time windows are exact,
// and a valid website Purchase that each rule test breaks in one place.

export const NOW_MS = Date.UTC(2026, 10, 26, 12, 0, 0);
export const NOW_S = NOW_MS / 1000;
export const DAY_S = 86_400;
export const PIXEL = "1234567890";
export const TOKEN = "EAAB-test-token";

export const HASH = {
  em: "62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f",
  ph: "e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176",
  fn: "6915771be1c5aa0c886870b6951b03d7eafc121fea0e80a5ea83beb7c449f4ec",
  empty: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
};

export interface TestClock {
  ms: number;
}

export async function startTestEmulator(options: MetaEmulatorOptions = {}): Promise<{ emulator: MetaEmulator; clock: TestClock }> {
  const clock: TestClock = { ms: NOW_MS };
  const emulator = await startMetaEmulator({ now: () => clock.ms, ...options });
  return { emulator, clock };
}

type Event = Record<string, unknown>;

export function validEvent(index = 0, overrides: Event = {}): Event {
  return {
    event_name: "Purchase",
    event_time: NOW_S - 60,
    action_source: "website",
    event_id: `purchase_${1000 + index}`,
    event_source_url: "https://shop.example/checkouts/thank-you",
    user_data: {
      em: [HASH.em],
      ph: [HASH.ph],
      fn: HASH.fn,
      client_ip_address: "8.8.8.8",
      client_user_agent: "Mozilla/5.0 (Macintosh) Safari/605.1.15",
      fbp: "fb.1.1764150000000.1234567890",
      fbc: "fb.1.1764150000000.IwAR2F4-dbP0l7Mn1IawQQGCINEz7PYXQvwjNwB_qa2ofrHyiLjcbCRxTDMgk",
    },
    custom_data: { value: 49.95, currency: "USD", content_ids: ["4411"], content_type: "product", num_items: 1, order_id: "4411" },
    ...overrides,
  };
}

export function eventWithUserData(index: number, userData: Event): Event {
  const base = validEvent(index);
  return { ...base, user_data: { ...(base.user_data as Event), ...userData } };
}

export interface GraphBody {
  events_received?: number;
  messages?: unknown[];
  fbtrace_id?: string;
  error?: GraphError;
}

export interface GraphResponse {
  status: number;
  text: string;
  /** null when the answer was not JSON. */
  json: GraphBody | null;
}

export async function postEvents(
  emulator: MetaEmulator,
  body: unknown,
  options: { pixel?: string; version?: string; headers?: Record<string, string>; query?: string; signal?: AbortSignal } = {},
): Promise<GraphResponse> {
  const path = `/${options.version ?? "v26.0"}/${options.pixel ?? PIXEL}/events${options.query ?? ""}`;
  const response = await fetch(emulator.url + path, {
    method: "POST",
    headers: { "content-type": "application/json", ...options.headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
    signal: options.signal,
  });
  const text = await response.text();
  let json: GraphBody | null = null;
  try {
    json = JSON.parse(text);
  } catch {
    // Non-JSON answers (the 503 HTML page) are asserted through `text`.
  }
  return { status: response.status, text, json };
}

export function sendBatch(emulator: MetaEmulator, events: Event[], extra: Event = {}) {
  return postEvents(emulator, { data: events, access_token: TOKEN, ...extra });
}

import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

// Enough for 1,000 fat events; anything larger is a client bug worth a loud answer.
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export type ParsedBody = { ok: true; body: Record<string, unknown> } | { ok: false; message: string };

export function readRawBody(req: IncomingMessage, limitBytes = MAX_BODY_BYTES): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) tooBig = true;
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(tooBig ? null : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** JSON, or form-encoded with `data` as a JSON string (Meta accepts both). */
export function parseEventsBody(raw: string, contentType: string | undefined): ParsedBody {
  if (raw.trim() === "") return { ok: true, body: {} };
  if (contentType?.includes("application/x-www-form-urlencoded")) return parseForm(raw);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { ok: false, message: "The request body is not valid JSON" };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return { ok: false, message: "The request body must be a JSON object" };
  }
  return { ok: true, body: parsed as Record<string, unknown> };
}

function parseForm(raw: string): ParsedBody {
  const body: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    if (key !== "data") {
      body[key] = value;
      continue;
    }
    try {
      body.data = JSON.parse(value);
    } catch {
      return { ok: false, message: "The parameter data is not valid JSON" };
    }
  }
  return { ok: true, body };
}

/** Body first, then ?access_token=, then Authorization: Bearer, as Graph does. */
export function findAccessToken(body: Record<string, unknown>, url: URL, authorization: string | undefined): string | undefined {
  if (typeof body.access_token === "string" && body.access_token !== "") return body.access_token;
  const fromQuery = url.searchParams.get("access_token");
  if (fromQuery) return fromQuery;
  const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i);
  return bearer ? bearer[1] : undefined;
}

/** appsecret_proof (body or query) must be hex HMAC-SHA256(key = app secret, message = token). */
export function hasValidProof(appSecret: string, token: string, body: Record<string, unknown>, url: URL): boolean {
  const proof = typeof body.appsecret_proof === "string" ? body.appsecret_proof : url.searchParams.get("appsecret_proof");
  if (!proof) return false;
  const expected = Buffer.from(createHmac("sha256", appSecret).update(token).digest("hex"));
  const given = Buffer.from(proof.toLowerCase());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

import { hash } from "node:crypto";

const SHA256_HEX = /^[0-9a-f]{64}$/i;

/** sha256 of "" — Meta treats it as a broken integration, so it must never be sent. */
export const EMPTY_STRING_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

export function sha256Hex(value: string): string {
  // One-shot crypto.hash (Node >= 20.12): no Hash object per value, same digest.
  return hash("sha256", value, "hex");
}

export function isSha256Hex(value: string): boolean {
  return SHA256_HEX.test(value);
}

/**
 * Hashes one raw match-key value. A value that already looks like a sha256 is passed
 * through (lowercased) because merchants and other apps sometimes pre-hash, and hashing
 * twice would make it unmatchable. Returns [] when nothing usable remains, so callers
 * can omit the key instead of sending the empty-string hash.
 */
export function hashMatchKey(raw: string | null | undefined, normalize: (value: string) => string[]): string[] {
  if (raw == null) return [];
  const trimmed = raw.trim();
  if (trimmed === "") return [];
  if (isSha256Hex(trimmed)) {
    const lower = trimmed.toLowerCase();
    return lower === EMPTY_STRING_SHA256 ? [] : [lower];
  }
  return normalize(trimmed)
    .filter((form) => form !== "")
    .map(sha256Hex);
}

import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { EMPTY_STRING_SHA256, hashMatchKey, sha256Hex } from "./hash";
import { normalizeEmail, normalizeName, normalizePhone } from "./normalize";

// The vectors Meta's documentation gives, literally.
const DOCUMENTED = [
  ["em", "john_smith@gmail.com", "62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f"],
  ["em", "jsmith@example.com", "6e3913852f512d76acff15d1e402c7502a5bbe6101745a7120a2a4833ebd2350"],
  ["ph", "16505551212", "e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176"],
  ["fn", "mary", "6915771be1c5aa0c886870b6951b03d7eafc121fea0e80a5ea83beb7c449f4ec"],
  ["fn", "정", "8fa8cd9c440be61d0151429310034083132b35975c4bea67fdd74158eb51db14"],
  ["fn", "valéry", "08e1996b5dd49e62a4b4c010d44e4345592a863bb9f8e3976219bac29417149c"],
  ["ph", "12345678901", "254aa248acb47dd654ca3ea53f48c2c26d641d23d7e2e93a1ec56258df7674c4"],
] as const;

describe("hash: Meta's documented vectors", () => {
  for (const [key, normalized, expected] of DOCUMENTED) {
    it(`GIVEN the normalized ${key} "${normalized}" WHEN hashed THEN it is ${expected.slice(0, 12)}…`, () => {
      expect(sha256Hex(normalized)).toBe(expected);
    });
  }

  it("GIVEN the raw inputs behind the vectors WHEN normalized and hashed THEN they reach the documented hashes", () => {
    expect(hashMatchKey("  John_Smith@Gmail.com ", normalizeEmail)).toEqual([DOCUMENTED[0][2]]);
    expect(hashMatchKey("(650)555-1212", (v) => normalizePhone(v, "US"))).toEqual([DOCUMENTED[2][2]]);
    expect(hashMatchKey("+1 234 567 8901", (v) => normalizePhone(v, null))).toEqual([DOCUMENTED[6][2]]);
    expect(hashMatchKey("Mary", normalizeName)).toEqual([DOCUMENTED[3][2]]);
    expect(hashMatchKey("정", normalizeName)).toEqual([DOCUMENTED[4][2]]);
    // "Vale" + combining acute accent: NFC must compose it before hashing.
    expect(hashMatchKey("Vale\u0301ry", normalizeName)).toEqual([DOCUMENTED[5][2]]);
  });
});

describe("hash: hashMatchKey", () => {
  it("GIVEN a value already hashed (uppercase hex) WHEN hashed THEN it is lowercased, not hashed again", () => {
    const prehashed = createHash("sha256").update("a@b.co").digest("hex");
    expect(hashMatchKey(prehashed.toUpperCase(), normalizeEmail)).toEqual([prehashed]);
  });

  it("GIVEN empty, blank, null or the empty-string hash WHEN hashed THEN nothing is produced", () => {
    expect(hashMatchKey("", normalizeName)).toEqual([]);
    expect(hashMatchKey("   ", normalizeName)).toEqual([]);
    expect(hashMatchKey(null, normalizeName)).toEqual([]);
    expect(hashMatchKey(undefined, normalizeName)).toEqual([]);
    expect(hashMatchKey(EMPTY_STRING_SHA256, normalizeName)).toEqual([]);
  });

  it("GIVEN a value that normalizes to nothing (punctuation only) WHEN hashed THEN the empty hash is never produced", () => {
    expect(hashMatchKey("'.-", normalizeName)).toEqual([]);
  });

  it("GIVEN a normalizer with two forms WHEN hashed THEN both hashes are returned in order", () => {
    const forms = hashMatchKey("x", () => ["one", "two"]);
    expect(forms).toEqual([sha256Hex("one"), sha256Hex("two")]);
  });
});

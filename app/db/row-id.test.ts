import { describe, expect, it } from "vitest";
import { newRowId } from "./row-id";

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("newRowId (UUIDv7, RFC 9562)", () => {
  it("GIVEN a time THEN the id is a version 7, variant 10 UUID whose first 48 bits are that time in ms", () => {
    const at = Date.UTC(2026, 11, 2, 15, 4, 5, 678);
    const id = newRowId(at + 10_000_000);
    expect(id).toMatch(UUID_V7);
    expect(parseInt(id.replace(/-/g, "").slice(0, 12), 16)).toBe(at + 10_000_000);
  });

  it("GIVEN 10,000 ids in the same millisecond THEN each sorts after the one before, as text, and none repeats", () => {
    const at = Date.now() + 20_000_000;
    const ids = Array.from({ length: 10_000 }, () => newRowId(at));
    for (let i = 1; i < ids.length; i++) expect(ids[i] > ids[i - 1]).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(UUID_V7);
  });

  it("GIVEN the clock steps back THEN ids keep increasing", () => {
    const at = Date.now() + 30_000_000;
    const before = newRowId(at);
    const after = newRowId(at - 5_000);
    expect(after > before).toBe(true);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { configureDestination } from "~/models/destinations.server";
import { startMetaEmulator, type MetaEmulator } from "../../scripts/lib/meta-emulator";
import { initiateCheckoutRow, purchaseRow } from "../../scripts/lib/meta-emulator/quality-fixtures";
import { tandem } from "./run-cli";

// `tandem quality show`: what the Match quality page shows, for operators; --refresh reads
// Meta (the emulator) first; --json for scripts; a refused read is explained in words.

const shop = "quality-cli.myshopify.com";
const PIXEL = "3333333333333333";
const TOKEN = "EAAB" + "c".repeat(40);
let meta: MetaEmulator;

beforeAll(async () => {
  meta = await startMetaEmulator();
  // Before anything reads the configuration (it is read once per process).
  process.env.META_GRAPH_API_URL = meta.url;
});
afterAll(() => meta.close());
beforeEach(async () => {
  meta.reset();
  await prisma.qualitySnapshot.deleteMany();
  await prisma.qualityRead.deleteMany();
  await prisma.destination.deleteMany();
  await prisma.shop.deleteMany();
  expect(await configureDestination(shop, { pixelId: PIXEL, accessToken: TOKEN })).toMatchObject({ ok: true });
});

describe("tandem quality show", () => {
  it("GIVEN nothing read yet THEN it says so; WITH --refresh THEN it reads Meta and prints EMQ, keys, coverage, dedup, freshness and Meta's suggestion", async () => {
    const before = await tandem("quality", "show", "--shop", shop);
    expect(before.code).toBe(0);
    expect(before.out).toContain("Not read from Meta yet");
    meta.setDatasetQuality(PIXEL, {
      agents: { tandem: [purchaseRow(), initiateCheckoutRow()] },
      all: [purchaseRow({ event_match_quality: { composite_score: 6.9 } })],
    });
    const after = await tandem("quality", "show", "--shop", shop, "--refresh");
    expect(after.code).toBe(0);
    expect(after.out).toContain("Purchase EMQ 8.1; 1 diagnostic");
    expect(after.out).toContain("Purchase: EMQ 8.1 (Tandem's events), 6.9 (all events)");
    expect(after.out).toContain("keys: Email 92.4%, IP address 99.9%");
    expect(after.out).toContain("event coverage: 81.2% (goal 75%)");
    expect(after.out).toContain("dedup key event_id: browser 100%, server 100%, deduplicated 88.4%");
    expect(after.out).toContain("diagnostic: Update your IPv4 IP addresses to IPv6 IP addresses (18930 of 31830 events)");
    expect(after.out).toContain("InitiateCheckout: EMQ 6.4 (Tandem's events), not reported by Meta (all events)");
    expect(after.out).not.toContain(TOKEN);
  });

  it("GIVEN --json THEN the view as JSON; GIVEN a permission error THEN it is explained", async () => {
    meta.fail({ mode: "permission", code: 200, endpoint: "dataset_quality" });
    const result = await tandem("quality", "show", "--shop", shop, "--refresh", "--json");
    expect(result.code).toBe(0);
    const pixels = JSON.parse(result.out.slice(result.out.indexOf("[")));
    expect(pixels[0]).toMatchObject({ pixelId: PIXEL, lastRead: { outcome: "permission" } });
    expect((await tandem("quality", "show", "--shop", shop)).out).toMatch(/Use events dataset/);
  });

  it("GIVEN a bad shop or flag THEN exit 2", async () => {
    expect((await tandem("quality", "show", "--shop", "not a shop")).code).toBe(2);
    expect((await tandem("quality", "show", "--shop", shop, "--since", "x")).code).toBe(2);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getConfig } from "~/config.server";
import prisma from "~/db.server";
import { action } from "~/routes/app.settings/route";
import { main } from "../../../scripts/cli/main";
import { startMetaEmulator, type MetaEmulator } from "../../../scripts/lib/meta-emulator";
import { callRoute } from "../../support/routes";
import { adminRequest } from "../../support/shopify-requests";
import { storeOfflineSession } from "../../support/offline-session";

// A token is checked with Meta (the emulator: GET /{pixel_id}) when it is connected, in
// Settings and in `tandem shop configure`: a refused one is never stored and the merchant
// reads why in words; Meta out of reach lets it through, said so.

const shop = "token-check.myshopify.com";
const PIXEL = "1234567890123456";
const OTHER_PIXEL = "6543210987654321";
const GOOD = "EAAB" + "g".repeat(40);
const FOR_OTHER_PIXEL = "EAAB" + "o".repeat(40);
const REVOKED = "EAAB" + "r".repeat(40);
const GARBLED = "x".repeat(44);
const RAW_META = /Unsupported get request|OAuthException|Cannot parse|Error validating|destination/i;

let meta: MetaEmulator;
let restoreFetch: () => void;

beforeAll(async () => {
  meta = await startMetaEmulator({
    tokenAccess: { [GOOD]: [PIXEL, OTHER_PIXEL], [FOR_OTHER_PIXEL]: [OTHER_PIXEL] },
    revokedTokens: [REVOKED],
    pixelNames: { [PIXEL]: "Harbour Goods" },
  });
  // The configuration was read at import with the tests' unreachable Graph address: only
  // the address changes, the request is the app's own and the emulator answers it.
  const original = globalThis.fetch;
  const graph = new URL(getConfig().META_GRAPH_API_URL);
  globalThis.fetch = (input, init) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    if (url.host !== graph.host) return original(input, init);
    return original(new URL(url.pathname + url.search, meta.url), init);
  };
  restoreFetch = () => void (globalThis.fetch = original);
  await storeOfflineSession(shop, "shpat_token_check");
});
afterAll(async () => {
  restoreFetch();
  await meta.close();
});
beforeEach(async () => {
  meta.reset();
  await prisma.outboxEvent.deleteMany();
  await prisma.destination.deleteMany();
});

async function pixel(intent: string, fields: Record<string, string>) {
  const form = new FormData();
  form.append("intent", intent);
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const response = await callRoute(action, await adminRequest(shop, "/app/settings", { method: "POST", body: form }));
  return response.json();
}

async function tandem(...argv: string[]) {
  const lines: string[] = [];
  const errors: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void errors.push(args.join(" "));
  try {
    const code = await main(argv, (line) => lines.push(line));
    return { code, out: lines.join("\n"), err: errors.join("\n") };
  } finally {
    console.error = original;
  }
}

const pixelReads = () => meta.requests().filter((r) => r.method === "GET" && r.pixelId !== "");

describe("Settings: the token is checked with Meta when a pixel is connected", () => {
  it("GIVEN a token that may send to the pixel THEN it is stored and the page says Meta confirmed it, naming the pixel", async () => {
    const added = await pixel("destination.add", { pixelId: PIXEL, accessToken: GOOD, testEventCode: "" });
    expect(added).toMatchObject({
      ok: true,
      tokenCheck: { confirmed: true, text: `Meta confirmed this token may send to pixel ${PIXEL} ("Harbour Goods").` },
    });
    expect(await prisma.destination.count({ where: { shopDomain: shop, pixelId: PIXEL } })).toBe(1);
    expect(pixelReads()).toEqual([expect.objectContaining({ pixelId: PIXEL, status: 200 })]);
    // The token never travels in the URL.
    expect(
      meta
        .requests()
        .map((r) => r.path)
        .join(" "),
    ).not.toContain(GOOD);
  });

  it.each([
    [GARBLED, /^Meta does not recognise this access token\. Copy it again/],
    [REVOKED, /^This access token no longer works: the Facebook account that made it changed its password/],
    [
      FOR_OTHER_PIXEL,
      new RegExp(`^This access token may not send to pixel ${PIXEL}: it was made for another pixel, or the pixel ID is wrong`),
    ],
  ])("GIVEN a refused token (%s) THEN nothing is stored and the token field says why in words", async (token, words) => {
    const added = await pixel("destination.add", { pixelId: PIXEL, accessToken: token, testEventCode: "" });
    expect(added.ok).toBe(false);
    expect(added.errors["destination.accessToken"]).toMatch(words);
    expect(added.errors["destination.accessToken"]).not.toMatch(RAW_META);
    expect(await prisma.destination.count({ where: { shopDomain: shop } })).toBe(0);
  });

  it("GIVEN a new token on an existing pixel THEN a refused one leaves the saved token in place, a good one replaces it", async () => {
    await pixel("destination.add", { pixelId: PIXEL, accessToken: GOOD, testEventCode: "" });
    const before = await prisma.destination.findFirstOrThrow({ where: { shopDomain: shop } });
    const refused = await pixel("destination.update", { destinationId: before.id, accessToken: FOR_OTHER_PIXEL, testEventCode: "" });
    expect(refused.errors["destination.accessToken"]).toMatch(/may not send to pixel/);
    expect((await prisma.destination.findFirstOrThrow({ where: { id: before.id } })).accessTokenEnc).toBe(before.accessTokenEnc);

    const kept = await pixel("destination.update", { destinationId: before.id, accessToken: "", testEventCode: "TEST4242" });
    // No new token, nothing to check.
    expect(kept).toMatchObject({ ok: true, tokenCheck: null });
  });

  it("GIVEN Meta out of reach (503) THEN the pixel is stored and the page says the token could not be checked", async () => {
    meta.fail({ mode: "http_503", endpoint: "pixel" });
    const added = await pixel("destination.add", { pixelId: PIXEL, accessToken: GOOD, testEventCode: "" });
    expect(added).toMatchObject({
      ok: true,
      tokenCheck: { confirmed: false, text: expect.stringMatching(/could not reach Meta to check this token/) },
    });
    expect(await prisma.destination.count({ where: { shopDomain: shop } })).toBe(1);
  });
});

describe("tandem shop configure: the token is checked with Meta", () => {
  const configure = (token: string, pixelId = PIXEL) =>
    tandem("shop", "configure", "--shop", shop, "--pixel-id", pixelId, "--access-token", token);

  it("GIVEN a good token THEN created, and the output says Meta confirmed it", async () => {
    const result = await configure(GOOD);
    expect(result.code).toBe(0);
    expect(result.out).toContain(`Meta confirmed this token may send to pixel ${PIXEL} ("Harbour Goods").`);
    expect(result.out).not.toContain(GOOD);
  });

  it("GIVEN a token for another pixel THEN refused with words and exit code 1, nothing stored", async () => {
    const result = await configure(FOR_OTHER_PIXEL);
    expect(result.code).not.toBe(0);
    expect(result.err).toMatch(new RegExp(`--access-token: This access token may not send to pixel ${PIXEL}`));
    expect(result.err).not.toMatch(/Unsupported get request|OAuthException/);
    expect(result.err).not.toContain(FOR_OTHER_PIXEL);
    expect(await prisma.destination.count({ where: { shopDomain: shop } })).toBe(0);
  });
});

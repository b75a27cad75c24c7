import { afterEach, describe, expect, it } from "vitest";
import type { MetaEmulator } from "../../scripts/lib/meta-emulator/index";
import { PIXEL, startTestEmulator, TOKEN } from "../../scripts/lib/meta-emulator/test-helpers";

// GET /{version}/{pixel_id}: the harmless read that proves a token may act on a pixel.

let emulator: MetaEmulator;
afterEach(() => emulator.close());

type Answer = { error?: Record<string, unknown>; id?: string; name?: string; html?: string };

async function readPixel(pixelId: string, token: string | null, fields = "id,name") {
  const response = await fetch(`${emulator.url}/v26.0/${pixelId}?fields=${fields}`, {
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  });
  const text = await response.text();
  // A 503 from a failure plan is a load balancer's HTML page, not JSON.
  return { status: response.status, json: (text.startsWith("{") ? JSON.parse(text) : { html: text }) as Answer };
}

describe("reading a pixel (GET /{version}/{pixel_id})", () => {
  it("GIVEN a token with access THEN 200 with only the fields asked for, and the request is recorded", async () => {
    ({ emulator } = await startTestEmulator({ pixelNames: { [PIXEL]: "Harbour Goods" } }));
    expect(await readPixel(PIXEL, TOKEN)).toEqual({ status: 200, json: { id: PIXEL, name: "Harbour Goods" } });
    expect(await readPixel(PIXEL, TOKEN, "id")).toEqual({ status: 200, json: { id: PIXEL } });
    expect(emulator.requests()[0]).toMatchObject({ method: "GET", pixelId: PIXEL, status: 200 });
    expect(emulator.acceptedCount()).toBe(0);
  });

  it("GIVEN no token, one Meta cannot parse, or a revoked one THEN code 190 (subcode 460 when revoked)", async () => {
    ({ emulator } = await startTestEmulator({ revokedTokens: ["EAArevoked"] }));
    expect((await readPixel(PIXEL, null)).json.error).toMatchObject({ code: 190, type: "OAuthException" });
    const garbled = await readPixel(PIXEL, "not-a-meta-token-at-all");
    expect(garbled).toMatchObject({
      status: 400,
      json: { error: { code: 190, message: expect.stringMatching(/Cannot parse access token/) } },
    });
    expect(garbled.json.error?.error_subcode).toBeUndefined();
    expect((await readPixel(PIXEL, "EAArevoked")).json.error).toMatchObject({ code: 190, error_subcode: 460 });
  });

  it("GIVEN a token granted other pixels only THEN code 100 subcode 33, as Meta answers an object the token cannot load", async () => {
    ({ emulator } = await startTestEmulator({ tokenAccess: { [TOKEN]: ["999999999999999"] } }));
    const refused = await readPixel(PIXEL, TOKEN);
    expect(refused).toMatchObject({ status: 400, json: { error: { code: 100, error_subcode: 33, type: "GraphMethodException" } } });
    expect(refused.json.error?.message).toMatch(
      new RegExp(`Object with ID '${PIXEL}' does not exist, cannot be loaded due to missing permissions`),
    );
    expect((await readPixel("999999999999999", TOKEN)).status).toBe(200);
    emulator.grantToken(TOKEN, [PIXEL]);
    expect((await readPixel(PIXEL, TOKEN)).status).toBe(200);
  });

  it("GIVEN a failure plan for the pixel endpoint THEN it answers the read and leaves /events alone", async () => {
    ({ emulator } = await startTestEmulator());
    emulator.fail({ mode: "http_503", endpoint: "pixel" });
    expect((await readPixel(PIXEL, TOKEN)).status).toBe(503);
    expect((await readPixel(PIXEL, TOKEN)).status).toBe(200);
  });

  it("GIVEN the control routes THEN grant and pixel set what the read answers", async () => {
    ({ emulator } = await startTestEmulator());
    const control = (route: string, body: unknown) =>
      fetch(`${emulator.url}/_emulator/${route}`, { method: "POST", body: JSON.stringify(body) }).then((r) => r.status);
    expect(await control("grant", { token: TOKEN, pixelIds: ["999999999999999"] })).toBe(200);
    expect(await control("pixel", { pixelId: PIXEL, name: "Shop pixel" })).toBe(200);
    expect(await control("grant", { token: TOKEN, pixelIds: ["abc"] })).toBe(400);
    expect((await readPixel(PIXEL, TOKEN)).json.error).toMatchObject({ code: 100, error_subcode: 33 });
    emulator.grantToken(TOKEN, [PIXEL]);
    expect((await readPixel(PIXEL, TOKEN)).json).toEqual({ id: PIXEL, name: "Shop pixel" });
  });
});

import { afterEach, describe, expect, it } from "vitest";
import type { MetaEmulator } from "../../scripts/lib/meta-emulator/index";
import { postEvents, PIXEL, startTestEmulator, TOKEN, validEvent } from "../../scripts/lib/meta-emulator/test-helpers";

// /events refuses a token that was not made for the pixel, as Meta does: (#100) subcode 33,
// "Unsupported post request. Object with ID ... cannot be loaded due to missing permissions".
// A pixel nobody declared a token for still takes any token, which is what most scenarios use.

const OTHER_PIXEL = "9876543210";
const OTHER_TOKEN = "EAAB-other-token";

let emulator: MetaEmulator;
afterEach(() => emulator.close());

const send = (token: string, pixel = PIXEL, index = 0) =>
  postEvents(emulator, { data: [validEvent(index)], access_token: token }, { pixel });

function expectRefused(response: Awaited<ReturnType<typeof send>>, pixel: string) {
  expect(response.status).toBe(400);
  expect(response.json?.error).toMatchObject({ code: 100, error_subcode: 33, type: "GraphMethodException" });
  expect(response.json?.error?.message).toMatch(
    new RegExp(`^Unsupported post request\\. Object with ID '${pixel}' does not exist, cannot be loaded due to missing permissions`),
  );
}

describe("which token may send to which pixel", () => {
  it("GIVEN no token declared THEN any token sends to any pixel", async () => {
    ({ emulator } = await startTestEmulator());
    expect((await send(TOKEN)).status).toBe(200);
    expect((await send("anything-at-all", OTHER_PIXEL, 1)).status).toBe(200);
    expect(emulator.acceptedCount()).toBe(2);
  });

  it("GIVEN a token granted one pixel THEN it sends there, another pixel refuses it with 100/33, and nothing is accepted for the refusal", async () => {
    ({ emulator } = await startTestEmulator({ tokenAccess: { [TOKEN]: [PIXEL] } }));
    expect((await send(TOKEN)).status).toBe(200);
    expectRefused(await send(TOKEN, OTHER_PIXEL, 1), OTHER_PIXEL);
    expect(emulator.acceptedCount({ pixelId: OTHER_PIXEL })).toBe(0);
    expect(emulator.requests().at(-1)).toMatchObject({ pixelId: OTHER_PIXEL, status: 400, errorCode: 100, errorSubcode: 33 });
  });

  it("GIVEN a pixel whose token is declared THEN every other token is refused for it, while undeclared pixels still take any", async () => {
    ({ emulator } = await startTestEmulator());
    emulator.grantToken(TOKEN, [PIXEL]);
    expectRefused(await send(OTHER_TOKEN), PIXEL);
    expect((await send(OTHER_TOKEN, OTHER_PIXEL, 1)).status).toBe(200);
    expect(emulator.acceptedCount({ pixelId: PIXEL })).toBe(0);
    // A second token granted the same pixel sends too.
    emulator.grantToken(OTHER_TOKEN, [PIXEL, OTHER_PIXEL]);
    expect((await send(OTHER_TOKEN, PIXEL, 2)).status).toBe(200);
    expect(emulator.acceptedCount({ pixelId: PIXEL })).toBe(1);
  });

  it("GIVEN a refused token and an invalid event THEN the permission error wins, as the token is checked first", async () => {
    ({ emulator } = await startTestEmulator({ tokenAccess: { [TOKEN]: [PIXEL] } }));
    const response = await postEvents(emulator, { data: [validEvent(0, { event_name: "" })], access_token: OTHER_TOKEN }, { pixel: PIXEL });
    expectRefused(response, PIXEL);
  });

  it("GIVEN the control route THEN a grant made over HTTP refuses other tokens on /events too", async () => {
    ({ emulator } = await startTestEmulator());
    const granted = await fetch(`${emulator.url}/_emulator/grant`, {
      method: "POST",
      body: JSON.stringify({ token: TOKEN, pixelIds: [PIXEL] }),
    });
    expect(granted.status).toBe(200);
    expectRefused(await send(OTHER_TOKEN), PIXEL);
    expect((await send(TOKEN, PIXEL, 1)).status).toBe(200);
  });
});

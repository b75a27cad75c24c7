import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { MetaEmulator } from "../../scripts/lib/meta-emulator/index";
import { postEvents, sendBatch, startTestEmulator, TOKEN, validEvent } from "../../scripts/lib/meta-emulator/test-helpers";

let emulator: MetaEmulator;
afterEach(() => emulator.close());

describe("access tokens", () => {
  it("GIVEN no token anywhere THEN code 190 OAuthException and nothing accepted", async () => {
    ({ emulator } = await startTestEmulator());
    const response = await postEvents(emulator, { data: [validEvent()] });
    expect(response.status).toBe(400);
    expect(response.json?.error).toMatchObject({ code: 190, type: "OAuthException", is_transient: false });
    expect(emulator.acceptedCount()).toBe(0);
    expect(emulator.requests()[0]).toMatchObject({ status: 400, errorCode: 190 });
  });

  it("GIVEN a token revoked at start THEN code 190 subcode 460; other tokens still work", async () => {
    ({ emulator } = await startTestEmulator({ revokedTokens: [TOKEN] }));
    const revoked = await sendBatch(emulator, [validEvent()]);
    expect(revoked.json?.error).toMatchObject({ code: 190, error_subcode: 460 });

    const other = await postEvents(emulator, { data: [validEvent()], access_token: "another-token" });
    expect(other.status).toBe(200);
    expect(emulator.acceptedCount()).toBe(1);
  });

  it("GIVEN revokeToken then restoreToken THEN requests fail with 190 in between and succeed after", async () => {
    ({ emulator } = await startTestEmulator());
    emulator.revokeToken(TOKEN);
    const viaQuery = await postEvents(emulator, { data: [validEvent(0)] }, { query: `?access_token=${TOKEN}` });
    const viaBearer = await postEvents(emulator, { data: [validEvent(0)] }, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect([viaQuery.json?.error?.code, viaBearer.json?.error?.code]).toEqual([190, 190]);

    emulator.restoreToken(TOKEN);
    expect((await sendBatch(emulator, [validEvent(1)])).status).toBe(200);
    expect(emulator.acceptedCount()).toBe(1);
  });

  it("GIVEN a revoked token and an invalid event THEN the token error wins (Meta checks auth first)", async () => {
    ({ emulator } = await startTestEmulator({ revokedTokens: [TOKEN] }));
    const response = await sendBatch(emulator, [validEvent(0, { event_name: "" })]);
    expect(response.json?.error?.code).toBe(190);
  });

  it("GIVEN appSecret THEN a missing or wrong appsecret_proof is rejected with code 100 and the right one (body or query) accepted", async () => {
    ({ emulator } = await startTestEmulator({ appSecret: "shh" }));
    const proof = createHmac("sha256", "shh").update(TOKEN).digest("hex");
    const missing = await sendBatch(emulator, [validEvent(0)]);
    const wrong = await sendBatch(emulator, [validEvent(0)], {
      appsecret_proof: createHmac("sha256", "other").update(TOKEN).digest("hex"),
    });
    expect([missing.json?.error?.code, wrong.json?.error?.code]).toEqual([100, 100]);
    expect(wrong.json?.error?.message).toContain("appsecret_proof");

    expect((await sendBatch(emulator, [validEvent(1)], { appsecret_proof: proof })).status).toBe(200);
    expect(
      (await postEvents(emulator, { data: [validEvent(2)], access_token: TOKEN }, { query: `?appsecret_proof=${proof}` })).status,
    ).toBe(200);
    expect(emulator.acceptedCount()).toBe(2);
  });
});

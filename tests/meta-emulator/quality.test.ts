import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { initiateCheckoutRow, purchaseRow } from "../../scripts/lib/meta-emulator/quality-fixtures";
import { startTestEmulator, NOW_S, PIXEL, TOKEN, validEvent } from "../../scripts/lib/meta-emulator/test-helpers";
import type { MetaEmulator } from "../../scripts/lib/meta-emulator/types";

// GET /{version}/dataset_quality: configured answers per agent name and unfiltered, an
// answer derived from accepted events when nothing is configured, Graph's field
// selection, and the failures a merchant meets (permission, unknown field, partial
// answer, rate limit).

// Graph answers are read loosely here: the assertions are the schema.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

let meta: MetaEmulator;
beforeAll(async () => {
  ({ emulator: meta } = await startTestEmulator());
});
afterAll(() => meta.close());
beforeEach(() => meta.reset());

async function quality(params: Record<string, string>, token: string | null = TOKEN) {
  const url = new URL(`${meta.url}/v26.0/dataset_quality`);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, body: (await response.json()) as Loose };
}

const send = (events: object[], partnerAgent?: string) =>
  fetch(`${meta.url}/v26.0/${PIXEL}/events`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ data: events, access_token: TOKEN, ...(partnerAgent && { partner_agent: partnerAgent }) }),
  });

describe("GET /dataset_quality", () => {
  it("GIVEN configured rows THEN agent_name=tandem answers Tandem's rows and no agent_name the unfiltered ones", async () => {
    meta.setDatasetQuality(PIXEL, {
      agents: { tandem: [purchaseRow()] },
      all: [purchaseRow({ event_match_quality: { composite_score: 5.2 } }), initiateCheckoutRow()],
    });
    const filtered = await quality({
      dataset_id: PIXEL,
      agent_name: "tandem",
      fields: "web{event_name,event_match_quality{composite_score}}",
    });
    expect(filtered.status).toBe(200);
    expect(filtered.body).toEqual({ web: [{ event_name: "Purchase", event_match_quality: { composite_score: 8.1 } }] });
    const all = await quality({ dataset_id: PIXEL, fields: "web{event_name,event_match_quality{composite_score}}" });
    expect(all.body.web.map((r: { event_name: string }) => r.event_name)).toEqual(["Purchase", "InitiateCheckout"]);
    expect(all.body.web[0].event_match_quality.composite_score).toBe(5.2);
    expect(
      meta
        .requests()
        .filter((r) => r.path.endsWith("/dataset_quality"))
        .map((r) => r.agentName ?? null),
    ).toEqual(["tandem", null]);
  });

  it("GIVEN nothing configured THEN the answer is derived from accepted events, filtered by their partner_agent", async () => {
    await send([validEvent(1), validEvent(2)], "tandem");
    await send([{ ...validEvent(3), user_data: { client_ip_address: "203.0.113.9", client_user_agent: "UA" } }], "otherapp_2_1");
    const ours = await quality({
      dataset_id: PIXEL,
      agent_name: "tandem",
      fields: "web{event_name,event_match_quality,dedupe_key_feedback}",
    });
    expect(ours.body.web).toHaveLength(1);
    expect(ours.body.web[0].event_match_quality.match_key_feedback).toContainEqual({ identifier: "email", coverage: { percentage: 100 } });
    const theirs = await quality({ dataset_id: PIXEL, agent_name: "otherapp" });
    expect(theirs.body.web[0].event_match_quality.match_key_feedback.map((k: { identifier: string }) => k.identifier)).toEqual([
      "ip_address",
      "user_agent",
    ]);
    const all = await quality({ dataset_id: PIXEL });
    expect(all.body.web[0].event_match_quality.match_key_feedback).toContainEqual({ identifier: "email", coverage: { percentage: 66.7 } });
  });

  it("GIVEN a field the node type does not have THEN code 100 naming it; the table's spelling is unknown unless the emulator is told otherwise", async () => {
    const answer = await quality({ dataset_id: PIXEL, fields: "web{event_name,dedup_key_feedback}" });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({
      code: 100,
      message: "(#100) Tried accessing nonexisting field (dedup_key_feedback) on node type (AdsPixelCAPIIntegrationQuality)",
    });
    const nested = await quality({ dataset_id: PIXEL, fields: "web{event_match_quality{composite_score,shoe_size}}" });
    expect(nested.body.error.message).toContain("(shoe_size) on node type (AdsPixelCAPIEMQ)");
  });

  it("GIVEN failure plans for dataset_quality THEN permission, rate limit, unknown field and a partial answer; /events is untouched", async () => {
    meta.setDatasetQuality(PIXEL, { all: [purchaseRow(), initiateCheckoutRow()] });
    meta.fail({ mode: "permission", code: 200, endpoint: "dataset_quality" });
    meta.fail({ mode: "throttle", code: 80004, endpoint: "dataset_quality" });
    meta.fail({ mode: "unknown_field", field: "acr", endpoint: "dataset_quality" });
    meta.fail({ mode: "partial", endpoint: "dataset_quality" });
    expect((await send([validEvent(1)])).status).toBe(200);
    expect((await quality({ dataset_id: PIXEL })).body.error).toMatchObject({ code: 200 });
    expect((await quality({ dataset_id: PIXEL })).body.error).toMatchObject({ code: 80004, is_transient: true });
    expect((await quality({ dataset_id: PIXEL, fields: "web{event_name,acr{percentage}}" })).body.error.message).toContain(
      "nonexisting field (acr)",
    );
    const partial = await quality({ dataset_id: PIXEL });
    expect(partial.status).toBe(200);
    const full = Object.keys(purchaseRow()).length;
    expect(Object.keys(partial.body.web[0]).length).toBeLessThan(full);
    expect(partial.body.web[0].event_name).toBe("Purchase");
    expect((await quality({ dataset_id: PIXEL })).body.web).toHaveLength(2);
  });

  it("GIVEN no token or a revoked one THEN code 190; GIVEN no dataset_id THEN code 100", async () => {
    expect((await quality({ dataset_id: PIXEL }, null)).body.error.code).toBe(190);
    meta.revokeToken(TOKEN);
    expect((await quality({ dataset_id: PIXEL })).body.error).toMatchObject({ code: 190, error_subcode: 460 });
    meta.restoreToken(TOKEN);
    expect((await quality({})).body.error.code).toBe(100);
    expect(NOW_S).toBeGreaterThan(0);
  });
});

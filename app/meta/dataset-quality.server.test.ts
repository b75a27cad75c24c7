import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMetaEmulator, type MetaEmulator } from "../../scripts/lib/meta-emulator";
import { initiateCheckoutRow, purchaseRow } from "../../scripts/lib/meta-emulator/quality-fixtures";
import { createQualityClient } from "./dataset-quality.server";

// Tandem's Dataset Quality client over real HTTP against the Meta emulator: both readings,
// Meta's two spellings of the dedup field, a field a Graph version does not know, and the
// failures a merchant meets, each as a result in words, never a throw.

const PIXEL = "1234567890123456";
const TOKEN = "EAAB-quality-client-token";
let meta: MetaEmulator;
let strictTable: MetaEmulator;
beforeAll(async () => {
  meta = await startMetaEmulator();
  strictTable = await startMetaEmulator({ dedupSpelling: "dedup_key_feedback" });
});
afterAll(async () => {
  await meta.close();
  await strictTable.close();
});
beforeEach(() => {
  meta.reset();
  strictTable.reset();
});

const client = (emulator: MetaEmulator) => createQualityClient({ baseUrl: emulator.url, version: "v26.0" });

describe("readDatasetQuality", () => {
  it("GIVEN Meta's rows THEN the filtered and unfiltered readings come back normalized, the token never in a URL", async () => {
    meta.setDatasetQuality(PIXEL, {
      agents: { tandem: [purchaseRow()] },
      all: [purchaseRow({ event_match_quality: { composite_score: 5 } }), initiateCheckoutRow()],
    });
    const ours = await client(meta).readDatasetQuality({ datasetId: PIXEL, accessToken: TOKEN, agentName: "tandem" });
    const all = await client(meta).readDatasetQuality({ datasetId: PIXEL, accessToken: TOKEN });
    expect(ours).toMatchObject({ ok: true, notRequested: [], events: [{ eventName: "Purchase", emq: 8.1 }] });
    expect(all.ok && all.events.map((e) => [e.eventName, e.emq])).toEqual([
      ["Purchase", 5],
      ["InitiateCheckout", 6.4],
    ]);
    expect(ours.ok && ours.events[0].dedupKeys?.[0].overallBrowserCoverage).toBe(88.4);
    for (const request of meta.requests()) expect(JSON.stringify(request)).not.toContain(TOKEN);
  });

  it("GIVEN a Graph that knows only the table's spelling THEN the client asks again with it and reads the dedup feedback", async () => {
    strictTable.setDatasetQuality(PIXEL, { all: [purchaseRow({}, "dedup_key_feedback")] });
    const result = await client(strictTable).readDatasetQuality({ datasetId: PIXEL, accessToken: TOKEN });
    expect(result).toMatchObject({ ok: true, notRequested: [] });
    expect(result.ok && result.events[0].dedupKeys?.[0].key).toBe("event_id");
    expect(strictTable.requests().map((r) => r.errorCode ?? 200)).toEqual([100, 200]);
  });

  it("GIVEN a field the version does not know THEN it is asked again without it and reported as not requested", async () => {
    meta.setDatasetQuality(PIXEL, { all: [purchaseRow()] });
    meta.fail({ mode: "unknown_field", field: "acr", endpoint: "dataset_quality" });
    const result = await client(meta).readDatasetQuality({ datasetId: PIXEL, accessToken: TOKEN });
    expect(result).toMatchObject({ ok: true, notRequested: ["acr"] });
    expect(result.ok && result.events[0]).toMatchObject({ emq: 8.1, acr: null });
  });

  it("GIVEN a partial answer THEN the missing metrics are null and the rest is read", async () => {
    meta.setDatasetQuality(PIXEL, { all: [purchaseRow()] });
    meta.fail({ mode: "partial", endpoint: "dataset_quality" });
    const result = await client(meta).readDatasetQuality({ datasetId: PIXEL, accessToken: TOKEN });
    expect(result.ok).toBe(true);
    const event = result.ok ? result.events[0] : null;
    const values = [event?.emq, event?.acr, event?.eventCoverage, event?.dedupKeys, event?.freshness, event?.potentialIncrease];
    expect(values.filter((v) => v === null || v === undefined).length).toBeGreaterThan(0);
    expect(values.filter((v) => v !== null && v !== undefined).length).toBeGreaterThan(0);
  });

  it("GIVEN permission, token, rate-limit and network failures THEN each is its kind, never a throw", async () => {
    meta.fail({ mode: "permission", code: 200, endpoint: "dataset_quality" });
    meta.fail({ mode: "permission", code: 10, endpoint: "dataset_quality" });
    meta.fail({ mode: "throttle", code: 80004, endpoint: "dataset_quality" });
    meta.fail({ mode: "throttle", code: 17, endpoint: "dataset_quality" });
    meta.fail({ mode: "http_503", endpoint: "dataset_quality" });
    const read = () => client(meta).readDatasetQuality({ datasetId: PIXEL, accessToken: TOKEN });
    expect(await read()).toMatchObject({ ok: false, kind: "permission", code: 200 });
    expect(await read()).toMatchObject({ ok: false, kind: "permission", code: 10 });
    expect(await read()).toMatchObject({ ok: false, kind: "rate_limited", code: 80004 });
    expect(await read()).toMatchObject({ ok: false, kind: "rate_limited", code: 17 });
    expect(await read()).toMatchObject({ ok: false, kind: "transient", httpStatus: 503 });
    meta.revokeToken(TOKEN);
    expect(await read()).toMatchObject({ ok: false, kind: "token", code: 190 });
  });

  it("GIVEN a server that never answers THEN a transient timeout result", async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as AddressInfo;
    const result = await createQualityClient({ baseUrl: `http://127.0.0.1:${port}`, version: "v26.0", timeoutMs: 200 }).readDatasetQuality({
      datasetId: PIXEL,
      accessToken: TOKEN,
    });
    expect(result).toMatchObject({ ok: false, kind: "transient" });
    expect(!result.ok && result.message).toMatch(/timed out/i);
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });
});

import { afterEach, describe, expect, it } from "vitest";
import type { MetaEmulator } from "../../scripts/lib/meta-emulator/index";
import { sendBatch, startTestEmulator, validEvent } from "../../scripts/lib/meta-emulator/test-helpers";

let emulator: MetaEmulator;
afterEach(() => emulator.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(check: () => boolean) {
  while (!check()) await sleep(10);
}

describe("held answers", () => {
  it("GIVEN holdAnswers THEN successes and errors wait, pending, until releaseAnswers; later requests are answered at once", async () => {
    ({ emulator } = await startTestEmulator());
    emulator.holdAnswers();
    let answered = 0;
    const ok = sendBatch(emulator, [validEvent(0)]).finally(() => (answered += 1));
    const bad = sendBatch(emulator, [validEvent(1, { event_name: "" })]).finally(() => (answered += 1));
    await until(() => emulator.pendingRequests() === 2);
    // Both requests were read and decided; neither has its answer.
    expect(answered).toBe(0);
    expect(emulator.acceptedCount()).toBe(1);
    emulator.releaseAnswers();
    expect([(await ok).status, (await bad).status]).toEqual([200, 400]);
    expect(emulator.pendingRequests()).toBe(0);
    expect((await sendBatch(emulator, [validEvent(2)])).status).toBe(200);
  });

  it("GIVEN a held answer WHEN the emulator closes THEN close does not wait for a release", async () => {
    ({ emulator } = await startTestEmulator());
    emulator.holdAnswers();
    const request = sendBatch(emulator, [validEvent(0)]).catch((error: unknown) => error);
    await until(() => emulator.pendingRequests() === 1);
    await emulator.close();
    expect(await request).toBeInstanceOf(Error);
  });
});

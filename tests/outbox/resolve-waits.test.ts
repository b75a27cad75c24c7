import { describe, expect, it } from "vitest";
import { resolveWaits } from "../../app/outbox/resolve-waits.server";
import { db, seedDestination, type Seeded, seedEvents, useMetaEmulatorWithFreshDb, workerFor } from "../delivery/fixtures";

// Events waiting for a consent signal: decided once their grace period ends, with the
// shop's settings and whatever facts are stored by then.

const emulator = useMetaEmulatorWithFreshDb();

type Facts = {
  signal: null | { marketing: boolean; analytics: boolean; saleOfData: boolean; source?: string };
  countries: string[];
  usStates: string[];
};

async function waiting(target: Seeded, prefix: string, facts: Facts | string, consentUntil: Date): Promise<string> {
  const [eventId] = await seedEvents(target, {
    count: 1,
    prefix,
    status: "waiting_consent",
    extra: {
      consentAction: "wait",
      consentReason: "awaiting_signal",
      consentUntil,
      consentFacts: typeof facts === "string" ? facts : JSON.stringify(facts),
    },
  });
  return eventId;
}

const row = (eventId: string) => db.outboxEvent.findFirstOrThrow({ where: { eventId } });

describe("resolveWaits", () => {
  it("GIVEN waits past their deadline THEN each is decided by the shop's mode and the stored facts", async () => {
    const regional = await seedDestination({ settings: { consent: { mode: "regional" } } });
    const strict = await seedDestination({ settings: { consent: { mode: "strict" } } });
    const now = new Date();
    const past = new Date(now.getTime() - 1_000);
    const allow = await waiting(
      regional,
      "allow",
      { signal: { marketing: true, analytics: true, saleOfData: true, source: "pixel_receipt" }, countries: ["DE"], usStates: [] },
      past,
    );
    const optOut = await waiting(
      regional,
      "optout",
      { signal: { marketing: true, analytics: true, saleOfData: false }, countries: ["US"], usStates: ["NY"] },
      past,
    );
    const eu = await waiting(regional, "eu", { signal: null, countries: ["FR"], usStates: [] }, past);
    const california = await waiting(regional, "ca", { signal: null, countries: ["US"], usStates: ["CA"] }, past);
    const canada = await waiting(regional, "canada", { signal: null, countries: ["CA"], usStates: [] }, past);
    const garbage = await waiting(regional, "garbage", "not json", past);
    const strictNone = await waiting(strict, "strict", { signal: null, countries: ["US"], usStates: [] }, past);
    const notYet = await waiting(regional, "notyet", { signal: null, countries: ["FR"], usStates: [] }, new Date(now.getTime() + 60_000));

    const summary = await resolveWaits({ now });
    expect(summary).toEqual({ decided: 7, sent: 4, blocked: 3, skipped: 0, failed: 0, stillWaiting: 0 });

    expect(await row(allow)).toMatchObject({ status: "pending", consentAction: "send", consentReason: "signal_allows_marketing" });
    expect(JSON.parse((await row(allow)).payload).data_processing_options).toEqual([]);
    const ldu = await row(optOut);
    expect(ldu).toMatchObject({ status: "pending", consentAction: "send_ldu", consentReason: "sale_of_data_opt_out_ldu" });
    expect(JSON.parse(ldu.payload)).toMatchObject({
      data_processing_options: ["LDU"],
      data_processing_options_country: 0,
      data_processing_options_state: 0,
    });
    expect(await row(eu)).toMatchObject({
      status: "blocked",
      consentReason: "no_signal_opt_in_region",
      lastError: "Consent: no_signal_opt_in_region",
    });
    const ca = await row(california);
    expect(ca).toMatchObject({ status: "pending", consentAction: "send_ldu", consentReason: "no_signal_ldu_state" });
    expect(JSON.parse(ca.payload)).toMatchObject({ data_processing_options_country: 1, data_processing_options_state: 1000 });
    expect(await row(canada)).toMatchObject({ status: "pending", consentReason: "no_signal_outside_opt_in_regions" });
    // Unreadable facts are "nothing known": never permission.
    expect(await row(garbage)).toMatchObject({ status: "blocked", consentReason: "no_signal_unknown_region" });
    expect(await row(strictNone)).toMatchObject({ status: "blocked", consentReason: "strict_no_signal" });
    expect(await row(notYet)).toMatchObject({ status: "waiting_consent" });
  });

  it("GIVEN a shop whose settings cannot be read THEN fails closed (strict)", async () => {
    const broken = await seedDestination({ settings: { consent: { mode: "sometimes" } } });
    const id = await waiting(broken, "broken", { signal: null, countries: ["US"], usStates: [] }, new Date(Date.now() - 1));
    await resolveWaits({ now: new Date() });
    expect(await row(id)).toMatchObject({ status: "blocked", consentReason: "strict_no_signal" });
  });

  it("GIVEN the worker runs THEN decided waits are sent in the same iteration, LDU included, and blocked ones never", async () => {
    const d = await seedDestination();
    const past = new Date(Date.now() - 1_000);
    const ldu = await waiting(d, "ldu", { signal: null, countries: ["US"], usStates: ["TX"] }, past);
    const blocked = await waiting(
      d,
      "blocked",
      { signal: { marketing: false, analytics: true, saleOfData: true }, countries: ["US"], usStates: [] },
      past,
    );
    const result = await workerFor(emulator).runOnce();
    expect(result.waits).toMatchObject({ decided: 2, sent: 1, blocked: 1 });
    expect(result.delivered).toBe(1);
    const [accepted] = emulator.accepted();
    expect(accepted.event).toMatchObject({ event_id: ldu, data_processing_options: ["LDU"] });
    expect(emulator.acceptedCount({ eventId: blocked })).toBe(0);
  });
});

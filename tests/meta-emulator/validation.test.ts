import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SUBCODE } from "../../scripts/lib/meta-emulator/graph-errors";
import type { MetaEmulator } from "../../scripts/lib/meta-emulator/index";
import {
  DAY_S,
  eventWithUserData,
  HASH,
  NOW_S,
  postEvents,
  sendBatch,
  startTestEmulator,
  TOKEN,
  validEvent,
} from "../../scripts/lib/meta-emulator/test-helpers";

type Event = Record<string, unknown>;

let emulator: MetaEmulator;
beforeAll(async () => {
  ({ emulator } = await startTestEmulator());
});
beforeEach(() => emulator.reset());
afterAll(() => emulator.close());

const { invalidParameter, eventTooOld, eventInFuture, missingUserData, dataProcessingOptions } = SUBCODE;
const without =
  (key: string) =>
  (index: number): Event => {
    const event = validEvent(index);
    delete event[key];
    return event;
  };
const withFields = (fields: Event) => (index: number) => validEvent(index, fields);
const withUser = (fields: Event) => (index: number) => eventWithUserData(index, fields);
const withCustom = (fields: Event) => (index: number) => validEvent(index, { custom_data: { value: 10, currency: "EUR", ...fields } });

// [rule, the broken event, expected subcode, words the message must contain]
const brokenEvents: [string, (index: number) => Event, number, string][] = [
  ["event_name missing", without("event_name"), invalidParameter, "event_name"],
  ["event_name empty", withFields({ event_name: "  " }), invalidParameter, "event_name"],
  ["event_time missing", without("event_time"), invalidParameter, "event_time"],
  ["event_time as a string", withFields({ event_time: String(NOW_S) }), invalidParameter, "event_time"],
  ["event_time fractional", withFields({ event_time: NOW_S - 0.5 }), invalidParameter, "event_time"],
  ["event_time in milliseconds", withFields({ event_time: NOW_S * 1000 }), eventInFuture, "milliseconds"],
  ["event_time in the future", withFields({ event_time: NOW_S + 120 }), eventInFuture, "future"],
  ["event_time over 7 days old", withFields({ event_time: NOW_S - 7 * DAY_S - 60 }), eventTooOld, "more than 7 days in the past"],
  [
    "physical_store over 62 days old",
    withFields({ action_source: "physical_store", event_time: NOW_S - 62 * DAY_S - 60 }),
    eventTooOld,
    "more than 62 days",
  ],
  ["action_source missing", without("action_source"), invalidParameter, "action_source"],
  ["action_source unknown", withFields({ action_source: "web" }), invalidParameter, "action_source"],
  ["website without event_source_url", without("event_source_url"), invalidParameter, "event_source_url"],
  ["event_source_url not a URL", withFields({ event_source_url: "/thank-you" }), invalidParameter, "event_source_url"],
  ["website without client_user_agent", withUser({ client_user_agent: undefined }), invalidParameter, "client_user_agent"],
  ["event_id not a string", withFields({ event_id: 42 }), invalidParameter, "event_id"],
  ["user_data missing", without("user_data"), missingUserData, "user_data"],
  ["user_data empty", withFields({ action_source: "system_generated", user_data: {} }), missingUserData, "user_data"],
  ["user_data an array", withFields({ user_data: [HASH.em] }), missingUserData, "user_data"],
  ["em unhashed", withUser({ em: "john_smith@gmail.com" }), invalidParameter, "user_data.em"],
  ["ph unhashed inside an array", withUser({ ph: [HASH.ph, "16505551212"] }), invalidParameter, "user_data.ph"],
  ["external_id as a number", withUser({ external_id: 7390123456 }), invalidParameter, "user_data.external_id"],
  ["ln as an empty array", withUser({ ln: [] }), invalidParameter, "user_data.ln"],
  ["zp 63 hex characters", withUser({ zp: HASH.em.slice(1) }), invalidParameter, "user_data.zp"],
  ["ct the hash of an empty string", withUser({ ct: HASH.empty }), invalidParameter, "empty string"],
  [
    "country the hash of an empty string in upper case",
    withUser({ country: [HASH.empty.toUpperCase()] }),
    invalidParameter,
    "empty string",
  ],
  ["client_ip_address hashed", withUser({ client_ip_address: HASH.em }), invalidParameter, "looks hashed"],
  ["client_ip_address not an IP", withUser({ client_ip_address: "11.11.11" }), invalidParameter, "client_ip_address"],
  ["fbp hashed", withUser({ fbp: HASH.fn }), invalidParameter, "user_data.fbp looks hashed"],
  ["fbc hashed", withUser({ fbc: HASH.fn }), invalidParameter, "user_data.fbc looks hashed"],
  ["fbc without the fb. prefix", withUser({ fbc: "IwAR2F4-dbP0l7Mn1" }), invalidParameter, "user_data.fbc"],
  ["fbc with 3 segments", withUser({ fbc: "fb.1.1764150000000" }), invalidParameter, "user_data.fbc"],
  ["fbp with 6 segments", withUser({ fbp: "fb.1.1764150000000.123.AQ.x" }), invalidParameter, "user_data.fbp"],
  ["fbp with a non-digit subdomain index", withUser({ fbp: "fb.x.1764150000000.123" }), invalidParameter, "user_data.fbp"],
  ["misspelt user_data key", withUser({ email: HASH.em }), invalidParameter, "user_data.email"],
  ["Purchase without custom_data", withFields({ custom_data: undefined }), invalidParameter, "custom_data"],
  ["Purchase without value", withFields({ custom_data: { currency: "USD" } }), invalidParameter, "custom_data.value"],
  ["Purchase without currency", withFields({ custom_data: { value: 10 } }), invalidParameter, "custom_data.currency"],
  ["value as a string", withCustom({ value: "10.00" }), invalidParameter, "custom_data.value"],
  ["currency not ISO 4217", withCustom({ currency: "XYZ" }), invalidParameter, "custom_data.currency"],
  ["currency a symbol", withCustom({ currency: "$" }), invalidParameter, "custom_data.currency"],
  [
    "currency on another event invalid",
    withFields({ event_name: "AddToCart", custom_data: { value: 1, currency: "EURO" } }),
    invalidParameter,
    "custom_data.currency",
  ],
  ["content_ids with numbers", withCustom({ content_ids: [4411] }), invalidParameter, "content_ids"],
  [
    "data_processing_options not an array",
    withFields({ data_processing_options: "LDU" }),
    dataProcessingOptions,
    "data_processing_options",
  ],
  [
    "data_processing_options unknown value",
    withFields({ data_processing_options: ["GDPR"], data_processing_options_country: 1, data_processing_options_state: 1000 }),
    dataProcessingOptions,
    'got ["GDPR"]',
  ],
  [
    "data_processing_options LDU plus another",
    withFields({ data_processing_options: ["LDU", "X"], data_processing_options_country: 0, data_processing_options_state: 0 }),
    dataProcessingOptions,
    'got ["LDU","X"]',
  ],
  [
    "LDU without country",
    withFields({ data_processing_options: ["LDU"], data_processing_options_state: 1000 }),
    dataProcessingOptions,
    "data_processing_options_country",
  ],
  [
    "LDU with state as a string",
    withFields({ data_processing_options: ["LDU"], data_processing_options_country: 1, data_processing_options_state: "1000" }),
    dataProcessingOptions,
    "data_processing_options_state",
  ],
  ["event not an object", () => "Purchase" as unknown as Event, invalidParameter, "JSON object"],
];

describe("one invalid event rejects the whole request", () => {
  it.each(brokenEvents)(
    "GIVEN %s at index 2 THEN 400, code 100, the subcode, and the index named",
    async (_rule, broken, subcode, words) => {
      const response = await sendBatch(emulator, [validEvent(0), validEvent(1), broken(2)]);

      expect(response.status).toBe(400);
      expect(response.json?.error).toMatchObject({ code: 100, error_subcode: subcode, type: "OAuthException", is_transient: false });
      expect(response.json?.error?.error_user_msg).toMatch(/^Event 2: /);
      expect(response.json?.error?.error_user_msg).toContain(words);
      expect(emulator.acceptedCount()).toBe(0);
      expect(emulator.requests()[0]).toMatchObject({ status: 400, errorCode: 100, errorSubcode: subcode, eventCount: 3 });
    },
  );

  it("GIVEN a batch of 50 with one stale event at index 37 THEN nothing of the 50 is accepted", async () => {
    const events = Array.from({ length: 50 }, (_, index) => validEvent(index));
    events[37] = validEvent(37, { event_time: NOW_S - 8 * DAY_S });
    const response = await sendBatch(emulator, events);
    expect(response.json?.error).toMatchObject({
      code: 100,
      error_subcode: eventTooOld,
      error_user_msg: "Event 37: event_time is more than 7 days in the past",
    });
    expect(emulator.acceptedCount()).toBe(0);
  });

  it("GIVEN two bad events THEN the first one is named", async () => {
    const response = await sendBatch(emulator, [validEvent(0), validEvent(1, { event_name: "" }), validEvent(2, { event_time: 1 })]);
    expect(response.json?.error?.error_user_msg).toMatch(/^Event 1: event_name/);
  });
});

describe("request-level problems", () => {
  it("GIVEN 1,000 events THEN all are accepted; GIVEN 1,001 THEN the request is rejected with code 100", async () => {
    const thousand = Array.from({ length: 1000 }, (_, index) => validEvent(index));
    expect((await sendBatch(emulator, thousand)).json).toMatchObject({ events_received: 1000 });

    const tooMany = await sendBatch(emulator, [...thousand, validEvent(1000)]);
    expect(tooMany.status).toBe(400);
    expect(tooMany.json?.error).toMatchObject({ code: 100, error_subcode: SUBCODE.tooManyEvents });
    expect(tooMany.json?.error?.error_user_msg).toContain("1001");
    expect(emulator.acceptedCount()).toBe(1000);
  });

  it.each([
    ["body not JSON", "{data: ["],
    ["body a JSON array", JSON.stringify([validEvent()])],
    ["data missing", JSON.stringify({ access_token: TOKEN })],
    ["data an object", JSON.stringify({ data: validEvent(), access_token: TOKEN })],
    ["data empty", JSON.stringify({ data: [], access_token: TOKEN })],
    ["test_event_code a number", JSON.stringify({ data: [validEvent()], access_token: TOKEN, test_event_code: 123 })],
  ])("GIVEN %s THEN 400 with code 100 and nothing accepted", async (_case, body) => {
    const response = await postEvents(emulator, body, { query: `?access_token=${TOKEN}` });
    expect(response.status).toBe(400);
    expect(response.json?.error).toMatchObject({ code: 100, error_subcode: expect.any(Number) });
    expect(String(response.json?.error?.error_subcode)).toMatch(/^2804\d{3}$/);
    expect(emulator.acceptedCount()).toBe(0);
  });
});

describe("valid variations Meta accepts", () => {
  const accepted: [string, Event][] = [
    ["event 6 days old", validEvent(0, { event_time: NOW_S - 6 * DAY_S })],
    ["event 5 s in the future (clock skew)", validEvent(0, { event_time: NOW_S + 5 })],
    [
      "physical_store 60 days old without a URL",
      validEvent(0, { action_source: "physical_store", event_time: NOW_S - 60 * DAY_S, event_source_url: undefined }),
    ],
    ["upper-case hex hashes", eventWithUserData(0, { em: HASH.em.toUpperCase() })],
    ["a 5-segment fbc", eventWithUserData(0, { fbc: "fb.1.1764150000000.IwAR2F4-dbP0l7Mn1.Bg" })],
    ["an IPv6 address", eventWithUserData(0, { client_ip_address: "2001:db8::7" })],
    ["lower-case currency", validEvent(0, { custom_data: { value: 0, currency: "jpy" } })],
    [
      "LDU with country and state",
      validEvent(0, { data_processing_options: ["LDU"], data_processing_options_country: 1, data_processing_options_state: 1000 }),
    ],
    ["empty data_processing_options", validEvent(0, { data_processing_options: [] })],
    [
      "system_generated with only external_id",
      validEvent(0, { action_source: "system_generated", event_source_url: undefined, user_data: { external_id: [HASH.fn] } }),
    ],
    ["an event without custom_data that is not a Purchase", validEvent(0, { event_name: "InitiateCheckout", custom_data: undefined })],
  ];
  it.each(accepted)("GIVEN %s THEN 200", async (_case, event) => {
    const response = await sendBatch(emulator, [JSON.parse(JSON.stringify(event))]);
    expect(response.json).toMatchObject({ events_received: 1 });
    expect(emulator.acceptedCount()).toBe(1);
  });
});

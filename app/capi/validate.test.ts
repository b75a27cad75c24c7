import { describe, expect, it } from "vitest";
import { validateEventsRequest, validateServerEvent } from "./validate";
import { EMPTY_STRING_SHA256 } from "./hash";
import { h } from "./test-fixtures";

const NOW = new Date("2026-11-26T12:00:00Z");
const NOW_S = NOW.getTime() / 1000;

const good = () => ({
  event_name: "Purchase",
  event_time: NOW_S - 60,
  event_id: "purchase_1",
  action_source: "website",
  event_source_url: "https://shop.example/products/x",
  user_data: { em: [h("a@b.co")], client_user_agent: "Mozilla/5.0", client_ip_address: "203.0.113.1", fbp: "fb.1.1795630000000.1" },
  custom_data: { value: 10.5, currency: "USD", content_ids: ["1"], contents: [{ id: "1", quantity: 1, item_price: 10.5 }] },
});

const codes = (event: unknown) => validateServerEvent(event, NOW).map((p) => `${p.path}:${p.code}`);

describe("validateServerEvent", () => {
  it("GIVEN a well-formed website Purchase THEN no problem", () => {
    expect(validateServerEvent(good(), NOW)).toEqual([]);
  });

  it("GIVEN a website event without source URL and user agent THEN both problems are reported", () => {
    const event = good();
    delete (event as Record<string, unknown>).event_source_url;
    delete (event.user_data as Record<string, unknown>).client_user_agent;
    expect(codes(event)).toEqual(["event_source_url:required", "user_data.client_user_agent:required"]);
  });

  it("GIVEN a physical_store event without source URL or user agent THEN fine", () => {
    const event = { ...good(), action_source: "physical_store", event_source_url: undefined, user_data: { em: [h("a@b.co")] } };
    expect(codes(event)).toEqual([]);
  });

  it.each([
    ["milliseconds", NOW.getTime(), "event_time:event_time_in_milliseconds"],
    ["the future", NOW_S + 1, "event_time:event_time_in_future"],
    ["8 days ago", NOW_S - 8 * 86_400, "event_time:event_time_too_old"],
    ["a string", "1795694292", "event_time:required"],
    ["a fraction", NOW_S - 0.5, "event_time:required"],
  ])("GIVEN event_time in %s THEN %s", (_label, time, expected) => {
    expect(codes({ ...good(), event_time: time })).toEqual([expected]);
  });

  it("GIVEN a physical_store event 30 days old THEN fine; 63 days old THEN too old", () => {
    const store = { ...good(), action_source: "physical_store" };
    expect(codes({ ...store, event_time: NOW_S - 30 * 86_400 })).toEqual([]);
    expect(codes({ ...store, event_time: NOW_S - 63 * 86_400 })).toEqual(["event_time:event_time_too_old"]);
  });

  it("GIVEN bad hashes of several kinds THEN each one is reported with its path", () => {
    const event = good();
    event.user_data = {
      ...event.user_data,
      em: ["a@b.co"],
      ph: [h("1"), h("2").toUpperCase()],
      fn: [EMPTY_STRING_SHA256],
      ln: [],
      country: "us",
    } as never;
    expect(codes(event)).toEqual([
      "user_data.em.0:invalid_hash",
      "user_data.ph.1:invalid_hash",
      "user_data.fn.0:empty_string_hash",
      "user_data.ln:empty_value",
      "user_data.country:invalid_hash",
    ]);
  });

  it("GIVEN an unknown user_data key or an empty fbp THEN reported", () => {
    expect(codes({ ...good(), user_data: { ...good().user_data, email: "a@b.co", fbp: "" } })).toEqual([
      "user_data.fbp:invalid_type",
      "user_data.email:unknown_key",
    ]);
  });

  it.each([
    [{ value: 1, currency: "usd" }, ["custom_data.currency:invalid_currency"]],
    [{ value: 1, currency: "XYZ" }, ["custom_data.currency:invalid_currency"]],
    [{ currency: "USD" }, ["custom_data.value:required"]],
    [{ value: 1 }, ["custom_data.currency:required"]],
    [{ value: -1, currency: "USD" }, ["custom_data.value:invalid_value"]],
    [{ value: "10.50", currency: "USD" }, ["custom_data.value:invalid_value"]],
    [{ value: 1, currency: "USD", contents: [{ id: "1", quantity: 0 }] }, ["custom_data.contents:invalid_type"]],
    [{ value: 1, currency: "USD", content_ids: [1] }, ["custom_data.content_ids:invalid_type"]],
  ])("GIVEN Purchase custom_data %j THEN %j", (customData, expected) => {
    expect(codes({ ...good(), custom_data: customData })).toEqual(expected);
  });

  it("GIVEN an InitiateCheckout without value THEN fine (value is required on Purchase only)", () => {
    expect(codes({ ...good(), event_name: "InitiateCheckout", custom_data: { content_ids: ["1"] } })).toEqual([]);
  });

  it.each([
    [{ data_processing_options: [] }, []],
    [{ data_processing_options: ["LDU"], data_processing_options_country: 1, data_processing_options_state: 1000 }, []],
    [{ data_processing_options: ["LDU"], data_processing_options_country: 0, data_processing_options_state: 0 }, []],
    [
      { data_processing_options: ["LDU"] },
      ["data_processing_options_country:invalid_data_processing_options", "data_processing_options_state:invalid_data_processing_options"],
    ],
    [{ data_processing_options: ["ldu"] }, ["data_processing_options:invalid_data_processing_options"]],
    [{ data_processing_options: "LDU" }, ["data_processing_options:invalid_data_processing_options"]],
    [{ data_processing_options_country: 1 }, ["data_processing_options:required"]],
  ])("GIVEN %j THEN %j", (extra, expected) => {
    expect(codes({ ...good(), ...extra })).toEqual(expected);
  });

  it("GIVEN an event with many faults THEN every one is reported, not just the first", () => {
    expect(codes({ event_time: NOW_S + 100, action_source: "web", user_data: {} })).toEqual([
      "event_name:required",
      "event_time:event_time_in_future",
      "action_source:invalid_action_source",
      "user_data:required",
    ]);
  });

  it("GIVEN a non-object THEN one problem", () => {
    expect(codes(null)).toEqual([":not_an_object"]);
  });
});

describe("validateEventsRequest", () => {
  it("GIVEN 1,001 events THEN too_many_events", () => {
    const problems = validateEventsRequest({ data: Array.from({ length: 1001 }, good) }, NOW);
    expect(problems).toEqual([{ path: "data", code: "too_many_events", message: "Meta accepts at most 1000 events per request." }]);
  });

  it("GIVEN 1,000 good events THEN no problem", () => {
    expect(validateEventsRequest({ data: Array.from({ length: 1000 }, good) }, NOW)).toEqual([]);
  });

  it("GIVEN bad events at positions 1 and 3 THEN problems carry their index", () => {
    const data = [good(), { ...good(), event_time: NOW.getTime() }, good(), { ...good(), custom_data: { currency: "USD" } }];
    expect(validateEventsRequest({ data }, NOW).map((p) => [p.eventIndex, p.path, p.code])).toEqual([
      [1, "data.1.event_time", "event_time_in_milliseconds"],
      [3, "data.3.custom_data.value", "required"],
    ]);
  });

  it("GIVEN no data array or an empty one THEN reported", () => {
    expect(validateEventsRequest({}, NOW).map((p) => p.code)).toEqual(["required"]);
    expect(validateEventsRequest({ data: [] }, NOW).map((p) => p.code)).toEqual(["no_events"]);
  });
});

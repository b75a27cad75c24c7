import { describe, expect, it } from "vitest";
import { firstSend, type BrowserStore } from "./sent-once";

// Shopify's browser.localStorage is asynchronous; a Map behind promises is the same contract.
function store(initial: Record<string, string> = {}): BrowserStore & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return { data, getItem: async (key) => data.get(key) ?? null, setItem: async (key, value) => void data.set(key, value) };
}

describe("a Purchase's browser hit once per order", () => {
  it("GIVEN an order's Purchase sent WHEN the thank-you page loads again THEN not again; another order still goes", async () => {
    const browser = store();
    expect(await firstSend(browser, "purchase_1001")).toBe(true);
    expect(await firstSend(browser, "purchase_1001")).toBe(false);
    expect(await firstSend(browser, "purchase_1002")).toBe(true);
    expect(JSON.parse(browser.data.get("_tandem_sent_purchases")!)).toEqual(["purchase_1001", "purchase_1002"]);
  });

  it("GIVEN many orders THEN only the newest twenty ids are kept", async () => {
    const browser = store();
    for (let n = 0; n < 25; n++) await firstSend(browser, `purchase_${n}`);
    const kept = JSON.parse(browser.data.get("_tandem_sent_purchases")!);
    expect(kept).toHaveLength(20);
    expect(kept[0]).toBe("purchase_5");
  });

  it("GIVEN no storage, storage that throws, or a value not ours THEN the hit is sent", async () => {
    expect(await firstSend(undefined, "purchase_1")).toBe(true);
    const refusing: BrowserStore = { getItem: async () => Promise.reject(new Error("denied")), setItem: async () => undefined };
    expect(await firstSend(refusing, "purchase_1")).toBe(true);
    expect(await firstSend(store({ _tandem_sent_purchases: "{not json" }), "purchase_1")).toBe(true);
    expect(await firstSend(store({ _tandem_sent_purchases: '{"a":1}' }), "purchase_1")).toBe(true);
  });
});

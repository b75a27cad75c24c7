// The theme embed's pixel audit in real Chromium: a theme page that also carries another
// Meta pixel snippet (Meta's base code, its own pixel, a Purchase with an event id Tandem
// did not make) is reported once, with ids and event names only; a page with only
// Tandem's pixel reports nothing.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { launchChromium } from "../../scripts/lib/chromium";
import { startStorefront } from "../../scripts/lib/storefront-server";

const OWN = "111222333444555";
const OTHER = "999888777666555";
// Meta's base code as merchants paste it into theme.liquid (fbevents.js from this test server).
const SECOND_SNIPPET = `<script>
!function(f,b,e,v,n,t,s){if(f.fbq)return;n=f.fbq=function(){n.callMethod?n.callMethod.apply(n,arguments):n.queue.push(arguments)};
if(!f._fbq)f._fbq=n;n.push=n;n.loaded=!0;n.version='2.0';n.queue=[];t=b.createElement(e);t.async=!0;t.src=v;
s=b.getElementsByTagName(e)[0];s.parentNode.insertBefore(t,s)}(window,document,'script','/fbevents.js');
fbq('init', '${OTHER}');
fbq('track', 'PageView');
fbq('track', 'Purchase', {value: 19.99, currency: 'USD'}, {eventID: 'order-7781'});
</script>`;

let browser: Browser;
let context: BrowserContext;
let store: Awaited<ReturnType<typeof startStorefront>>;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser?.close());
afterEach(async () => {
  await context?.close();
  await store?.close();
});

async function open(headHtml?: string): Promise<Page> {
  store = await startStorefront({ pixelIds: [OWN], headHtml });
  context = await browser.newContext();
  await context.addInitScript(() => {
    (window as unknown as { __consent: unknown }).__consent = { m: true, a: true, s: true };
  });
  const page = await context.newPage();
  await page.goto(`${store.url}/products/tee`);
  // Tandem's own pixel is live and its PageView has gone out: the page has settled.
  await page.waitForFunction(() =>
    ((window as unknown as { __fbqCalls?: unknown[][] }).__fbqCalls ?? []).some((c) => c[0] === "track" && c[1] === "PageView"),
  );
  // ... and its request reached "Meta" (what the audit reads, with everything before it).
  await page.waitForFunction(() => performance.getEntriesByType("resource").some((e) => e.name.includes("/tr/")));
  return page;
}

const audit = (page: Page) => page.evaluate(() => (window as unknown as { Tandem: { audit(): unknown } }).Tandem.audit());

async function until(check: () => boolean, what: string) {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("pixel audit (theme embed, Chromium)", () => {
  it("GIVEN a second Meta pixel snippet that fires a Purchase with its own event id THEN both are reported once, ids and names only", async () => {
    const page = await open(SECOND_SNIPPET);
    await until(() => store.state.auditReports.length > 0, "the audit report");
    expect(store.state.auditReports).toHaveLength(1);
    const report = store.state.auditReports[0] as Record<string, unknown>;
    expect(report).toEqual({
      v: 1,
      shop_key: "storefront-key",
      page: "product",
      order: "before",
      pixels: [OTHER],
      events: expect.arrayContaining([`Purchase:${OTHER}`]),
    });
    expect(JSON.stringify(report)).not.toContain("order-7781");
    // Once per session for the same findings: asked again, it reports nothing new.
    expect(await audit(page)).toMatchObject({ pixels: [OTHER] });
    await page.reload();
    await page.waitForFunction(() => performance.getEntriesByType("resource").some((e) => e.name.includes("/tr/")));
    await page.evaluate(() => window.dispatchEvent(new Event("pagehide")));
    expect(store.state.auditReports).toHaveLength(1);
  });

  it("GIVEN only Tandem's pixel on the page THEN the audit finds nothing and sends nothing", async () => {
    const page = await open();
    expect(await audit(page)).toBeNull();
    await page.evaluate(() => window.dispatchEvent(new Event("pagehide")));
    expect(store.state.fbqCalls.some((c) => c.args[0] === "track")).toBe(true);
    expect(store.state.auditReports).toEqual([]);
  });
});

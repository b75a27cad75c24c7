import type { Page } from "playwright-core";

/** The headings, buttons, links and tables under <main> that React has not hydrated yet. */
function dehydrated(): string[] {
  return [...document.querySelectorAll("main h2, main button, main a, main table")]
    .filter((element) => !Object.keys(element).some((key) => key.startsWith("__reactFiber$")))
    .map((element) => `${element.tagName.toLowerCase()} "${(element.textContent ?? "").trim().slice(0, 40)}"`);
}

/**
 * Waits until React has hydrated every part of the page's content (each heading, button,
 * link and table under <main> carries React's fiber key). Remix hydrates in slices, after
 * the page's load event, so a hydration error in a part appears only once that part has
 * hydrated: checking the console before would miss it. Fails naming the parts still
 * dehydrated if that never happens.
 */
export async function waitForFullHydration(page: Page, timeout = 60_000): Promise<void> {
  try {
    await page.waitForFunction(`(${dehydrated.toString()})().length === 0`, undefined, { timeout, polling: 100 });
  } catch {
    throw new Error(`not hydrated after ${timeout} ms: ${(await page.evaluate(dehydrated)).join(", ")}`);
  }
}

import type { Page } from "playwright-core";
import { expect } from "vitest";

/**
 * The page fits its width: nothing makes the document scroll sideways (a merchant on a
 * phone, or in the admin's iframe, never has to). On failure, names the first elements
 * that reach past the right edge.
 */
export async function expectNoSidewaysScroll(page: Page, what: string): Promise<void> {
  const { overflow, wide } = await page.evaluate(() => ({
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    wide: [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(0, 5)
      .map((el) => `${el.tagName}.${el.className}`.slice(0, 80)),
  }));
  expect(overflow, `${what} scrolls sideways: ${wide.join(" | ")}`).toBeLessThanOrEqual(0);
}

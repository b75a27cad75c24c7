import type { Page } from "playwright-core";
import { waitForFullHydration } from "./hydrated";

/**
 * Waits until every part of an admin page is hydrated (they hydrate apart, after the frame:
 * tests/support/hydrated.ts) and nothing it asked for is still on its way: the
 * Remix router idle (no navigation, revalidation or fetcher running), no chart still
 * loading its library and nothing marked busy (the orders page's figures), seen on three
 * polls in a row so that an effect that starts a request right after hydration is caught.
 * Instead of `waitForLoadState("networkidle")`, which always waits 500 ms of network quiet.
 */
export async function pageSettled(page: Page, timeout = 60_000): Promise<void> {
  await waitForFullHydration(page, timeout);
  await page.waitForFunction(
    () => {
      type Router = {
        state: {
          initialized: boolean;
          navigation: { state: string };
          revalidation: string;
          fetchers: Map<string, { state: string }>;
        };
      };
      const w = window as unknown as { __remixRouter?: Router; __settledPolls?: number };
      const router = w.__remixRouter;
      const idle =
        router !== undefined &&
        router.state.initialized &&
        router.state.navigation.state === "idle" &&
        router.state.revalidation === "idle" &&
        [...router.state.fetchers.values()].every((fetcher) => fetcher.state === "idle") &&
        document.querySelector('[data-chart="loading"], [data-figures-loading], [aria-busy="true"]') === null;
      w.__settledPolls = idle ? (w.__settledPolls ?? 0) + 1 : 0;
      return w.__settledPolls >= 3;
    },
    undefined,
    { polling: 50, timeout },
  );
}

import { statSync } from "node:fs";
import path from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The order files start in: weight by weight (sequence.groupOrder), and within a weight the
 * longest first, whatever project they belong to, so that the workers finish together
 * instead of one worker running the longest file alone at the end. Vitest's own order runs
 * a weight's projects one after the other and, without the results of an earlier run (a
 * fresh clone in CI), keeps the files unordered.
 *
 * A file's expected length is its last run's duration when vitest kept one
 * (node_modules/.vite), else the estimate below, else a guess from its size. Only the order
 * depends on these figures: every file runs, whatever they say.
 */
const ESTIMATED_SECONDS: Record<string, number> = {
  "tests/routes/app/accessibility.browser.test.ts": 70,
  "tests/routes/app/admin-pages.browser.test.ts": 53,
  "tests/routes/overview/storefront-status.browser.test.ts": 38,
  "tests/routes/settings/settings-pixels.browser.test.ts": 31,
  "tests/postgres/multi-worker.test.ts": 29,
  "tests/routes/overview/accuracy-pixels.browser.test.ts": 28,
  "tests/quality/quality-page.browser.test.ts": 25,
  "tests/storefront/theme-embed.browser.test.ts": 22,
  "tests/routes/overview/overview-outage.browser.test.ts": 22,
  "tests/routes/orders/orders-page.browser.test.ts": 27,
  "tests/postgres/fault-run.test.ts": 23,
  "tests/pipeline/crash.test.ts": 25,
  "tests/routes/settings/settings-test-event.browser.test.ts": 20,
  "tests/routes/overview/rollup-equivalence.test.ts": 14,
  "tests/delivery/worker.test.ts": 14,
  "tests/postgres/schema-drift.test.ts": 12,
  "tests/hostile/redact-many-orders.test.ts": 11,
  "tests/routes/orders/lifecycle-page.browser.test.ts": 12,
  "tests/routes/settings/settings-page.browser.test.ts": 10,
  "tests/foundation/lint-rules.test.ts": 7,
  "tests/cli/cli.test.ts": 7,
  "tests/hostile/hostile-run.test.ts": 11,
  "tests/storefront/pixel-consent.browser.test.ts": 5,
  "tests/delivery/delivery-faults.test.ts": 6,
  "tests/routes/consent/consent-pixels.browser.test.ts": 26,
  "tests/routes/orders/orders-phone-locale.browser.test.ts": 14,
  "tests/routes/orders/order-class-detail.browser.test.ts": 12,
  "tests/routes/settings/activation-fresh.browser.test.ts": 10,
  "tests/routes/login/login-page.browser.test.ts": 8,
  "tests/storefront/pixel-audit.browser.test.ts": 6,
  "tests/routes/events/event-log.browser.test.ts": 6,
  "tests/routes/events/key-notes.browser.test.ts": 6,
};
// A file of which nothing is known: about a second per 4 kB of test code.
const SECONDS_PER_BYTE = 1 / 4096;

export default class HeaviestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const expected = new Map<TestSpecification, number>();
    for (const spec of files) {
      const file = path.relative(root, spec.moduleId);
      const last = this.ctx.cache.getFileTestResults(`${spec.project.name}:${file}`)?.duration;
      expected.set(spec, last !== undefined ? last / 1000 : (ESTIMATED_SECONDS[file] ?? sizeGuess(spec.moduleId)));
    }
    return [...files].sort(
      (a, b) => a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder || expected.get(b)! - expected.get(a)!,
    );
  }
}

function sizeGuess(file: string): number {
  try {
    return statSync(file).size * SECONDS_PER_BYTE;
  } catch {
    return 0;
  }
}

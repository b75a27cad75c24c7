import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { TestSpecification, Vitest } from "vitest/node";
import HeaviestFirst from "./heaviest-first";

// The sequencer reads four things of vitest: the root, the last run's durations (its
// results cache), each file's path and its project's name and group order. A stand-in for
// them states what the order depends on, without running a whole vitest.
const root = mkdtempSync(path.join(tmpdir(), "heaviest-first-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

type Spec = { file: string; project?: string; groupOrder?: number };
const spec = ({ file, project = "integration", groupOrder = 0 }: Spec) =>
  ({ moduleId: path.join(root, file), project: { name: project, config: { sequence: { groupOrder } } } }) as unknown as TestSpecification;

// lastRun: the durations vitest kept, in ms, by "<project>:<file>".
function sort(specs: TestSpecification[], lastRun: Record<string, number> = {}): Promise<TestSpecification[]> {
  const ctx = {
    config: { root },
    cache: { getFileTestResults: (key: string) => (key in lastRun ? { duration: lastRun[key] } : undefined) },
  } as unknown as Vitest;
  return new HeaviestFirst(ctx).sort(specs);
}
const order = async (specs: TestSpecification[], lastRun?: Record<string, number>) =>
  (await sort(specs, lastRun)).map((s) => path.relative(root, s.moduleId));

function writeTestFile(file: string, bytes: number): string {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), "x".repeat(bytes));
  return file;
}

describe("heaviest-first sequencer", () => {
  it("GIVEN durations from the last run THEN the longest file starts first, whatever the estimates say", async () => {
    const files = ["tests/routes/app/accessibility.browser.test.ts", "tests/cli/cli.test.ts", "tests/a.test.ts"];
    const lastRun = {
      "integration:tests/routes/app/accessibility.browser.test.ts": 2_000,
      "integration:tests/cli/cli.test.ts": 30_000,
      "integration:tests/a.test.ts": 9_000,
    };
    expect(
      await order(
        files.map((file) => spec({ file })),
        lastRun,
      ),
    ).toEqual(["tests/cli/cli.test.ts", "tests/a.test.ts", "tests/routes/app/accessibility.browser.test.ts"]);
  });

  it("GIVEN the same file in two projects THEN each is weighed by its own project's last run", async () => {
    const file = "tests/b.test.ts";
    const lastRun = { "integration:tests/b.test.ts": 1_000, "integration-postgresql:tests/b.test.ts": 20_000 };
    const specs = [spec({ file }), spec({ file, project: "integration-postgresql" })];
    const sorted = await sort(specs, lastRun);
    expect(sorted.map((s) => s.project.name)).toEqual(["integration-postgresql", "integration"]);
  });

  it("GIVEN no last run (a fresh clone) THEN the estimates order the known files and an unknown file is weighed by its size", async () => {
    // 60 s and 7 s estimated; 40 kB of test code guesses 10 s; a file that cannot be read, 0 s.
    const big = writeTestFile("tests/new/big.test.ts", 40 * 1024);
    const small = writeTestFile("tests/new/small.test.ts", 1024);
    const files = ["tests/cli/cli.test.ts", small, "tests/gone.test.ts", big, "tests/routes/app/accessibility.browser.test.ts"];
    expect(await order(files.map((file) => spec({ file })))).toEqual([
      "tests/routes/app/accessibility.browser.test.ts",
      big,
      "tests/cli/cli.test.ts",
      small,
      "tests/gone.test.ts",
    ]);
  });

  it("GIVEN files of two weights THEN every file of the lower group order starts first, however long the others are", async () => {
    const specs = [
      spec({ file: "tests/routes/app/accessibility.browser.test.ts", project: "browser", groupOrder: 1 }),
      spec({ file: "tests/c.test.ts", project: "unit" }),
      spec({ file: "tests/cli/cli.test.ts" }),
    ];
    const lastRun = { "unit:tests/c.test.ts": 10 };
    expect(await order(specs, lastRun)).toEqual([
      "tests/cli/cli.test.ts",
      "tests/c.test.ts",
      "tests/routes/app/accessibility.browser.test.ts",
    ]);
  });

  it("GIVEN the files THEN every one of them is in the order, once", async () => {
    const files = ["tests/d.test.ts", "tests/e.test.ts", "tests/cli/cli.test.ts"];
    const sorted = await order(files.map((file) => spec({ file })));
    expect([...sorted].sort()).toEqual([...files].sort());
  });
});

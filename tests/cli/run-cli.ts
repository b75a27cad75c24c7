import { vi } from "vitest";
import { main } from "../../scripts/cli/main";

/**
 * Runs `tandem <argv>` in this process, as the command line would: `out` is what it printed,
 * `err` what it wrote to the error stream (kept off the test's own output).
 */
export async function tandem(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const lines: string[] = [];
  const errors: string[] = [];
  const quiet = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void errors.push(args.join(" ")));
  try {
    const code = await main(argv, (line) => lines.push(line));
    return { code, out: lines.join("\n"), err: errors.join("\n") };
  } finally {
    quiet.mockRestore();
  }
}

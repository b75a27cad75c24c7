import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const SCRIPT = fileURLToPath(new URL("../../scripts/meta-emulator.ts", import.meta.url));
let child: ChildProcess | undefined;
afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

// Runs node with tsx's loader directly (not through npx) so the signal reaches the
// emulator process itself, as Ctrl-C in a terminal would.
async function startCli(args: string[]): Promise<{ process: ChildProcess; url: string }> {
  const started = spawn(process.execPath, ["--import", "tsx", SCRIPT, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  child = started;
  let output = "";
  started.stdout!.setEncoding("utf8");
  for await (const chunk of started.stdout!) {
    output += chunk;
    if (output.includes("\n")) break;
  }
  return { process: started, url: output.split("\n")[0] };
}

describe("scripts/meta-emulator.ts", () => {
  it.each(["SIGTERM", "SIGINT"] as const)(
    "GIVEN --port 0 --latency-ms 50 THEN it prints the URL, serves, and exits 0 on %s",
    async (signal) => {
      const { process: cli, url } = await startCli(["--port", "0", "--latency-ms", "50"]);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

      const started = performance.now();
      const response = await fetch(`${url}/v26.0/1/events`, { method: "POST", body: "{}" });
      expect(response.status).toBe(400);
      expect(performance.now() - started).toBeGreaterThanOrEqual(45);

      cli.kill(signal);
      const [code] = await once(cli, "exit");
      expect(code).toBe(0);
      await expect(fetch(`${url}/_emulator/stats`)).rejects.toThrow(TypeError);
    },
  );

  it("GIVEN a bad --latency-ms THEN it exits 2 with a message naming the flag", async () => {
    const cli = spawn(process.execPath, ["--import", "tsx", SCRIPT, "--latency-ms", "soon"], { stdio: ["ignore", "pipe", "pipe"] });
    child = cli;
    let stderr = "";
    cli.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = await once(cli, "exit");
    expect(code).toBe(2);
    expect(stderr).toContain("--latency-ms");
  });
});

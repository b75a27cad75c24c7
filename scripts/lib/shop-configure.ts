/**
 * `tandem shop configure` run as a child process, as an operator runs it: the demo, the
 * benchmarks and the crash and fault runs connect their shop's Meta pixel this way, so
 * the CLI's own path (token sealing, consent mode, test event code) is what they exercise.
 * Asynchronous, so a Meta emulator running in the caller's own process can answer the
 * CLI's token check (a synchronous child would hold the caller's event loop until the
 * check gave up, and every run would report the token unchecked).
 */
import { spawn } from "node:child_process";
import path from "node:path";

export type ShopConfiguration = {
  shop: string;
  pixelId: string;
  accessToken: string;
  consentMode?: "strict" | "regional" | "off";
  testEventCode?: string;
  /** Laid over this process's environment: the database and the token key the app uses. */
  env?: Record<string, string>;
  /** Shows the CLI's own lines (the demo); otherwise they are kept for the error alone. */
  echo?: boolean;
};

export async function configureShopWithCli(configuration: ShopConfiguration): Promise<void> {
  const { shop, pixelId, accessToken, consentMode, testEventCode, env = {}, echo = false } = configuration;
  const args = ["shop", "configure", "--shop", shop, "--pixel-id", pixelId, "--access-token", accessToken];
  if (consentMode) args.push("--consent-mode", consentMode);
  if (testEventCode) args.push("--test-event-code", testEventCode);
  const child = spawn(process.execPath, [path.resolve("scripts", "tandem.mjs"), ...args], {
    env: { ...process.env, ...env },
    stdio: echo ? ["ignore", "inherit", "inherit"] : ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk) => (stderr += chunk));
  const status = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", resolve);
  });
  // Never the command line in the message: it holds the access token.
  if (status !== 0) throw new Error(`tandem shop configure for ${shop} failed (exit ${status ?? "unknown"})${stderr ? `: ${stderr}` : ""}`);
}

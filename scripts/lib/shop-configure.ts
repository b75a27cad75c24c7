/**
 * `tandem shop configure` run as a child process, as an operator runs it: the demo, the
 * benchmarks and the crash and fault runs connect their shop's Meta pixel this way, so
 * the CLI's own path (token sealing, consent mode, test event code) is what they exercise.
 */
import { execFileSync } from "node:child_process";
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

export function configureShopWithCli(configuration: ShopConfiguration): void {
  const { shop, pixelId, accessToken, consentMode, testEventCode, env = {}, echo = false } = configuration;
  const args = ["shop", "configure", "--shop", shop, "--pixel-id", pixelId, "--access-token", accessToken];
  if (consentMode) args.push("--consent-mode", consentMode);
  if (testEventCode) args.push("--test-event-code", testEventCode);
  try {
    execFileSync(process.execPath, [path.resolve("scripts", "tandem.mjs"), ...args], {
      env: { ...process.env, ...env },
      stdio: echo ? ["ignore", "inherit", "inherit"] : "pipe",
    });
  } catch (error) {
    // Not execFileSync's own message: it repeats the command line, access token included.
    const { status, stderr } = error as { status?: number | null; stderr?: Buffer | null };
    throw new Error(`tandem shop configure for ${shop} failed (exit ${status ?? "unknown"})${stderr?.length ? `: ${stderr}` : ""}`);
  }
}

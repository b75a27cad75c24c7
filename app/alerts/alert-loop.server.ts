import { getConfig } from "../config.server";
import { checkAllShops } from "./health-alerts.server";
import { createMailer } from "./mailer.server";

// Checks every shop's health every few minutes and mails transitions. Each instance may
// run it: the per-condition UPDATE and the unique email row keep mail to one per
// transition. An error is logged and the next round runs; no hot loop.

const INTERVAL_MS = 5 * 60_000;

export function startAlertLoop(options: { intervalMs?: number; log?: (message: string) => void } = {}): { stop(): Promise<void> } {
  const config = getConfig();
  const send = createMailer(config.SMTP_URL, config.ALERT_FROM);
  const log = options.log ?? ((message: string) => console.error(message));
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const round = () => {
    if (running || stopped) return;
    running = checkAllShops({ now: new Date(), send })
      .catch((error: unknown) => log(`health alerts: ${(error as Error)?.message ?? String(error)}`))
      .finally(() => (running = null));
  };
  const timer = setInterval(round, options.intervalMs ?? INTERVAL_MS);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

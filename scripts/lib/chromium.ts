import { chromium, type Browser } from "playwright-core";

// Debian's Chromium, as every browser test starts it. The flags let it run as root in a
// sandboxless container, and keep it from reaching for Google's services, which this
// offline machine refuses many at a time.
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

import { chromium, type Browser, type BrowserServer } from "playwright-core";

// Debian's Chromium, as every browser test starts it. The flags let it run as root in a
// sandboxless container, and keep it from reaching for Google's services, which this
// offline machine refuses many at a time. The host resolver answers "not found" for every
// name but the local machine, so a page's requests to the outside (fonts, Shopify's CDN)
// fail at once inside Chromium, without a test intercepting each request to refuse it;
// routes a test sets (App Bridge's script) are answered before any name is resolved.
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
];

const options = () => ({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });

/**
 * A Chromium for one test file or script. With TANDEM_CHROMIUM_ENDPOINT set (the browser
 * tests' global set-up starts one Chromium per run), a connection to that Chromium: a
 * launch is seconds of CPU per file, and every context a connection opens is as fresh as
 * in a browser of its own and closes with the connection. Without it, a Chromium of its own.
 */
export function launchChromium(): Promise<Browser> {
  const endpoint = process.env.TANDEM_CHROMIUM_ENDPOINT;
  return endpoint ? chromium.connect(endpoint) : chromium.launch(options());
}

/** One Chromium that test files connect to (launchChromium with TANDEM_CHROMIUM_ENDPOINT). */
export function launchChromiumServer(): Promise<BrowserServer> {
  return chromium.launchServer(options());
}

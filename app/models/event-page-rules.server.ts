/**
 * The domain and outbox rules the event page's loader and action use, through a server-only
 * module. A route module's imports stay in the page's browser bundle when the imported
 * module does work as it loads, even if only the loader calls them: the capi index builds its
 * payload schemas with zod, and the page shipped zod (over 300 KB) to the browser for helpers
 * the browser never runs. Remix leaves `.server` modules out of browser bundles.
 */
export { canonicalOrderId, hasBrowserCopy, parseKeyNotes } from "../capi";
export { replayVerdict } from "../outbox/replay-rules";

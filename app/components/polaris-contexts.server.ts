import { EphemeralPresenceManagerContext } from "@shopify/polaris/build/cjs/utilities/ephemeral-presence-manager/context.js";
import { FocusManagerContext } from "@shopify/polaris/build/cjs/utilities/focus-manager/context.js";
import { MediaQueryContext } from "@shopify/polaris/build/cjs/utilities/media-query/context.js";
import { PortalsManagerContext } from "@shopify/polaris/build/cjs/utilities/portals/context.js";

// The server's copies of the same context objects (see polaris-contexts.client.ts): Node
// loads Polaris by its package.json `main`, the CommonJS build, so these are the objects its
// components read while the server renders. A module ending in .server is left out of the
// browser's bundle, and one ending in .client out of the server's.
export const changingContexts = [MediaQueryContext, PortalsManagerContext, FocusManagerContext, EphemeralPresenceManagerContext];

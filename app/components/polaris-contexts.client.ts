import { EphemeralPresenceManagerContext } from "@shopify/polaris/build/esm/utilities/ephemeral-presence-manager/context.js";
import { FocusManagerContext } from "@shopify/polaris/build/esm/utilities/focus-manager/context.js";
import { MediaQueryContext } from "@shopify/polaris/build/esm/utilities/media-query/context.js";
import { PortalsManagerContext } from "@shopify/polaris/build/esm/utilities/portals/context.js";

// The browser's copies of Polaris's context objects that AppProvider's own components change
// in effects once mounted. The browser bundle takes Polaris's ESM build (its package.json
// `module`), so these are the very objects its components read; the server takes the CommonJS
// build (polaris-contexts.server.ts). Listed in steady-contexts.tsx, which says why.
export const changingContexts = [MediaQueryContext, PortalsManagerContext, FocusManagerContext, EphemeralPresenceManagerContext];

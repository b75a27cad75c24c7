// Polaris ships no types for its builds' internal modules (its .d.ts files describe the
// sources); the contexts polaris-contexts.{client,server}.ts take from them, as React sees them.
declare module "@shopify/polaris/build/*/context.js" {
  import type { Context } from "react";
  export const MediaQueryContext: Context<unknown>;
  export const PortalsManagerContext: Context<unknown>;
  export const FocusManagerContext: Context<unknown>;
  export const EphemeralPresenceManagerContext: Context<unknown>;
}

// App Bridge's web components (navigation, contextual save bar) and its global.
import type { DetailedHTMLProps, HTMLAttributes } from "react";

declare module "react" {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      "ui-nav-menu": DetailedHTMLProps<HTMLAttributes<HTMLElement>, HTMLElement>;
      "ui-save-bar": DetailedHTMLProps<HTMLAttributes<HTMLElement>, HTMLElement>;
    }
  }
}

declare global {
  interface Window {
    /** App Bridge (cdn.shopify.com/shopifycloud/app-bridge.js); absent outside the admin. */
    shopify?: {
      toast?: { show(message: string, options?: { isError?: boolean; duration?: number }): void };
      saveBar?: { show(id: string): Promise<void>; hide(id: string): Promise<void> };
      /** The app's extensions and where they are active (theme app extensions: on the published theme). */
      app?: { extensions(): Promise<unknown> };
    };
  }
}

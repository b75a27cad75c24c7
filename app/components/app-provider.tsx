import { Link as RemixLink } from "@remix-run/react";
import { AppProvider as PolarisAppProvider } from "@shopify/polaris";
import type { LinkLikeComponentProps } from "@shopify/polaris/build/ts/src/utilities/link";
import enTranslations from "@shopify/polaris/locales/en.json";
import type { ReactNode } from "react";

/**
 * The embedded admin's provider: Polaris plus the App Bridge script. A local stand-in
 * for @shopify/shopify-app-remix/react's AppProvider, whose ESM build the classic Remix
 * compiler cannot parse (docs/decisions/001-remix-classic-polaris-react.md).
 */
export function AppProvider({ apiKey, children }: { apiKey: string; children: ReactNode }) {
  return (
    <>
      <script src="https://cdn.shopify.com/shopifycloud/app-bridge.js" data-api-key={apiKey} />
      <PolarisAppProvider i18n={enTranslations} linkComponent={PolarisLink}>
        {children}
      </PolarisAppProvider>
    </>
  );
}

function PolarisLink({ url, children, external, ...rest }: LinkLikeComponentProps) {
  // shopify:admin/... links are App Bridge's way to open an admin page (an order) from the app.
  if (/^shopify:/.test(url)) {
    return (
      <a href={url} target="_top" {...rest}>
        {children}
      </a>
    );
  }
  if (external) {
    return (
      <a href={url} target="_blank" rel="noopener noreferrer" {...rest}>
        {children}
      </a>
    );
  }
  return (
    <RemixLink to={url} {...rest}>
      {children}
    </RemixLink>
  );
}

import { AppProvider as PolarisAppProvider, Card, EmptyState, Page } from "@shopify/polaris";
import enTranslations from "@shopify/polaris/locales/en.json";

/**
 * What the admin shows when Shopify or the database did not answer while a page loaded:
 * a Polaris page in words, with a retry, instead of a bare "500". It stands in for the
 * layout (whose data is missing when its own loader failed), so it brings Polaris' provider.
 */
export function FailurePage() {
  return (
    <PolarisAppProvider i18n={enTranslations}>
      <main>
        <Page title="Tandem">
          <Card>
            <EmptyState
              heading="This page could not load"
              action={{ content: "Try again", onAction: () => window.location.reload() }}
              image=""
            >
              <p>
                Shopify or Tandem&apos;s database did not answer in time. Sending to Meta does not depend on this page: orders that arrive
                meanwhile are kept and sent. Try again in a moment.
              </p>
            </EmptyState>
          </Card>
        </Page>
      </main>
    </PolarisAppProvider>
  );
}

import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, EmptyState, Layout, Page, Text } from "@shopify/polaris";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css";
import { HydrateApart } from "../../components/hydrate-apart";
import { useDateFormat } from "../../components/use-date-format";
import { matchKeyCoverage } from "../../models/overview-stats.server";
import { getShopProfile } from "../../shopify/shop-profile.server";
import { qualityDeps } from "../../quality/quality-loop.server";
import { refreshShopQuality } from "../../quality/quality-reads.server";
import { getPixelQuality } from "../../quality/quality-view.server";
import { getMetaCounts } from "../../models/meta-count-view.server";
import { authenticate } from "../../shopify.server";
import { listAuditFindings } from "../../models/audit-findings.server";
import { getPixelContact } from "../../models/pixel-contact.server";
import { describeContact } from "../../models/storefront-status";
import { AuditFindings } from "./audit-findings";
import { PixelQualitySection } from "./pixel-quality";

// Match quality: what Meta made of the events, per pixel and event, from Meta's Dataset
// Quality API (read daily, and on "Refresh"), beside what Tandem itself sent.

export const meta: MetaFunction = () => [{ title: "Match quality · Tandem" }];
export const links = () => [{ rel: "stylesheet", href: vizStyles }];

/** Tandem's own key coverage over Meta's window (Meta's figures are about the last 7 days). */
const OWN_COVERAGE_DAYS = 7;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const profile = await getShopProfile(session.shop, admin.graphql);
  const now = new Date();
  const [pixels, counts, own, findings, contact] = await Promise.all([
    getPixelQuality(session.shop, { timezone: profile.timezone, now }),
    getMetaCounts(session.shop, { timezone: profile.timezone, now }),
    matchKeyCoverage(session.shop, new Date(now.getTime() - OWN_COVERAGE_DAYS * 86_400_000)),
    listAuditFindings(session.shop),
    getPixelContact(session.shop, now),
  ]);
  // Fewer match keys from the browser because Shopify withholds protected customer data
  // from the pixel: said here, beside Meta's match quality it lowers, as on the overview.
  return json({ pixels, counts, own, findings, withheld: describeContact(contact) });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const read = await refreshShopQuality(session.shop, qualityDeps(new Date()));
  return json({ read });
};

export default function MatchQualityPage() {
  const { pixels, counts, own, findings, withheld } = useLoaderData<typeof loader>();
  const { format, dateTime } = useDateFormat();
  const busy = useNavigation().state === "submitting";
  return (
    <Page
      title="Match quality"
      subtitle="What Meta made of your events: its match quality score, suggestions, deduplication and coverage, read from Meta once a day."
      primaryAction={
        pixels.length ? (
          <Form method="post">
            <Button submit variant="primary" loading={busy}>
              Refresh from Meta
            </Button>
          </Form>
        ) : undefined
      }
    >
      <Layout>
        {withheld ? (
          <Layout.Section>
            <HydrateApart>
              <Banner tone="warning" title="Shopify withholds customer details from the web pixel">
                <BlockStack gap="100">
                  <Text as="p">{withheld.detail}</Text>
                  <Text as="p" tone="subdued">
                    {withheld.source}
                  </Text>
                </BlockStack>
              </Banner>
            </HydrateApart>
          </Layout.Section>
        ) : null}
        {pixels.length === 0 ? (
          <Layout.Section>
            <HydrateApart>
              <Card>
                <EmptyState heading="No Meta pixel connected" action={{ content: "Connect Meta", url: "/app/settings" }} image="">
                  <p>Once a pixel is connected, Tandem reads Meta's view of its events every day.</p>
                </EmptyState>
              </Card>
            </HydrateApart>
          </Layout.Section>
        ) : (
          pixels.map((pixel) => (
            <Layout.Section key={pixel.destinationId}>
              <HydrateApart>
                <PixelQualitySection
                  pixel={pixel}
                  counts={counts.find((c) => c.destinationId === pixel.destinationId) ?? null}
                  own={own}
                  locale={format.locale}
                  formatTime={dateTime}
                />
              </HydrateApart>
            </Layout.Section>
          ))
        )}
        <Layout.Section>
          <HydrateApart>
            <AuditFindings findings={findings} counts={counts} formatTime={dateTime} />
          </HydrateApart>
        </Layout.Section>
        <Layout.Section>
          <HydrateApart>
            <Banner tone="info">
              <Text as="p">
                Meta's figures cover the last days of events and lag behind by up to a day. "Tandem's events" counts only what Tandem sent
                (Meta's partner filter); "all events" is everything the pixel received, from Tandem and from anything else on your store.
              </Text>
            </Banner>
          </HydrateApart>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

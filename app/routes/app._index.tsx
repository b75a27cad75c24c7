import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Card, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { statusLabel } from "../components/event-labels";
import { getShopOverview } from "../models/overview.server";
import { ensureActivation } from "../shopify/activation.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  // The landing page retries a failed or outdated storefront activation (at most once a minute).
  const [overview, activation] = await Promise.all([getShopOverview(session.shop), ensureActivation({ shopDomain: session.shop, graphql: admin.graphql })]);
  return json({ ...overview, activation });
};

export default function Overview() {
  const overview = useLoaderData<typeof loader>();
  return (
    <Page title="Tandem">
      <Layout>
        {overview.activation.state === "failed" ? (
          <Layout.Section>
            <Banner tone="critical" title="The storefront pieces could not be set up" action={{ content: "Open settings", url: "/app/settings" }}>
              <p>{overview.activation.lastError}</p>
              <p>Tandem retries when you open the app; server-side sending is not affected.</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Meta destinations
              </Text>
              {overview.destinations.length === 0 ? (
                <Text as="p">No Meta pixel is connected yet: events are recorded as "not configured" and nothing is sent.</Text>
              ) : (
                overview.destinations.map((d) => (
                  <InlineStack key={d.id} gap="200" blockAlign="center">
                    <Text as="span" variant="bodyMd">
                      Pixel {d.pixelId}
                    </Text>
                    {d.pausedReason ? <Badge tone="critical">{`Paused: ${d.pausedReason}`}</Badge> : d.enabled ? <Badge tone="success">Sending</Badge> : <Badge>Disabled</Badge>}
                  </InlineStack>
                ))
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Events by status
              </Text>
              <Link to="/app/events">Open the event log</Link>
              {Object.keys(overview.byStatus).length === 0 ? (
                <Text as="p">No events yet.</Text>
              ) : (
                Object.entries(overview.byStatus).map(([status, count]) => (
                  <InlineStack key={status} gap="200" blockAlign="center">
                    <Badge tone={statusLabel(status).tone}>{statusLabel(status).label}</Badge>
                    <Text as="span">{count}</Text>
                  </InlineStack>
                ))
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

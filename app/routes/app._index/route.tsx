import { defer, json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Await, useLoaderData } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Card,
  Divider,
  EmptyState,
  InlineGrid,
  InlineStack,
  Layout,
  Link,
  List,
  Page,
  Text,
} from "@shopify/polaris";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css";
import { Suspense } from "react";
import { HydrateApart } from "../../components/hydrate-apart";
import { StorefrontStatusCard } from "../../components/storefront-status-card";
import { getConfig } from "../../config.server";
import { logger } from "../../logger.server";
import { getShopOverview } from "../../models/overview.server";
import { dayOf, formatDateTime, localeFrom } from "../../models/shop-time";
import { ensureActivation } from "../../shopify/activation.server";
import { getShopProfile } from "../../shopify/shop-profile.server";
import { themeEditorUrl } from "../../shopify/storefront-config";
import { handleStorefrontStatusPost, refreshWebPixelStatus } from "../../shopify/web-pixel-status.server";
import { authenticate } from "../../shopify.server";
import { DetailsFailed, DetailsLoading, OverviewDetails } from "./details-cards";
import { readOverviewDetails } from "./overview-details.server";

export const meta: MetaFunction = () => [{ title: "Overview · Tandem" }];
export const links = () => [{ rel: "stylesheet", href: vizStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  // The landing page retries a failed or outdated storefront activation (at most once a minute).
  const [profile, activation] = await Promise.all([
    getShopProfile(session.shop, admin.graphql),
    ensureActivation({ shopDomain: session.shop, graphql: admin.graphql }),
    // The web pixel's status for the storefront card, asked of Shopify at most every 10 minutes.
    refreshWebPixelStatus({ shopDomain: session.shop, graphql: admin.graphql }),
  ]);
  const today = dayOf(new Date(), profile.timezone);
  const editorUrl = themeEditorUrl(session.shop, getConfig().SHOPIFY_API_KEY);
  const overview = await getShopOverview(session.shop, { timezone: profile.timezone, themeEditorUrl: editorUrl });
  const locale = localeFrom(request);
  // The status, the set-up and the periods go out first; the cards below them, the
  // slowest reads on a big shop, follow in the same response (docs/decisions/086).
  const details = readOverviewDetails(session.shop, today, profile.timezone, locale).catch((error: unknown) => {
    logger.error({ err: error, path: "/app" }, "the overview's cards could not be read");
    throw new Error("The overview's cards could not be read.");
  });
  return defer({
    ...overview,
    activation,
    locale,
    lastDeliveredText: overview.lastDeliveredAt ? formatDateTime(overview.lastDeliveredAt, { timezone: profile.timezone, locale }) : null,
    themeEditorUrl: editorUrl,
    details,
  });
};

// The storefront card posts App Bridge's answer about the app embed, or asks to check the pixel again.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  return json(await handleStorefrontStatusPost({ shopDomain: session.shop, graphql: admin.graphql, form: await request.formData() }));
};

const STATUS_BANNER = {
  healthy: { tone: "success", title: "Tracking is healthy" },
  needs_attention: { tone: "warning", title: "Tracking needs attention" },
  not_set_up: { tone: "info", title: "Tracking is not set up yet" },
} as const;

/** A fix outside the app (the theme editor, Customer events) replaces the admin's page, not the app's frame. */
const bannerAction = (fix: { label: string; url: string } | undefined) =>
  fix ? { content: fix.label, url: fix.url, target: fix.url.startsWith("/") ? undefined : ("_top" as const) } : undefined;

export default function Overview() {
  const o = useLoaderData<typeof loader>();
  const fresh = o.status === "not_set_up" && o.periods.every((p) => p.received === 0);
  const banner = STATUS_BANNER[o.status];
  return (
    <Page title="Overview">
      <Layout>
        <Layout.Section>
          <HydrateApart>
            <Banner
              tone={banner.tone}
              title={banner.title}
              action={
                o.status === "not_set_up"
                  ? // A fresh install's empty state below has the same button: one "Connect Meta" on the screen.
                    fresh
                    ? undefined
                    : { content: "Connect Meta", url: "/app/settings" }
                  : bannerAction(o.conditions[0]?.fix)
              }
              secondaryAction={bannerAction(o.conditions[1]?.fix)}
            >
              {o.conditions.length ? (
                <List>
                  {o.conditions.map((c) => (
                    <List.Item key={c.key}>
                      <Text as="span" fontWeight="semibold">
                        {c.title}.
                      </Text>{" "}
                      {c.key === "activation_failed" ? (
                        // The detail is Shopify's technical answer: say what it means first.
                        <>
                          Tandem could not switch on its storefront pieces (the theme settings and the checkout pixel) through Shopify; it
                          tries again when this page opens, at most once a minute.{" "}
                          <Text as="span" tone="subdued">{`Details: ${c.detail}`}</Text>
                        </>
                      ) : (
                        c.detail
                      )}
                      {c.events && c.events.url !== c.fix?.url ? (
                        <>
                          {" "}
                          <Link url={c.events.url}>{c.events.label}</Link>
                        </>
                      ) : null}
                    </List.Item>
                  ))}
                </List>
              ) : o.status === "healthy" ? (
                <p>
                  {o.lastDeliveredText
                    ? `Meta accepted the latest event on ${o.lastDeliveredText}.`
                    : "Connected; no order has been sent yet."}
                </p>
              ) : (
                <p>Connect your Meta pixel so Tandem can send your orders to Meta from the server.</p>
              )}
            </Banner>
          </HydrateApart>
        </Layout.Section>

        {fresh ? (
          <Layout.Section>
            <HydrateApart>
              <Card>
                <EmptyState
                  heading="Send your orders to Meta, counted once"
                  action={{ content: "Connect Meta", url: "/app/settings" }}
                  image=""
                >
                  <p>
                    Tandem sends each purchase and checkout to Meta from your server and from the shopper's browser with the same event id,
                    so Meta counts it once. Start by connecting your pixel.
                  </p>
                </EmptyState>
              </Card>
            </HydrateApart>
          </Layout.Section>
        ) : null}

        {!o.setupDone ? (
          <Layout.Section>
            <HydrateApart>
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Set-up
                  </Text>
                  <Text as="p" tone="subdued">{`${o.setup.filter((s) => s.done).length} of ${o.setup.length} steps done`}</Text>
                  {o.setup.map((step) => (
                    <InlineStack key={step.key} gap="300" blockAlign="start" wrap={false}>
                      <Box minWidth="5.5rem">
                        <Badge tone={step.done ? "success" : undefined} progress={step.done ? "complete" : "incomplete"}>
                          {step.done ? "Done" : "To do"}
                        </Badge>
                      </Box>
                      <BlockStack gap="050">
                        <Text as="span" fontWeight="semibold">
                          {step.label}
                        </Text>
                        {!step.done ? (
                          <Text as="span" tone="subdued">
                            {step.help}
                          </Text>
                        ) : null}
                      </BlockStack>
                    </InlineStack>
                  ))}
                </BlockStack>
              </Card>
            </HydrateApart>
          </Layout.Section>
        ) : null}

        <Layout.Section>
          <HydrateApart>
            <StorefrontStatusCard facts={o.storefront} themeEditorUrl={o.themeEditorUrl} />
          </HydrateApart>
        </Layout.Section>

        <Layout.Section>
          <HydrateApart>
            <BlockStack gap="200">
              <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
                {o.periods.map((p) => (
                  <div key={p.key} data-period-card>
                    <Card>
                      <BlockStack gap="200">
                        <Text as="h2" variant="headingSm">
                          {p.label}
                        </Text>
                        <InlineStack gap="400">
                          <BlockStack>
                            <Text as="span" variant="headingLg">
                              {String(p.received)}
                            </Text>
                            <Text as="span" tone="subdued">
                              orders received
                            </Text>
                          </BlockStack>
                          <BlockStack>
                            <Text as="span" variant="headingLg">
                              {String(p.accepted)}
                            </Text>
                            <Text as="span" tone="subdued">
                              accepted by Meta
                            </Text>
                          </BlockStack>
                        </InlineStack>
                        {p.difference.length ? (
                          <BlockStack gap="100">
                            <Divider />
                            <Text as="span" variant="bodySm" fontWeight="semibold">
                              Not accepted, and why
                            </Text>
                            {p.difference.map((d) => (
                              <Text as="span" variant="bodySm" key={d.reason}>
                                {`${d.count} ${d.reason}`}
                              </Text>
                            ))}
                          </BlockStack>
                        ) : null}
                        {p.testEvents ? (
                          <Text as="span" variant="bodySm" tone="subdued">
                            {`${p.testEvents} test events, not counted`}
                          </Text>
                        ) : null}
                      </BlockStack>
                    </Card>
                  </div>
                ))}
              </InlineGrid>
              {o.destinations.length > 1 ? (
                // With several pixels an order is one figure, not one per pixel: say which.
                <div data-period-caption>
                  {/* Cards run edge to edge on a phone; the caption keeps their text's inset. */}
                  <Box paddingInline={{ xs: "400", sm: "0" }}>
                    <Text as="p" variant="bodySm" tone="subdued">
                      {`Each order counted once across your ${o.destinations.length} pixels: accepted when Meta accepted it on at least one. Each pixel's own share is under Accuracy per Meta pixel.`}
                    </Text>
                  </Box>
                </div>
              ) : null}
            </BlockStack>
          </HydrateApart>
        </Layout.Section>

        {/* The cards below read the most on a big shop: they follow the status in the same response. */}
        <Suspense fallback={<DetailsLoading />}>
          <Await resolve={o.details} errorElement={<DetailsFailed />}>
            {(details) => (
              <OverviewDetails
                details={details}
                week={o.periods[1]}
                fresh={fresh}
                browserOnlyPurchases={o.browserOnlyPurchases}
                coverage={o.coverage}
                destinations={o.destinations}
                locale={o.locale}
              />
            )}
          </Await>
        </Suspense>
      </Layout>
    </Page>
  );
}

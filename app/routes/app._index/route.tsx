import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
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
  ProgressBar,
  Text,
} from "@shopify/polaris";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css";
import { HydrateApart } from "../../components/hydrate-apart";
import { AccuracyCard } from "../../components/accuracy-card";
import { QualityCard } from "../../components/quality-card";
import { StorefrontStatusCard } from "../../components/storefront-status-card";
import { TrendChart } from "../../components/trend-chart";
import { useDateFormat } from "../../components/use-date-format";
import { useNarrow } from "../../components/use-narrow";
import { dedupByDay } from "../../models/dedup-trend.server";
import { accuracyByDay, accuracyThreshold } from "../../models/accuracy.server";
import { formatShopPeriod, zoneName } from "../../format/dates";
import { dailyGaps } from "../../models/orders.server";
import { getShopOverview } from "../../models/overview.server";
import { getShopProfile } from "../../shopify/shop-profile.server";
import { addDays, dayOf, formatDateTime, localeFrom } from "../../models/shop-time";
import { getConfig } from "../../config.server";
import { ensureActivation } from "../../shopify/activation.server";
import { qualitySummary } from "../../quality/quality-summary.server";
import { themeEditorUrl } from "../../shopify/storefront-config";
import { handleStorefrontStatusPost, refreshWebPixelStatus } from "../../shopify/web-pixel-status.server";
import { authenticate } from "../../shopify.server";

export const meta: MetaFunction = () => [{ title: "Overview · Tandem" }];
export const links = () => [{ rel: "stylesheet", href: vizStyles }];

/** The trend charts cover two weeks: 14 bars stay readable on a phone. */
const TREND_DAYS = 14;

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
  const from = addDays(today, 1 - TREND_DAYS);
  const editorUrl = themeEditorUrl(session.shop, getConfig().SHOPIFY_API_KEY);
  const accuracyFrom = addDays(today, -6);
  const [overview, orderTrend, dedupTrend, quality, accuracy, accuracyBelow] = await Promise.all([
    getShopOverview(session.shop, { timezone: profile.timezone, themeEditorUrl: editorUrl }),
    dailyGaps(session.shop, from, today, profile.timezone),
    dedupByDay(session.shop, from, today, profile.timezone),
    qualitySummary(session.shop, new Date(), profile.timezone),
    accuracyByDay(session.shop, accuracyFrom, today, profile.timezone),
    accuracyThreshold(session.shop),
  ]);
  const clock = { timezone: profile.timezone, locale: localeFrom(request) };
  // The period in words, worded on the server with the shop's zone (one clock on every page).
  const accuracyPeriod = `The last 7 days, ${formatShopPeriod(accuracyFrom, today, clock.locale)} (${zoneName(profile.timezone, clock.locale)})`;
  return json({
    ...overview,
    activation,
    orderTrend,
    dedupTrend,
    quality,
    accuracy,
    accuracyBelow,
    accuracyPeriod,
    locale: clock.locale,
    lastDeliveredText: overview.lastDeliveredAt ? formatDateTime(overview.lastDeliveredAt, clock) : null,
    themeEditorUrl: editorUrl,
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

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

const percent = (part: number, whole: number) => (whole ? Math.round((part / whole) * 100) : 0);

export default function Overview() {
  const o = useLoaderData<typeof loader>();
  const fresh = o.status === "not_set_up" && o.periods.every((p) => p.received === 0);
  const banner = STATUS_BANNER[o.status];
  const week = o.periods[1];
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

        {o.quality.state === "no_pixel" ? null : (
          <Layout.Section>
            <HydrateApart>
              <QualityCard summary={o.quality} />
            </HydrateApart>
          </Layout.Section>
        )}

        {fresh ? null : (
          <Layout.Section>
            <HydrateApart>
              <Trends orders={o.orderTrend} dedup={o.dedupTrend} />
            </HydrateApart>
          </Layout.Section>
        )}

        <Layout.Section variant="oneHalf">
          <HydrateApart>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Deduplication, last 7 days
                </Text>
                <Text as="p" tone="subdued">
                  How many purchases and checkouts reached Meta from both the server and the browser, so Meta counts each once. Counted:
                  those Meta accepted from the server, and those not sent because the browser never reported them.
                </Text>
                {week.dedup.map((d) => {
                  const counted = d.sent + d.unreported;
                  return (
                    <BlockStack gap="100" key={d.eventName}>
                      <InlineStack align="space-between">
                        <Text as="span">{d.eventName === "Purchase" ? "Purchases" : "Checkouts started"}</Text>
                        <Text as="span" fontWeight="semibold">
                          {counted ? `${percent(d.browserSeen, counted)}% (${d.browserSeen} of ${counted})` : "none sent"}
                        </Text>
                      </InlineStack>
                      <ProgressBar progress={percent(d.browserSeen, counted)} size="small" tone="primary" />
                      {d.unreported ? (
                        <Text as="p" tone="subdued" variant="bodySm">
                          {plural(d.unreported, d.eventName === "Purchase" ? "purchase" : "checkout")} not sent: the browser never reported{" "}
                          {d.unreported === 1 ? "it" : "them"}
                        </Text>
                      ) : null}
                    </BlockStack>
                  );
                })}
                {o.browserOnlyPurchases ? (
                  <Text as="p" tone="subdued">
                    {plural(o.browserOnlyPurchases, "browser purchase")} with no order from Shopify yet: Meta has the browser&apos;s copy
                    alone
                  </Text>
                ) : null}
              </BlockStack>
            </Card>
          </HydrateApart>
        </Layout.Section>

        <Layout.Section variant="oneHalf">
          <HydrateApart>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Customer information sent, last 30 days
                </Text>
                <Text as="p" tone="subdued">
                  More matching details let Meta attribute more sales. Share of sent events carrying each one (latest 500 per event).
                </Text>
                {o.coverage.map((c) => (
                  <BlockStack gap="150" key={c.eventName}>
                    <Text as="h3" variant="headingSm">
                      {`${c.eventName === "Purchase" ? "Purchases" : "Checkouts started"}${c.sample ? "" : ": none sent yet"}`}
                    </Text>
                    {c.sample
                      ? c.keys.map((k) => (
                          <InlineGrid key={k.label} columns={["oneThird", "twoThirds"]} gap="200" alignItems="center">
                            <Text as="span" variant="bodySm">{`${k.label} ${Math.round(k.share * 100)}%`}</Text>
                            <ProgressBar
                              progress={Math.round(k.share * 100)}
                              size="small"
                              tone={k.share >= 0.5 ? "success" : "highlight"}
                            />
                          </InlineGrid>
                        ))
                      : null}
                  </BlockStack>
                ))}
              </BlockStack>
            </Card>
          </HydrateApart>
        </Layout.Section>

        <Layout.Section>
          <HydrateApart>
            <AccuracyCard pixels={o.accuracy} period={o.accuracyPeriod} threshold={o.accuracyBelow} locale={o.locale} />
          </HydrateApart>
        </Layout.Section>

        <Layout.Section>
          <HydrateApart>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Meta pixels
                </Text>
                {o.destinations.length === 0 ? (
                  <Text as="p">No Meta pixel is connected yet: orders are recorded as "received before setup" and nothing is sent.</Text>
                ) : (
                  o.destinations.map((d) => (
                    <InlineStack key={d.id} gap="200" blockAlign="center">
                      <Text as="span" variant="bodyMd">
                        {`Pixel ${d.pixelId}`}
                      </Text>
                      {d.pausedReason ? (
                        <Badge tone="critical">Paused: token refused</Badge>
                      ) : d.enabled ? (
                        <Badge tone="success">Sending</Badge>
                      ) : (
                        <Badge tone="attention">Paused by you</Badge>
                      )}
                      {d.testEventCode ? <Badge tone="info">Test events on</Badge> : null}
                    </InlineStack>
                  ))
                )}
              </BlockStack>
            </Card>
          </HydrateApart>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function Trends({
  orders: allOrders,
  dedup: allDedup,
}: {
  orders: Array<{ day: string; received: number; accepted: number }>;
  dedup: Array<{ day: string; sent: number; browserSeen: number }>;
}) {
  const { format } = useDateFormat();
  // On a phone 14 bars leave no room for their day labels: the last 7 days, labelled.
  const days = useNarrow() ? 7 : TREND_DAYS;
  const orders = allOrders.slice(-days);
  const dedup = allDedup.slice(-days);
  const received = orders.reduce((sum, d) => sum + d.received, 0);
  const accepted = orders.reduce((sum, d) => sum + d.accepted, 0);
  const sent = dedup.reduce((sum, d) => sum + d.sent, 0);
  const seen = dedup.reduce((sum, d) => sum + d.browserSeen, 0);
  return (
    <Card>
      <BlockStack gap="500">
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            {`Orders received and accepted by Meta, last ${days} days`}
          </Text>
          {received ? (
            <TrendChart
              locale={format.locale}
              caption={`${received} live orders received, ${accepted} accepted by Meta as purchases${received > accepted ? `; ${received - accepted} not (yet) accepted: the orders page says why for each` : ""}.`}
              series={[
                { name: "Orders received", points: orders.map((d) => ({ day: d.day, value: d.received })) },
                { name: "Accepted by Meta", points: orders.map((d) => ({ day: d.day, value: d.accepted })) },
              ]}
            />
          ) : (
            <Text as="p" tone="subdued">{`No live order in the last ${days} days.`}</Text>
          )}
        </BlockStack>
        <Divider />
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            {`Deduplication coverage per day, last ${days} days`}
          </Text>
          {sent ? (
            // Bars, not a line: a shop with sales on a few days would get dots a line cannot join.
            <TrendChart
              percent
              locale={format.locale}
              caption={`${seen} of ${sent} purchases and checkouts (${percent(seen, sent)}%) reached Meta from both the server and the browser; those not sent because the browser never reported them count as missed. Days with none have no bar.`}
              series={[
                {
                  name: "Browser copy seen",
                  points: dedup.map((d) => ({ day: d.day, value: d.sent ? percent(d.browserSeen, d.sent) : null })),
                },
              ]}
            />
          ) : (
            <Text as="p" tone="subdued">{`No purchase or checkout was sent to Meta in the last ${days} days.`}</Text>
          )}
        </BlockStack>
      </BlockStack>
    </Card>
  );
}

import type { SerializeFrom } from "@remix-run/node";
import {
  Badge,
  Banner,
  BlockStack,
  Card,
  Divider,
  InlineGrid,
  InlineStack,
  Layout,
  ProgressBar,
  SkeletonBodyText,
  SkeletonDisplayText,
  Text,
} from "@shopify/polaris";
import { AccuracyCard } from "../../components/accuracy-card";
import { HydrateApart } from "../../components/hydrate-apart";
import { QualityCard } from "../../components/quality-card";
import { TrendChart } from "../../components/trend-chart";
import { useDateFormat } from "../../components/use-date-format";
import { useNarrow } from "../../components/use-narrow";
import type { ShopOverview } from "../../models/overview.server";
import type { OverviewDetailsData } from "./overview-details.server";

// The overview's cards below the status, the set-up and the periods: match quality, the
// trends, deduplication, the customer information sent, accuracy per pixel and the pixels.
// They come after the rest of the page in the same response (docs/decisions/086).

type Overview = SerializeFrom<ShopOverview>;

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

const percent = (part: number, whole: number) => (whole ? Math.round((part / whole) * 100) : 0);

export function OverviewDetails({
  details,
  week,
  fresh,
  browserOnlyPurchases,
  coverage,
  destinations,
  locale,
}: {
  details: SerializeFrom<OverviewDetailsData>;
  week: Overview["periods"][number];
  fresh: boolean;
  browserOnlyPurchases: number;
  coverage: Overview["coverage"];
  destinations: Overview["destinations"];
  locale: string;
}) {
  return (
    <>
      {details.quality.state === "no_pixel" ? null : (
        <Layout.Section>
          <HydrateApart>
            <QualityCard summary={details.quality} />
          </HydrateApart>
        </Layout.Section>
      )}
      {fresh ? null : (
        <Layout.Section>
          <HydrateApart>
            <Trends orders={details.orderTrend} dedup={details.dedupTrend} />
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
                How many purchases and checkouts reached Meta from both the server and the browser, so Meta counts each once. Counted: those
                Meta accepted from the server, and those not sent because the browser never reported them.
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
              {browserOnlyPurchases ? (
                <Text as="p" tone="subdued">
                  {plural(browserOnlyPurchases, "browser purchase")} with no order from Shopify yet: Meta has the browser&apos;s copy alone
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
              {coverage.map((c) => (
                <BlockStack gap="150" key={c.eventName}>
                  <Text as="h3" variant="headingSm">
                    {`${c.eventName === "Purchase" ? "Purchases" : "Checkouts started"}${c.sample ? "" : ": none sent yet"}`}
                  </Text>
                  {c.sample
                    ? c.keys.map((k) => (
                        <InlineGrid key={k.label} columns={["oneThird", "twoThirds"]} gap="200" alignItems="center">
                          <Text as="span" variant="bodySm">{`${k.label} ${Math.round(k.share * 100)}%`}</Text>
                          <ProgressBar progress={Math.round(k.share * 100)} size="small" tone={k.share >= 0.5 ? "success" : "highlight"} />
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
          <AccuracyCard pixels={details.accuracy} period={details.accuracyPeriod} threshold={details.accuracyBelow} locale={locale} />
        </HydrateApart>
      </Layout.Section>
      <Layout.Section>
        <HydrateApart>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Meta pixels
              </Text>
              {destinations.length === 0 ? (
                <Text as="p">No Meta pixel is connected yet: orders are recorded as "received before setup" and nothing is sent.</Text>
              ) : (
                destinations.map((d) => (
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
      </Layout.Section>{" "}
    </>
  );
}

/**
 * Holds the cards' place while they are on their way: at the end of the page, so nothing
 * painted before moves when they replace it.
 */
export function DetailsLoading() {
  return (
    <Layout.Section>
      <div data-overview-details-loading aria-busy="true">
        <Card>
          <BlockStack gap="300">
            <Text as="span" visuallyHidden>
              Loading match quality, the trends and accuracy per pixel
            </Text>
            <SkeletonDisplayText size="small" />
            <SkeletonBodyText lines={6} />
          </BlockStack>
        </Card>
      </div>
    </Layout.Section>
  );
}

export function DetailsFailed() {
  return (
    <Layout.Section>
      <Banner tone="warning" title="Some of the overview's figures did not load">
        <p>
          Match quality, the trends and accuracy per pixel could not be read. Reload the page to try again; the figures above are complete.
        </p>
      </Banner>
    </Layout.Section>
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
  const days = useNarrow() ? 7 : allOrders.length;
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

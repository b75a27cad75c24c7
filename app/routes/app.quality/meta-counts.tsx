import { Badge, Banner, BlockStack, Box, Card, DataTable, Text } from "@shopify/polaris";
import { useNarrow } from "../../components/use-narrow";
import { formatShopDay } from "../../format/dates";
import { BAND, countCause, isOutOfBand, ratioOf, type CountDay } from "../../format/meta-count-words";
import type { PixelCounts } from "../../models/meta-count-view.server";

// "Meta's purchases beside your store's orders": per shop day Meta's Purchase count (the
// pixel's stats edge), the store's orders and what Tandem delivered, each day out of the
// 0.8-1.2 band flagged with its likely cause; or, where the token cannot read the counts,
// why not and how to fix it (docs/decisions/032).

const metaCell = (d: CountDay) => (d.meta === null ? "not read" : `${d.meta}${d.partial ? " so far" : ""}`);

function ratioCell(d: CountDay) {
  const ratio = ratioOf(d);
  if (isOutOfBand(d)) return <Badge tone="critical">{ratio === null ? "no orders" : `${ratio} ✕`}</Badge>;
  return ratio === null ? "—" : String(ratio);
}

export function MetaCountsCard({ counts, locale }: { counts: PixelCounts; locale: string }) {
  const narrow = useNarrow();
  const flagged = counts.days.filter(isOutOfBand);
  const read = counts.days.filter((d) => !d.partial && d.meta !== null);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h3" variant="headingMd">
          Meta's purchases beside your store's orders
        </Text>
        {counts.state !== "ok" && counts.state !== "not_read" && counts.explanation ? (
          <Banner
            tone={counts.state === "permission" || counts.state === "token" ? "warning" : "info"}
            title="Meta did not share its count"
          >
            <Text as="p">{counts.explanation}</Text>
          </Banner>
        ) : null}
        {counts.state === "not_read" ? (
          <Text as="p" tone="subdued">
            Not read from Meta yet: Tandem reads Meta's count with its daily reading; press Refresh from Meta to read it now.
          </Text>
        ) : null}
        {counts.doubleCounted !== null ? (
          <Text as="p" fontWeight="semibold">
            {counts.doubleCounted > 0
              ? `Over the ${read.length} day${read.length === 1 ? "" : "s"} read, Meta counted ${counts.doubleCounted} purchase${counts.doubleCounted === 1 ? "" : "s"} more than your store had: about ${counts.doubleCounted} counted twice.`
              : `Over the ${read.length} day${read.length === 1 ? "" : "s"} read, Meta counted no more purchases than your store had: nothing counted twice.`}
          </Text>
        ) : null}
        {read.length === 0 && counts.state !== "ok" ? null : narrow ? (
          <BlockStack gap="200">
            {counts.days.map((d) => (
              <div key={d.day} data-count-day={d.day}>
                <Text as="p" variant="bodySm">
                  <Text as="span" fontWeight="semibold">{`${formatShopDay(d.day, locale, { weekday: true })}: `}</Text>
                  {`${d.store} orders, ${d.sent} sent by Tandem, Meta ${metaCell(d)}`}
                  {isOutOfBand(d) ? " (out of band)" : ""}
                </Text>
              </div>
            ))}
          </BlockStack>
        ) : (
          <DataTable
            columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric"]}
            headings={["Day", "Store's orders", "Sent by Tandem", "Meta counted", "Meta ÷ store"]}
            rows={counts.days.map((d) => [formatShopDay(d.day, locale, { weekday: true }), d.store, d.sent, metaCell(d), ratioCell(d)])}
          />
        )}
        {flagged.map((d) => (
          <Box key={d.day} padding="300" background="bg-surface-critical" borderRadius="200">
            <Text as="p">
              <Text
                as="span"
                fontWeight="semibold"
              >{`${formatShopDay(d.day, locale, { weekday: true })}, Meta ÷ store ${ratioOf(d) ?? "—"}: `}</Text>
              {countCause(d)}
              {(d.meta ?? 0) > d.store ? " See Other pixels on your storefront below." : null}
            </Text>
          </Box>
        ))}
        <Text as="p" tone="subdued" variant="bodySm">
          {`A day is flagged when Meta's count is below ${BAND.low} or above ${BAND.high} times the store's orders (with at least 5 purchases). Meta counts browser and server copies of a purchase once when they share an event id; today's figure is still growing.`}
        </Text>
      </BlockStack>
    </Card>
  );
}

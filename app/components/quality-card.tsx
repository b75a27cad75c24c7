import { Badge, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { formatShopDay } from "../format/dates";
import { countSummaryLine, isOutOfBand } from "../format/meta-count-words";
import { summaryLine, type QualitySummary } from "../quality/quality-summary";
import { useDateFormat } from "./use-date-format";

// The overview's summary of Meta's view: one line and a link to the Match quality page.

export function QualityCard({ summary }: { summary: QualitySummary }) {
  const { format } = useDateFormat();
  const count = summary.count;
  const countBad = count?.state === "read" && isOutOfBand(count.day);
  const tone =
    summary.state === "failed"
      ? "critical"
      : summary.state === "read" && summary.emq !== null
        ? summary.emq >= 8
          ? "success"
          : summary.emq >= 6
            ? "attention"
            : "critical"
        : undefined;
  return (
    <Card>
      <BlockStack gap="200">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Match quality, as Meta sees it
          </Text>
          {summary.state === "read" && summary.emq !== null ? <Badge tone={tone}>{`EMQ ${summary.emq} of 10`}</Badge> : null}
        </InlineStack>
        <Text as="p">{summaryLine(summary)}</Text>
        {count ? (
          <Text as="p" tone={countBad ? "critical" : undefined}>
            {countSummaryLine(count, (day) => formatShopDay(day, format.locale, { weekday: true }))}
          </Text>
        ) : null}
        <InlineStack>
          <Button url="/app/quality" variant="plain">
            Open match quality
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

import { Badge, Banner, BlockStack, Box, Card, DataTable, Divider, InlineStack, List, ProgressBar, Text } from "@shopify/polaris";
import { TrendChart } from "../../components/trend-chart";
import { useNarrow } from "../../components/use-narrow";
import type { QualityEvent } from "../../meta/dataset-quality";
import type { PixelCounts } from "../../models/meta-count-view.server";
import type { PixelQuality } from "../../quality/quality-view.server";
import { diagnosticAdvice, keyLabel, NOT_REPORTED, ownShare, uploadFrequencyLabel } from "../../quality/quality-words";
import { MetaCountsCard } from "./meta-counts";

type Own = Array<{ eventName: string; sample: number; keys: { label: string; share: number }[] }>;

const emqTone = (emq: number | null) => (emq === null ? undefined : emq >= 8 ? "success" : emq >= 6 ? "attention" : "critical");
const pct = (n: number | null) => (n === null ? NOT_REPORTED : `${Math.round(n * 10) / 10}%`);

export function PixelQualitySection({
  pixel,
  counts,
  own,
  locale,
  formatTime,
}: {
  pixel: PixelQuality;
  counts: PixelCounts | null;
  own: Own;
  locale: string;
  formatTime: (iso: string) => string;
}) {
  const failed = pixel.lastRead && !["ok", "partial"].includes(pixel.lastRead.outcome);
  return (
    <BlockStack gap="400">
      <InlineStack gap="200" blockAlign="center">
        <Text as="h2" variant="headingLg">{`Pixel ${pixel.pixelId}`}</Text>
        <Text as="span" tone="subdued">
          {pixel.lastSuccessAt ? `Meta's figures read ${formatTime(pixel.lastSuccessAt)}` : "Not read from Meta yet"}
        </Text>
      </InlineStack>
      {failed && pixel.lastRead?.explanation ? (
        <Banner
          tone={pixel.lastRead.outcome === "permission" || pixel.lastRead.outcome === "token" ? "critical" : "warning"}
          title="Meta did not share its quality figures"
        >
          <Text as="p">{pixel.lastRead.explanation}</Text>
        </Banner>
      ) : null}
      {counts ? <MetaCountsCard counts={counts} locale={locale} /> : null}
      {pixel.events.length === 0 && !failed ? (
        <Card>
          <Text as="p" tone="subdued">
            {pixel.lastSuccessAt
              ? "Meta reported no web events for this pixel in its recent window."
              : "Tandem reads Meta's figures once a day; press Refresh from Meta to read them now."}
          </Text>
        </Card>
      ) : null}
      {pixel.events.map((event) => (
        <EventQualityCard
          key={event.eventName}
          event={event}
          own={own.find((o) => o.eventName === event.eventName) ?? null}
          locale={locale}
        />
      ))}
    </BlockStack>
  );
}

function EventQualityCard({ event, own, locale }: { event: PixelQuality["events"][number]; own: Own[number] | null; locale: string }) {
  const narrow = useNarrow();
  const q: QualityEvent | null = event.tandem ?? event.all;
  const trend = narrow ? event.trend.slice(-7) : event.trend;
  const hasTrend = trend.some((t) => t.emq !== null);
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <Text as="h3" variant="headingMd">
            {event.eventName}
          </Text>
          <InlineStack gap="200">
            <Badge tone={emqTone(event.tandem?.emq ?? null)}>{`Tandem's events: EMQ ${event.tandem?.emq ?? NOT_REPORTED}`}</Badge>
            <Badge tone={emqTone(event.all?.emq ?? null)}>{`All events: EMQ ${event.all?.emq ?? NOT_REPORTED}`}</Badge>
          </InlineStack>
        </InlineStack>
        {hasTrend ? (
          <TrendChart
            locale={locale}
            height={180}
            caption={`Event match quality of Tandem's ${event.eventName} events per day (0 to 10), last ${trend.length} days; days without a reading have no bar.`}
            series={[{ name: "EMQ", points: trend.map((t) => ({ day: t.day, value: t.emq })) }]}
          />
        ) : null}
        <Divider />
        <MatchKeys q={q} own={own} />
        <Divider />
        <Diagnostics q={q} />
        <Divider />
        <CoverageAndDedup q={q} />
      </BlockStack>
    </Card>
  );
}

function MatchKeys({ q, own }: { q: QualityEvent | null; own: Own[number] | null }) {
  const keys = q?.matchKeys;
  return (
    <BlockStack gap="200">
      <Text as="h4" variant="headingSm">
        Customer information: Meta's coverage beside what Tandem sent
      </Text>
      {keys && keys.length ? (
        <DataTable
          columnContentTypes={["text", "numeric", "numeric"]}
          headings={["Key", "Meta saw", "Tandem sent (7 days)"]}
          rows={keys.map((k) => [keyLabel(k.identifier), pct(k.coverage), ownShare(own, k.identifier)])}
        />
      ) : (
        <Text as="p" tone="subdued">{`Per-key coverage: ${NOT_REPORTED}.`}</Text>
      )}
    </BlockStack>
  );
}

function Diagnostics({ q }: { q: QualityEvent | null }) {
  const list = q?.diagnostics;
  return (
    <BlockStack gap="200">
      <Text as="h4" variant="headingSm">
        Meta's suggestions
      </Text>
      {list === null || list === undefined ? (
        <Text as="p" tone="subdued">{`Diagnostics: ${NOT_REPORTED}.`}</Text>
      ) : list.length === 0 ? (
        <Text as="p">Meta has no suggestion for this event.</Text>
      ) : (
        list.map((d) => (
          <Box key={d.name} padding="300" background="bg-surface-secondary" borderRadius="200">
            <BlockStack gap="100">
              <Text as="p" fontWeight="semibold">
                {d.name}
              </Text>
              {d.affected !== null && d.total !== null ? (
                <Text
                  as="p"
                  tone="subdued"
                >{`${d.affected} of ${d.total} events affected${d.percentage !== null ? ` (${d.percentage}%)` : ""}`}</Text>
              ) : null}
              {d.description ? <Text as="p">{d.description}</Text> : null}
              {d.solution ? <Text as="p">{`Meta suggests: ${d.solution}`}</Text> : null}
              <Text as="p" tone="subdued">{`With Tandem: ${diagnosticAdvice(d.name)}`}</Text>
            </BlockStack>
          </Box>
        ))
      )}
    </BlockStack>
  );
}

function CoverageAndDedup({ q }: { q: QualityEvent | null }) {
  const coverage = q?.eventCoverage;
  const goal = coverage?.goal ?? 75;
  return (
    <BlockStack gap="300">
      <Text as="h4" variant="headingSm">
        Event coverage and deduplication
      </Text>
      {coverage && coverage.percentage !== null ? (
        <BlockStack gap="100">
          <Text as="p">{`${pct(coverage.percentage)} of browser events also reached Meta from the server with a shared event id (Meta's goal: ${goal}%).`}</Text>
          <ProgressBar
            progress={Math.round(coverage.percentage)}
            size="small"
            tone={coverage.percentage >= goal ? "success" : "critical"}
          />
        </BlockStack>
      ) : (
        <Text as="p" tone="subdued">{`Event coverage: ${NOT_REPORTED}.`}</Text>
      )}
      {q?.dedupKeys && q.dedupKeys.length ? (
        <List>
          {q.dedupKeys.map((k) => (
            <List.Item
              key={k.key}
            >{`${k.key}: on ${pct(k.browser)} of browser events and ${pct(k.server)} of server events; ${pct(k.overallBrowserCoverage)} of browser events deduplicated with it.`}</List.Item>
          ))}
        </List>
      ) : (
        <Text as="p" tone="subdued">{`Deduplication keys: ${NOT_REPORTED}.`}</Text>
      )}
      <Text as="p">{`Freshness: ${q?.freshness?.uploadFrequency ? uploadFrequencyLabel(q.freshness.uploadFrequency) : NOT_REPORTED}.`}</Text>
    </BlockStack>
  );
}

import { Badge, BlockStack, Card, InlineStack, Text } from "@shopify/polaris";
import {
  accuracyPercent,
  accuracyText,
  channelLabel,
  countedOf,
  leftOutInWords,
  missedInWords,
  type AccuracyCell,
} from "../format/accuracy-words";
import { formatShopDay } from "../format/dates";
import { useNarrow } from "./use-narrow";

// The accuracy figure per Meta pixel (docs/decisions/075): the overview shows each pixel's
// figure for a period; the orders page adds each pixel's sales channels and a line per
// day. Every figure says which pixel it is about; each pixel counts the same orders.

export type PixelAccuracyView = {
  destinationId: string;
  pixelId: string;
  enabled: boolean;
  total: AccuracyCell;
  days: { day: string; cell: AccuracyCell }[];
  channels: { channel: string; cell: AccuracyCell }[];
};

function PercentBadge({ cell, threshold }: { cell: AccuracyCell; threshold: number }) {
  const percent = accuracyPercent(cell);
  if (percent === null) return <Badge>No orders to measure</Badge>;
  const tone = threshold > 0 && percent < threshold ? "critical" : percent === 100 ? "success" : undefined;
  return <Badge tone={tone}>{`${percent}% accurate`}</Badge>;
}

function PixelSummary({ pixel, threshold, detail }: { pixel: PixelAccuracyView; threshold: number; detail: boolean }) {
  const missed = missedInWords(pixel.total);
  const leftOut = leftOutInWords(pixel.total);
  return (
    <BlockStack gap="100">
      <InlineStack gap="200" blockAlign="center">
        <Text as="h3" variant="headingSm">{`Pixel ${pixel.pixelId}`}</Text>
        <PercentBadge cell={pixel.total} threshold={threshold} />
        {pixel.enabled ? null : <Badge tone="attention">Paused by you</Badge>}
      </InlineStack>
      <Text as="p" variant="bodySm">
        {`${pixel.total.accepted} of ${countedOf(pixel.total)} counted orders accepted by Meta.${missed ? ` Not accepted: ${missed}.` : ""}`}
      </Text>
      {leftOut ? <Text as="p" variant="bodySm" tone="subdued">{`Not counted: ${leftOut}.`}</Text> : null}
      {detail && pixel.channels.length > 0 ? (
        <Text as="p" variant="bodySm">
          {`By sales channel: ${pixel.channels.map((c) => `${channelLabel(c.channel)} ${accuracyText(c.cell)}`).join(" · ")}.`}
        </Text>
      ) : null}
    </BlockStack>
  );
}

function DayLines({ pixels, locale }: { pixels: PixelAccuracyView[]; locale: string }) {
  const narrow = useNarrow();
  const days = pixels[0]?.days.map((d) => d.day) ?? [];
  const cellOf = (pixel: PixelAccuracyView, i: number) => accuracyText(pixel.days[i].cell);
  if (narrow) {
    return (
      <BlockStack gap="100">
        {days.map((day, i) => (
          <Text as="p" variant="bodySm" key={day}>
            {`${formatShopDay(day, locale, { weekday: true })}: ${pixels.map((p) => `pixel ${p.pixelId} ${cellOf(p, i)}`).join("; ")}`}
          </Text>
        ))}
      </BlockStack>
    );
  }
  const cell = { padding: "4px 8px", whiteSpace: "nowrap" as const, textAlign: "left" as const };
  return (
    <table style={{ borderCollapse: "collapse", width: "100%" }} aria-label="Accuracy per day and pixel">
      <thead>
        <tr>
          <th scope="col" style={cell}>
            <Text as="span" variant="bodySm" fontWeight="semibold">
              Day
            </Text>
          </th>
          {pixels.map((p) => (
            <th scope="col" style={cell} key={p.destinationId}>
              <Text as="span" variant="bodySm" fontWeight="semibold">{`Pixel ${p.pixelId}`}</Text>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {days.map((day, i) => (
          <tr key={day} data-accuracy-day={day}>
            <th scope="row" style={{ ...cell, fontWeight: "normal" }}>
              <Text as="span" variant="bodySm">
                {formatShopDay(day, locale, { weekday: true })}
              </Text>
            </th>
            {pixels.map((p) => (
              <td style={cell} key={p.destinationId}>
                <Text as="span" variant="bodySm">
                  {cellOf(p, i)}
                </Text>
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function AccuracyCard({
  pixels,
  period,
  threshold,
  locale,
  detail = false,
}: {
  pixels: PixelAccuracyView[];
  /** The period in words, with its timezone ("Nov 30 to Dec 6 (Tokyo time)"). */
  period: string;
  threshold: number;
  locale: string;
  detail?: boolean;
}) {
  if (pixels.length === 0) return null;
  const received = pixels[0].total.received;
  return (
    <div data-accuracy-card>
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Accuracy per Meta pixel
          </Text>
          <Text as="p" tone="subdued">
            {`${period}: the share of orders that Meta accepted on each pixel. ${received} live ${received === 1 ? "order" : "orders"} received; ${pixels.length === 1 ? "the pixel counts" : "each pixel counts the same orders"}, leaving out orders your filters exclude, orders held back by consent, orders cancelled before they were sent and orders still being sent.${threshold > 0 ? ` You get an email when a pixel falls below ${threshold}% (Settings).` : ""}`}
          </Text>
          {pixels.map((pixel) => (
            <PixelSummary key={pixel.destinationId} pixel={pixel} threshold={threshold} detail={detail} />
          ))}
          {detail ? <DayLines pixels={pixels} locale={locale} /> : null}
        </BlockStack>
      </Card>
    </div>
  );
}

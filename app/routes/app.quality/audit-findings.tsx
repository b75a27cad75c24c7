import { BlockStack, Box, Card, Text } from "@shopify/polaris";
import type { AuditFindingView } from "../../models/audit-findings.server";
import type { PixelCounts } from "../../models/meta-count-view.server";

// "Other pixels on your storefront": what the theme embed's audit saw (where and when),
// and what Meta's own count shows (purchases Tandem did not send), each with what it
// costs in purchases counted twice, where that can be known, and how to fix it
// (docs/decisions/031 and 033).

const FIX =
  "To fix it: turn off the other integration's data sharing (for the Facebook & Instagram channel: its settings, Data sharing), or remove the snippet from your theme (Online Store, Themes, Edit code: theme.liquid or the tag manager), or keep it and let Tandem stand down for that pixel by removing the pixel from Tandem's settings.";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The figure Meta's count gives for the merchant's pixels: purchases beyond the store's orders. */
function metaFigure(counts: PixelCounts[]): string | null {
  const read = counts.filter((c) => c.doubleCounted !== null);
  if (read.length === 0) return null;
  return read
    .map((c) =>
      c.doubleCounted
        ? `On your pixel ${c.pixelId}, Meta counted ${plural(c.doubleCounted, "purchase")} more than your store had over the last ${plural(c.daysRead, "day")}: about ${c.doubleCounted} counted twice.`
        : `On your pixel ${c.pixelId}, Meta counted no more purchases than your store had over the last ${plural(c.daysRead, "day")}.`,
    )
    .join(" ");
}

function describe(f: AuditFindingView, counts: PixelCounts[]) {
  if (f.kind === "foreign_pixel") {
    const figure = metaFigure(counts);
    return {
      title: `Another Meta pixel, ${f.subject}, runs on your storefront`,
      cost: `If it is one of your pixels under another integration, or it also sends purchases, Meta may count the same purchase twice. Tandem cannot read that pixel's counts. ${figure ?? "Meta's count of your own pixel is not read yet, so how many is not known."}`,
    };
  }
  const [name, pixel] = f.subject.split(":");
  const purchase = name === "Purchase";
  return {
    title: `A ${name} with an event id Tandem did not make was sent${pixel ? ` to pixel ${pixel}` : ""}`,
    cost: `Meta cannot match it with Tandem's copy, so each such ${purchase ? "purchase" : "checkout"} is counted twice: about ${plural(f.count, purchase ? "purchase" : "checkout")} counted twice so far (one for each time it was seen).`,
  };
}

export function AuditFindings({
  findings,
  counts,
  formatTime,
}: {
  findings: AuditFindingView[];
  counts: PixelCounts[];
  formatTime: (iso: string) => string;
}) {
  const fromMeta = counts.filter((c) => (c.notFromTandem ?? 0) > 0);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Other pixels on your storefront
        </Text>
        {findings.length === 0 && fromMeta.length === 0 ? (
          <Text as="p" tone="subdued">
            Tandem's app embed has seen no other Meta pixel and no purchase sent by other code on your storefront pages, and Meta's count
            shows no purchase that Tandem did not send.
          </Text>
        ) : null}
        {fromMeta.map((c) => (
          <Box key={`meta${c.pixelId}`} padding="300" background="bg-surface-secondary" borderRadius="200">
            <BlockStack gap="100">
              <Text
                as="p"
                fontWeight="semibold"
              >{`Meta received ${plural(c.notFromTandem ?? 0, "purchase")} on pixel ${c.pixelId} that Tandem did not send`}</Text>
              <Text as="p">{`Seen in Meta's own count over the last ${plural(c.daysRead, "day")}: something else (another app, the Facebook & Instagram channel, a server integration or a snippet on the checkout) sends purchases to this pixel.`}</Text>
              <Text as="p">
                {c.doubleCounted
                  ? `What it costs: Meta counted ${plural(c.doubleCounted, "purchase")} more than your store had, about ${c.doubleCounted} counted twice.`
                  : "What it costs: Meta's total still does not exceed your orders (Tandem holds some back), so none is known to be counted twice yet."}
              </Text>
              <Text as="p" tone="subdued">
                {FIX}
              </Text>
            </BlockStack>
          </Box>
        ))}
        {findings.map((f) => {
          const words = describe(f, counts);
          return (
            <Box key={`${f.kind}${f.subject}`} padding="300" background="bg-surface-secondary" borderRadius="200">
              <BlockStack gap="100">
                <Text as="p" fontWeight="semibold">
                  {words.title}
                </Text>
                <Text as="p">{`Seen ${f.count} time${f.count === 1 ? "" : "s"} on ${f.pages.join(", ")} pages, first ${formatTime(f.firstSeenAt)}, last ${formatTime(f.lastSeenAt)}; its code runs ${f.order === "before" ? "before" : "after"} Tandem's.`}</Text>
                <Text as="p">{`What it costs: ${words.cost}`}</Text>
                <Text as="p" tone="subdued">
                  {FIX}
                </Text>
              </BlockStack>
            </Box>
          );
        })}
      </BlockStack>
    </Card>
  );
}

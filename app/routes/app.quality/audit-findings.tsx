import { BlockStack, Box, Card, Text } from "@shopify/polaris";
import type { AuditFindingView } from "../../models/audit-findings.server";

// "Other pixels on your storefront": what the theme embed's audit saw, where and when, what
// it costs and how to fix it (docs/decisions/031).

const FIX =
  "To fix it: turn off the other integration's data sharing (for the Facebook & Instagram channel: its settings, Data sharing), or remove the snippet from your theme (Online Store, Themes, Edit code: theme.liquid or the tag manager), or keep it and let Tandem stand down for that pixel by removing the pixel from Tandem's settings.";

function describe(f: AuditFindingView) {
  if (f.kind === "foreign_pixel") {
    return {
      title: `Another Meta pixel, ${f.subject}, runs on your storefront`,
      cost: "If it is one of your pixels under another integration, or it also sends purchases, Meta may count the same purchase twice.",
    };
  }
  const [name, pixel] = f.subject.split(":");
  return {
    title: `A ${name} with an event id Tandem did not make was sent${pixel ? ` to pixel ${pixel}` : ""}`,
    cost: `Meta cannot match it with Tandem's copy, so each such ${name === "Purchase" ? "purchase" : "checkout"} is counted twice.`,
  };
}

export function AuditFindings({ findings, formatTime }: { findings: AuditFindingView[]; formatTime: (iso: string) => string }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Other pixels on your storefront
        </Text>
        {findings.length === 0 ? (
          <Text as="p" tone="subdued">
            Tandem's app embed has seen no other Meta pixel and no purchase sent by other code on your storefront pages.
          </Text>
        ) : (
          findings.map((f) => {
            const words = describe(f);
            return (
              <Box key={`${f.kind}${f.subject}`} padding="300" background="bg-surface-secondary" borderRadius="200">
                <BlockStack gap="100">
                  <Text as="p" fontWeight="semibold">
                    {words.title}
                  </Text>
                  <Text as="p">{`Seen ${f.count} time${f.count === 1 ? "" : "s"} on ${f.pages.join(", ")} pages, first ${formatTime(f.firstSeenAt)}, last ${formatTime(f.lastSeenAt)}; its code runs ${f.order === "before" ? "before" : "after"} Tandem's.`}</Text>
                  <Text as="p">{words.cost}</Text>
                  <Text as="p" tone="subdued">
                    {FIX}
                  </Text>
                </BlockStack>
              </Box>
            );
          })
        )}
      </BlockStack>
    </Card>
  );
}

import { Badge, Banner, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { useDateFormat } from "../../components/use-date-format";
import type { ActivationStatus } from "../../shopify/activation.server";

// Whether the storefront pieces are switched on, why not, and the two ways forward:
// retry the activation, or open the theme editor to turn the app embed on.

export function ActivationCard({
  activation,
  themeEditorUrl,
  onRetry,
  retrying,
  pixels,
  lastEventAt,
}: {
  activation: ActivationStatus;
  /** When the storefront or checkout last reported an event; null before the first (a fresh install). */
  lastEventAt: string | null;
  /** Meta pixels connected: with none, the storefront pieces are on but fire nothing. */
  pixels: number;
  themeEditorUrl: string;
  onRetry: () => void;
  retrying: boolean;
}) {
  const fmt = useDateFormat();
  // "Active" alone on a fresh install read as "tracking works": it only means Shopify took
  // the settings. Without a pixel nothing fires, and the badge says what is missing.
  const badge =
    activation.state === "failed" ? (
      <Badge tone="critical">Failed</Badge>
    ) : pixels === 0 ? (
      <Badge tone="attention">Waiting for a Meta pixel</Badge>
    ) : activation.state === "active" ? (
      <Badge tone="success">Switched on</Badge>
    ) : (
      <Badge>Not switched on yet</Badge>
    );
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Storefront and checkout pixel
          </Text>
          {badge}
        </InlineStack>
        {activation.lastError ? (
          <Banner tone="critical" title="The last activation failed">
            <p>{activation.lastError}</p>
          </Banner>
        ) : null}
        {pixels === 0 ? (
          <Text as="p">Connect a Meta pixel below: until then the storefront and checkout pixels send nothing to Meta.</Text>
        ) : activation.succeededAt ? (
          <Text as="p" tone="subdued">{`Shopify took Tandem's storefront settings on ${fmt.dateTime(activation.succeededAt)}.`}</Text>
        ) : null}
        {pixels === 0 ? null : lastEventAt ? (
          <Text as="p" tone="subdued">{`The last storefront or checkout event reached Tandem on ${fmt.dateTime(lastEventAt)}.`}</Text>
        ) : (
          <Text as="p">
            No storefront or checkout event has reached Tandem yet. The first arrives when a shopper browses the store with the app embed
            on, or reaches checkout.
          </Text>
        )}
        <Text as="p">
          The checkout pixel is switched on by Tandem. The storefront pixel is a theme app embed: turn on "Tandem Meta Pixel" in your theme
          editor.
        </Text>
        <InlineStack gap="200">
          <Button onClick={onRetry} loading={retrying}>
            Retry activation
          </Button>
          <Button url={themeEditorUrl} target="_blank" variant="primary">
            Open the theme editor
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

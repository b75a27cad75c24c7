import { Badge, Banner, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import type { ActivationStatus } from "../../shopify/activation.server";

// Whether the storefront pieces are switched on, why not, and the two ways forward:
// retry the activation, or open the theme editor to turn the app embed on.

export function ActivationCard({
  activation,
  themeEditorUrl,
  onRetry,
  retrying,
}: {
  activation: ActivationStatus;
  themeEditorUrl: string;
  onRetry: () => void;
  retrying: boolean;
}) {
  const badge =
    activation.state === "active" ? (
      <Badge tone="success">Active</Badge>
    ) : activation.state === "failed" ? (
      <Badge tone="critical">Failed</Badge>
    ) : (
      <Badge>Not activated yet</Badge>
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
        {activation.succeededAt ? (
          <Text as="p" tone="subdued">{`Last activated ${new Date(activation.succeededAt).toUTCString()}`}</Text>
        ) : null}
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

import { useFetcher } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import {
  describeContact,
  describeEmbed,
  describePixel,
  readEmbedStatus,
  type LiveEmbed,
  type PieceStatus,
  type StorefrontFacts,
} from "../models/storefront-status";

// The overview's "Storefront pieces" card: is the theme app embed on in the published
// theme (App Bridge's `shopify.app.extensions()`, asked from the merchant's browser), is
// the web pixel connected and how much Shopify lets it see (the loader's facts). Each row
// has the one action that fixes it. The route posts App Bridge's answer back (intent
// "storefront_embed") so the set-up checklist, rendered on the server, follows it.

/** App Bridge answers within a second or two; past this the card falls back on orders. */
const APP_BRIDGE_WAIT_MS = 5_000;

export function StorefrontStatusCard({ facts, themeEditorUrl }: { facts: StorefrontFacts; themeEditorUrl: string }) {
  const live = useAppBridgeEmbedStatus();
  const fetcher = useFetcher();
  useEffect(() => {
    // Only a real answer that differs from the stored one is posted: one write per change.
    if (live && live !== "no_answer" && live !== facts.embed.reported && fetcher.state === "idle")
      fetcher.submit({ intent: "storefront_embed", status: live }, { method: "post" });
    // The fetcher is left out of the dependencies: its identity changes with every submit.
  }, [live, facts.embed.reported]);
  const embed = describeEmbed(facts.embed, themeEditorUrl, live ?? undefined);
  const pixel = describePixel(facts.pixel);
  const contact = describeContact(facts.pixel.contact);
  const checking = fetcher.state !== "idle" && fetcher.formData?.get("intent") === "storefront_recheck";
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <Text as="h2" variant="headingMd">
            Storefront pieces
          </Text>
          <Button variant="plain" loading={checking} onClick={() => fetcher.submit({ intent: "storefront_recheck" }, { method: "post" })}>
            Check again
          </Button>
        </InlineStack>
        <PieceRow piece={embed} pending={live === undefined && facts.embed.reported === null} />
        <PieceRow piece={pixel} pending={false} />
        {contact ? <PieceRow piece={contact} pending={false} /> : null}
      </BlockStack>
    </Card>
  );
}

const TONE = { success: "success", info: "info", warning: "warning", critical: "critical" } as const;

function PieceRow({ piece, pending }: { piece: PieceStatus; pending: boolean }) {
  // The row keeps its shape while App Bridge answers (a "Checking" badge, the same lines),
  // so the answer does not shift the page below it.
  return (
    <section aria-label={piece.title}>
      <BlockStack gap="100">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h3" variant="headingSm">
            {piece.title}
          </Text>
          <Badge tone={pending ? undefined : TONE[piece.tone]}>{pending ? "Checking" : piece.badge}</Badge>
        </InlineStack>
        <Text as="p">{pending ? "Asking Shopify whether the app embed is on in your published theme." : piece.detail}</Text>
        <Text as="p" variant="bodySm" tone="subdued">
          {pending ? "\u00a0" : piece.source}
        </Text>
        {piece.action && !pending ? (
          <Box>
            <Button url={piece.action.url} target={piece.action.url.startsWith("/") ? undefined : "_top"}>
              {piece.action.label}
            </Button>
          </Box>
        ) : null}
      </BlockStack>
    </section>
  );
}

/** App Bridge's answer for Tandem's app embed: undefined while asking, "no_answer" when it cannot tell. */
function useAppBridgeEmbedStatus(): LiveEmbed | undefined {
  const [live, setLive] = useState<LiveEmbed>();
  useEffect(() => {
    let settled = false;
    const settle = (value: LiveEmbed) => {
      if (settled) return;
      settled = true;
      setLive(value);
    };
    const extensions = window.shopify?.app?.extensions;
    if (typeof extensions !== "function") {
      settle("no_answer");
      return;
    }
    const timer = setTimeout(() => settle("no_answer"), APP_BRIDGE_WAIT_MS);
    Promise.resolve()
      .then(() => extensions.call(window.shopify?.app))
      .then(
        (list) => settle(readEmbedStatus(list)),
        () => settle("no_answer"),
      )
      .finally(() => clearTimeout(timer));
    return () => {
      settled = true;
      clearTimeout(timer);
    };
  }, []);
  return live;
}

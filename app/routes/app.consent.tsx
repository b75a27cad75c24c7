import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, Card, DataTable, InlineStack, Layout, List, Page, Text } from "@shopify/polaris";
import { readSettings } from "../models/shops.server";
import { consentReason } from "../format/event-labels";
import { HydrateApart } from "../components/hydrate-apart";
import { countryName } from "../components/country-names";
import { collator } from "../format/intl-cache";
import { useDateFormat } from "../components/use-date-format";
import prisma from "../db.server";
import { consentReasonCounts } from "../models/consent-summary.server";
import { shopDateFormat } from "../shopify/shop-date-format.server";
import { authenticate } from "../shopify.server";

export const meta: MetaFunction = () => [{ title: "Consent · Tandem" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const shop = await prisma.shop.findUnique({ where: { domain: session.shop }, select: { settings: true } });
  const { consent } = readSettings(shop?.settings);
  const { timeZone } = await shopDateFormat(session.shop, request, admin.graphql);
  return json({ consent, counts: await consentReasonCounts(session.shop, timeZone) });
};

const MODES = {
  regional: {
    title: "Regional (recommended)",
    text: "Obeys the shopper's choice whenever there is one. Without a choice, buyers with an address in an opt-in region are held back and everyone else is sent.",
  },
  strict: {
    title: "Strict",
    text: "Sends only when the shopper said yes to marketing. No choice recorded means not sent, wherever the buyer lives.",
  },
  off: {
    title: "Off",
    text: "Sends every event, whatever the shopper chose (a sale-of-data opt-out still goes with Limited Data Use). You take responsibility for having a legal basis in every country you sell to.",
  },
} as const;

const ACTION_TONES: Record<string, "success" | "critical" | "attention" | "info" | undefined> = {
  send: "success",
  send_ldu: "info",
  block: "critical",
  wait: "attention",
};
const ACTION_WORDS: Record<string, string> = { send: "Sent", send_ldu: "Sent with LDU", block: "Held back", wait: "Waiting" };

/**
 * The decision's outcome. Consent may allow sending while the event still was not sent
 * (no browser report carried what Meta requires): its reason says "not sent", and so does
 * the badge, never a green "Sent" beside it.
 */
function OutcomeBadge({ reason, action }: { reason: string; action: string }) {
  if (/not sent\.$/.test(consentReason(reason))) return <Badge>Not sent</Badge>;
  return <Badge tone={ACTION_TONES[action]}>{ACTION_WORDS[action] ?? action}</Badge>;
}

/** Fetched so that App Bridge adds the session token (a plain link would leave the admin without one). */
async function downloadCsv(url: string) {
  const response = await fetch(url);
  if (!response.ok) return;
  const href = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement("a"), { href, download: "tandem-consent-decisions.csv" });
  link.click();
  URL.revokeObjectURL(href);
}

export default function ConsentPage() {
  const { consent, counts } = useLoaderData<typeof loader>();
  const { format } = useDateFormat();
  const regions = consent.optInRegions.map((code) => countryName(code, format.locale)).sort(collator(format.locale).compare);

  return (
    <Page title="Consent" subtitle="What Tandem does with each shopper's privacy choice, and what it decided.">
      <Layout>
        <Layout.Section>
          <HydrateApart>
            <BlockStack gap="400">
              <Card>
                <BlockStack gap="300">
                  <InlineStack gap="200" blockAlign="center">
                    <Text as="h2" variant="headingMd">
                      Your consent mode
                    </Text>
                    <Badge tone={consent.mode === "off" ? "warning" : "success"}>{MODES[consent.mode].title}</Badge>
                  </InlineStack>
                  <BlockStack gap="200">
                    {(Object.keys(MODES) as Array<keyof typeof MODES>).map((mode) => (
                      <Box
                        key={mode}
                        padding="300"
                        borderRadius="200"
                        background={mode === consent.mode ? "bg-surface-secondary" : undefined}
                        borderWidth="025"
                        borderColor="border"
                      >
                        <BlockStack gap="100">
                          <Text as="h3" variant="headingSm">
                            {MODES[mode].title}
                            {mode === consent.mode ? " (in use)" : ""}
                          </Text>
                          <Text as="p">{MODES[mode].text}</Text>
                        </BlockStack>
                      </Box>
                    ))}
                  </BlockStack>
                  <InlineStack>
                    <Button url="/app/settings">Change the mode in the settings</Button>
                  </InlineStack>
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Decisions
                  </Text>
                  <Text as="p" tone="subdued">
                    Shoppers per reason: each checkout counted once, whatever the number of pixels Tandem decided for.
                  </Text>
                  {counts.length === 0 ? (
                    <Text as="p">No events yet. Each event's decision and its reason appear here once orders arrive.</Text>
                  ) : (
                    <DataTable
                      columnContentTypes={["text", "text", "numeric", "numeric", "numeric"]}
                      headings={["Reason", "Outcome", "Today", "7 days", "30 days"]}
                      rows={counts.map((c) => [
                        c.reason === "awaiting_signal" && c.action === "wait"
                          ? "Waiting for the shopper's choice"
                          : consentReason(c.reason),
                        <OutcomeBadge key={c.reason + c.action} reason={c.reason} action={c.action} />,
                        c.today,
                        c.week,
                        c.month,
                      ])}
                    />
                  )}
                  <InlineStack gap="200" blockAlign="center">
                    <Button onClick={() => void downloadCsv("/app/events/export")}>Download every decision (CSV)</Button>
                    <Text as="span" tone="subdued">
                      Event, decision and reason in words. No personal data.
                    </Text>
                  </InlineStack>
                </BlockStack>
              </Card>
            </BlockStack>
          </HydrateApart>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <HydrateApart>
            <BlockStack gap="400">
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    Where the shopper's choice comes from
                  </Text>
                  <Text as="p">Your cookie banner records it with Shopify's Customer Privacy API. Tandem reads it in two places:</Text>
                  <List>
                    <List.Item>the storefront app embed copies it into the cart, so it arrives with the order;</List.Item>
                    <List.Item>the checkout pixel reports it from the shopper's browser at checkout.</List.Item>
                  </List>
                  <Text as="p">When both exist, the later choice wins: a shopper who changed their mind meant the later one.</Text>
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    The wait
                  </Text>
                  <Text as="p">
                    Shopify's order often arrives before the browser's report. An order without a choice waits up to {consent.graceMinutes}{" "}
                    minute{consent.graceMinutes === 1 ? "" : "s"} for it.
                  </Text>
                  <Text as="p">
                    If the choice arrives, it decides. If not,{" "}
                    {consent.mode === "strict"
                      ? "the event is never sent (strict mode)."
                      : consent.mode === "off"
                        ? "the event is sent (consent mode is off)."
                        : "buyers in opt-in regions (or with no address) are never sent; others are sent."}{" "}
                    A held-back event is never sent later, not even with "Send again".
                  </Text>
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    Limited Data Use (LDU)
                  </Text>
                  <Text as="p">
                    For shoppers who opted out of the sale of their data, and for US buyers in states with privacy laws (California,
                    Colorado, Connecticut, Florida, Montana, Oregon, Texas) when no choice was recorded, Tandem sends the event flagged for
                    Limited Data Use. Meta then restricts how it uses the data, as those privacy laws require.
                  </Text>
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    Opt-in regions ({regions.length})
                  </Text>
                  <Text as="p">{regions.join(", ") || "None"}</Text>
                </BlockStack>
              </Card>
            </BlockStack>
          </HydrateApart>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

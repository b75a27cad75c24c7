import { Banner, BlockStack, Card, ChoiceList, Layout, List, Text } from "@shopify/polaris";
import type { SectionProps } from "./settings-sections";

// The merchant's choice of server copies for the storefront events (docs/decisions/042).
// Nothing is chosen for them: the page explains the trade-off and asks.

type Choice = SectionProps["state"]["serverCopies"]["addToCart"];

const CHOICES = [
  {
    label: "Browser and server",
    value: "on",
    helpText: "The web pixel's hit and the same event from Tandem's server, with the same event ID.",
  },
  { label: "Browser only", value: "off", helpText: "Only the web pixel's hit, as before." },
];

export function ServerCopiesSection({ state, set, errors }: SectionProps) {
  const undecided = state.serverCopies.addToCart === "undecided" || state.serverCopies.viewContent === "undecided";
  const choose = (key: "addToCart" | "viewContent") => (selected: string[]) =>
    set("serverCopies", { ...state.serverCopies, [key]: (selected[0] ?? "undecided") as Choice });
  const selected = (value: Choice) => (value === "undecided" ? [] : [value]);
  return (
    <Layout.AnnotatedSection
      title="Add to cart and product views"
      description="The web pixel sends these from the shopper's browser. Tandem can send each from its server too, under the same consent decision."
    >
      <Card>
        <BlockStack gap="300">
          {undecided ? (
            <Banner tone="info" title="Choose before you rely on these events">
              <p>Until you choose, they are sent from the browser only.</p>
            </Banner>
          ) : null}
          <Text as="p">Sending them from the server too:</Text>
          <List>
            <List.Item>
              raises Meta&apos;s event coverage (the share of Pixel events also received through the Conversions API; Meta&apos;s goal is
              75%) and keeps events that ad blockers and browser privacy features stop;
            </List.Item>
            <List.Item>
              costs one server request per product view or add to cart: a busy shop sends many more events, and Tandem keeps each one for
              the event log.
            </List.Item>
          </List>
          <Text as="p" tone="subdued">
            Crawlers, headless browsers and floods from one address are never copied. Meta keeps one of the two copies (same event ID).
          </Text>
          <ChoiceList
            title="Add to cart"
            choices={CHOICES}
            selected={selected(state.serverCopies.addToCart)}
            onChange={choose("addToCart")}
            error={errors["serverCopies.addToCart"]}
          />
          <ChoiceList
            title="Product views (ViewContent)"
            choices={CHOICES}
            selected={selected(state.serverCopies.viewContent)}
            onChange={choose("viewContent")}
            error={errors["serverCopies.viewContent"]}
          />
        </BlockStack>
      </Card>
    </Layout.AnnotatedSection>
  );
}

import { Banner, BlockStack, Card, Checkbox, ChoiceList, InlineGrid, Select, Text, TextField } from "@shopify/polaris";
import type { ReactNode } from "react";
import type { FormState } from "./form-state";

// The cards of the settings form. Each gets the state, a setter and the field errors
// (the domain's messages, keyed like "consent.graceMinutes").

export type SectionProps = {
  state: FormState;
  set: <K extends keyof FormState>(key: K, value: FormState[K]) => void;
  errors: Record<string, string>;
  /** The domain's lists (capi/settings), sent by the loader so zod stays out of the browser. */
  choices: { matchKeys: readonly string[]; paymentStates: readonly string[] };
};

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {title}
        </Text>
        {children}
      </BlockStack>
    </Card>
  );
}

export function DestinationSection({ state, set, errors, tokenSet }: SectionProps & { tokenSet: boolean }) {
  return (
    <Section title="Meta pixel and Conversions API">
      <TextField label="Pixel (dataset) ID" value={state.pixelId} onChange={(v) => set("pixelId", v)} autoComplete="off" error={errors["destination.pixelId"]} />
      <TextField
        label="Conversions API access token"
        type="password"
        value={state.accessToken}
        onChange={(v) => set("accessToken", v)}
        autoComplete="new-password"
        helpText={tokenSet ? "A token is saved. It is never shown again; leave this empty to keep it." : "Events Manager > Settings > Conversions API > Generate access token."}
        error={errors["destination.accessToken"]}
      />
      <TextField label="Test event code (optional)" value={state.testEventCode} onChange={(v) => set("testEventCode", v)} autoComplete="off" error={errors["destination.testEventCode"]} />
    </Section>
  );
}

export function EventsSection({ state, set, errors, choices }: SectionProps) {
  const toggle = (key: keyof FormState["events"]) => (checked: boolean) => set("events", { ...state.events, [key]: checked });
  return (
    <Section title="Events">
      <Checkbox label="Purchase" checked={state.events.purchase} onChange={toggle("purchase")} error={errors["events.purchase"]} />
      <Checkbox label="Initiate checkout" checked={state.events.initiateCheckout} onChange={toggle("initiateCheckout")} />
      <Checkbox label="Add payment info" checked={state.events.addPaymentInfo} onChange={toggle("addPaymentInfo")} />
      <ChoiceList
        allowMultiple
        title="Payment states that count as a purchase"
        choices={choices.paymentStates.map((status) => ({
          label: status.replace("_", " "),
          value: status,
          // The domain refuses these: the money may never arrive.
          disabled: status === "pending" || status === "voided",
          helpText: status === "pending" || status === "voided" ? "Never counts: the money may never arrive." : undefined,
        }))}
        selected={state.purchasePaymentStates}
        onChange={(selected) => set("purchasePaymentStates", selected as FormState["purchasePaymentStates"])}
        error={errors["purchasePaymentStates"]}
      />
    </Section>
  );
}

export function ValueSection({ state, set, errors }: SectionProps) {
  return (
    <Section title="Value and catalog">
      <Checkbox label="Include shipping in the value" checked={state.includeShipping} onChange={(v) => set("includeShipping", v)} />
      <Checkbox label="Include tax in the value" checked={state.includeTax} onChange={(v) => set("includeTax", v)} />
      <Select label="Currency" options={[{ label: "The buyer's currency", value: "presentment" }, { label: "The shop's currency", value: "shop" }]} value={state.currency} onChange={(v) => set("currency", v)} error={errors["value.currency"]} />
      <Select
        label="Product IDs sent to Meta"
        options={[
          { label: "Variant ID", value: "variant_id" },
          { label: "Product ID", value: "product_id" },
          { label: "SKU", value: "sku" },
          { label: "Shopify feed format (shopify_CC_product_variant)", value: "shopify_feed" },
        ]}
        value={state.idRule}
        onChange={(v) => set("idRule", v)}
        error={errors["catalog.idRule"]}
      />
      <TextField label="Feed country" value={state.feedCountry} onChange={(v) => set("feedCountry", v)} autoComplete="off" error={errors["catalog.feedCountry"]} />
    </Section>
  );
}

const MATCH_KEY_LABELS: Record<string, string> = {
  em: "Email (em)",
  ph: "Phone (ph)",
  fn: "First name (fn)",
  ln: "Last name (ln)",
  ct: "City (ct)",
  st: "State or province (st)",
  zp: "Postal code (zp)",
  country: "Country",
  external_id: "Customer ID (external_id)",
  client_ip_address: "IP address (sent unhashed)",
  client_user_agent: "Browser user agent (sent unhashed; required for website events)",
  fbp: "Meta browser ID (fbp cookie)",
  fbc: "Meta click ID (fbc cookie)",
};

export function MatchKeysSection({ state, set, choices }: SectionProps) {
  return (
    <Section title="Customer information sent to Meta (hashed unless noted)">
      <InlineGrid columns={{ xs: 2, md: 4 }} gap="200">
        {choices.matchKeys.map((key) => (
          <Checkbox key={key} label={MATCH_KEY_LABELS[key] ?? key} checked={state.matchKeys[key as keyof FormState["matchKeys"]]} onChange={(v) => set("matchKeys", { ...state.matchKeys, [key]: v })} />
        ))}
      </InlineGrid>
    </Section>
  );
}

export function FiltersSection({ state, set, errors }: SectionProps) {
  return (
    <Section title="Which orders">
      <Select label="Test orders" options={[{ label: "Send with the test event code", value: "send_with_test_code" }, { label: "Skip", value: "skip" }]} value={state.testOrders} onChange={(v) => set("testOrders", v)} error={errors["filters.testOrders"]} />
      <Checkbox label="Include point-of-sale orders" checked={state.includePosOrders} onChange={(v) => set("includePosOrders", v)} />
      <Checkbox label="Include draft orders" checked={state.includeDraftOrders} onChange={(v) => set("includeDraftOrders", v)} />
      <Checkbox label="Skip orders worth nothing" checked={state.skipZeroValue} onChange={(v) => set("skipZeroValue", v)} />
      <TextField label="Leave out orders with these tags (comma-separated)" value={state.excludedTags} onChange={(v) => set("excludedTags", v)} autoComplete="off" error={errors["filters.excludedTags"]} />
    </Section>
  );
}

export function ConsentSection({ state, set, errors }: SectionProps) {
  return (
    <Section title="Consent">
      <Select
        label="Consent mode"
        options={[
          { label: "Regional: obey the shopper's choice; without one, hold back buyers in opt-in regions", value: "regional" },
          { label: "Strict: send only with recorded marketing consent", value: "strict" },
          { label: "Off: send every event", value: "off" },
        ]}
        value={state.consentMode}
        onChange={(v) => set("consentMode", v)}
        error={errors["consent.mode"]}
      />
      {state.consentMode === "off" ? (
        <Banner tone="warning" title="You take responsibility for consent">
          <p>With consent off, Tandem sends events even when the shopper has not agreed to marketing. You take responsibility for having a legal basis for that in every country you sell to.</p>
        </Banner>
      ) : null}
      <TextField label="Opt-in regions (country codes)" value={state.optInRegions} onChange={(v) => set("optInRegions", v)} autoComplete="off" multiline={2} error={errors["consent.optInRegions"]} />
      <TextField label="Minutes to wait for the shopper's choice" type="number" value={state.graceMinutes} onChange={(v) => set("graceMinutes", v)} autoComplete="off" error={errors["consent.graceMinutes"]} />
    </Section>
  );
}

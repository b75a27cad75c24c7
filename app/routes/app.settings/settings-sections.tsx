import { Banner, BlockStack, Card, Checkbox, ChoiceList, InlineGrid, Layout, Select, Text, TextField } from "@shopify/polaris";
import type { ReactNode } from "react";
import { CountryPicker } from "./country-picker";
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

/** One group of the page: what it is about on the left (above on a phone), the fields on the right. */
function Section({ title, description, children }: { title: string; description: string; children: ReactNode }) {
  return (
    <Layout.AnnotatedSection title={title} description={description}>
      <Card>
        <BlockStack gap="300">{children}</BlockStack>
      </Card>
    </Layout.AnnotatedSection>
  );
}

export function EventsSection({ state, set, errors, choices }: SectionProps) {
  const toggle = (key: keyof FormState["events"]) => (checked: boolean) => set("events", { ...state.events, [key]: checked });
  return (
    <Section title="Events" description="Which events Tandem sends, and when an order counts as a purchase.">
      <Checkbox label="Purchase" checked={state.events.purchase} onChange={toggle("purchase")} error={errors["events.purchase"]} />
      <Checkbox label="Initiate checkout" checked={state.events.initiateCheckout} onChange={toggle("initiateCheckout")} />
      <Checkbox label="Add payment info" checked={state.events.addPaymentInfo} onChange={toggle("addPaymentInfo")} />
      <Checkbox
        label="Order cancelled (custom event)"
        helpText="For audiences and custom conversions: an OrderCancelled event with the order's value (positive) and its order id. Meta has no cancellation event and cannot subtract it from the Purchase."
        checked={state.events.orderCancelled}
        onChange={toggle("orderCancelled")}
      />
      <Checkbox
        label="Order refunded (custom event)"
        helpText="For exclusion audiences: an OrderRefunded event with the amount refunded (positive) and the order id. Meta has no refund event and no way to subtract value from a Purchase it received; the Orders page shows the net."
        checked={state.events.orderRefunded}
        onChange={toggle("orderRefunded")}
      />
      <Select
        label="Value added after checkout (order edits, post-purchase upsells)"
        options={[
          { label: "A custom OrderEdited event with the value added", value: "custom" },
          { label: "A Purchase of its own (its own event id, counted as one more purchase)", value: "purchase" },
          { label: "Not sent (shown on the Orders page only)", value: "off" },
        ]}
        value={state.events.orderEdited}
        onChange={(value) => set("events", { ...state.events, orderEdited: value as FormState["events"]["orderEdited"] })}
        error={errors["events.orderEdited"]}
        helpText="Sent once per edit, with only the value added beyond what Meta already has for the order, never as a second Purchase with the order's id. Removed items are never sent as a negative value: the Orders page shows the order's new total."
      />
      <Checkbox
        label="Subscribe when a subscription starts"
        helpText="Meta's Subscribe event for an order that starts a subscription (an item bought on a selling plan, or tagged Subscription First Order), sent with its Purchase and the same consent, carrying what you predict a new subscriber is worth. Its own event ID: the Purchase is never counted twice. Sent from the server only."
        checked={state.events.subscribe}
        onChange={toggle("subscribe")}
      />
      {state.events.subscribe ? (
        <TextField
          label="Predicted lifetime value of a new subscriber (your shop's currency)"
          type="number"
          inputMode="decimal"
          min={0}
          step={0.01}
          value={state.predictedLtv}
          onChange={(value) => set("predictedLtv", value)}
          autoComplete="off"
          error={errors["events.subscribePredictedLtv"]}
          helpText="What a subscriber brings in over the whole subscription on average, for example 12 monthly payments of 20 = 240."
        />
      ) : null}
      <ChoiceList
        allowMultiple
        title="Payment states that count as a purchase"
        // The domain refuses pending and voided (the money may never arrive): they are not offered, and the help says why.
        choices={choices.paymentStates
          .filter((status) => !NEVER_A_PURCHASE.has(status))
          .map((status) => ({ label: PAYMENT_STATE_LABELS[status] ?? status, value: status }))}
        selected={state.purchasePaymentStates}
        onChange={(selected) => set("purchasePaymentStates", selected as FormState["purchasePaymentStates"])}
        error={errors["purchasePaymentStates"]}
      />
      <Text as="p" tone="subdued">
        Payment pending and voided orders never count: the money may never arrive.
      </Text>
    </Section>
  );
}

export function ValueSection({ state, set, errors }: SectionProps) {
  return (
    <Section title="Value and catalog" description="The purchase value Meta reports, and the product IDs that match your Meta catalog.">
      <Checkbox label="Include shipping in the value" checked={state.includeShipping} onChange={(v) => set("includeShipping", v)} />
      <Checkbox label="Include tax in the value" checked={state.includeTax} onChange={(v) => set("includeTax", v)} />
      <Select
        label="Currency"
        options={[
          { label: "The buyer's currency", value: "presentment" },
          { label: "The shop's currency", value: "shop" },
        ]}
        value={state.currency}
        onChange={(v) => set("currency", v)}
        error={errors["value.currency"]}
      />
      <Select
        label="Product IDs sent to Meta"
        options={[
          { label: "Variant ID", value: "variant_id" },
          { label: "Product ID", value: "product_id" },
          { label: "SKU", value: "sku" },
          { label: "As in Shopify's Facebook & Instagram catalog (country, product and variant)", value: "shopify_feed" },
        ]}
        value={state.idRule}
        onChange={(v) => set("idRule", v)}
        error={errors["catalog.idRule"]}
      />
      {state.idRule === "shopify_feed" ? (
        <TextField
          label="Catalog country (two letters, as in your catalog's IDs)"
          value={state.feedCountry}
          onChange={(v) => set("feedCountry", v)}
          autoComplete="off"
          error={errors["catalog.feedCountry"]}
        />
      ) : null}
    </Section>
  );
}

const NEVER_A_PURCHASE = new Set(["pending", "voided"]);

const PAYMENT_STATE_LABELS: Record<string, string> = {
  pending: "Payment pending",
  authorized: "Authorized",
  partially_paid: "Partially paid",
  paid: "Paid",
  partially_refunded: "Partially refunded",
  refunded: "Refunded",
  voided: "Voided",
};

const MATCH_KEY_LABELS: Record<string, string> = {
  em: "Email",
  ph: "Phone",
  fn: "First name",
  ln: "Last name",
  ct: "City",
  st: "State or province",
  zp: "Postal code",
  country: "Country",
  external_id: "Customer ID",
  client_ip_address: "IP address (sent unhashed)",
  client_user_agent: "Browser user agent (sent unhashed; required for website events)",
  fbp: "Meta browser ID (fbp cookie)",
  fbc: "Meta click ID (fbc cookie)",
};

export function MatchKeysSection({ state, set, choices }: SectionProps) {
  return (
    <Section
      title="Customer information"
      description="What Meta may use to match an event to a person. Hashed before it leaves your store unless noted; fewer keys means fewer matched conversions."
    >
      <InlineGrid columns={{ xs: 1, sm: 2 }} gap="200">
        {choices.matchKeys.map((key) => (
          <Checkbox
            key={key}
            label={MATCH_KEY_LABELS[key] ?? key}
            checked={state.matchKeys[key as keyof FormState["matchKeys"]]}
            onChange={(v) => set("matchKeys", { ...state.matchKeys, [key]: v })}
          />
        ))}
      </InlineGrid>
    </Section>
  );
}

export function FiltersSection({ state, set, errors }: SectionProps) {
  return (
    <Section title="Which orders" description="Orders left out here are never sent; the event log says why.">
      <Select
        label="Test orders"
        options={[
          { label: "Send with the test event code", value: "send_with_test_code" },
          { label: "Do not send", value: "skip" },
        ]}
        value={state.testOrders}
        onChange={(v) => set("testOrders", v)}
        error={errors["filters.testOrders"]}
      />
      <Checkbox label="Include point-of-sale orders" checked={state.includePosOrders} onChange={(v) => set("includePosOrders", v)} />
      <Checkbox label="Include draft orders" checked={state.includeDraftOrders} onChange={(v) => set("includeDraftOrders", v)} />
      <Select
        label="Subscription renewals"
        options={[
          { label: "Not sent (listed on the Orders page as renewals)", value: "skip" },
          { label: "A custom RecurringPayment event", value: "recurring_payment" },
          { label: "A Purchase", value: "purchase" },
        ]}
        value={state.renewals}
        onChange={(v) => set("renewals", v as FormState["renewals"])}
        helpText="Renewal orders are made by the subscription, not by a shopper in a browser, so they are sent at once with action source system_generated. A RecurringPayment event (its own event ID, the renewal's value) keeps renewals apart from new purchases in your reports and audiences; a Purchase counts each renewal as a sale. First subscription orders are ordinary purchases."
      />
      <Checkbox
        label="Include orders created without a checkout"
        helpText="Orders made by apps, the Admin API, imports or the Shopify mobile app have no browser. When on, they are sent as Purchase with action source system_generated, at once."
        checked={state.includeNoCheckoutOrders}
        onChange={(v) => set("includeNoCheckoutOrders", v)}
      />
      <Checkbox label="Skip orders worth nothing" checked={state.skipZeroValue} onChange={(v) => set("skipZeroValue", v)} />
      <TextField
        label="Leave out orders with these tags (comma-separated)"
        value={state.excludedTags}
        onChange={(v) => set("excludedTags", v)}
        autoComplete="off"
        error={errors["filters.excludedTags"]}
      />
      <Text as="p" tone="subdued">
        Cancellations and refunds: Meta has no refund or cancellation event and no documented way to subtract value from a Purchase it
        received, so Tandem never sends a negative value. An order cancelled before its Purchase was sent is withdrawn; the Orders page
        shows each order's gross, refunded and net value.
      </Text>
    </Section>
  );
}

export function ConsentSection({ state, set, errors, locale }: SectionProps & { locale: string }) {
  return (
    <Section title="Consent" description="How Tandem follows each shopper's privacy choice. The Consent page explains each mode.">
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
          <p>
            With consent off, Tandem sends events even when the shopper has not agreed to marketing. You take responsibility for having a
            legal basis for that in every country you sell to.
          </p>
        </Banner>
      ) : null}
      <CountryPicker
        label="Opt-in regions"
        locale={locale}
        selected={state.optInRegions.split(/[\s,]+/).filter(Boolean)}
        onChange={(codes) => set("optInRegions", codes.join(", "))}
        error={errors["consent.optInRegions"]}
      />
      <TextField
        label="Minutes to wait for the shopper's choice"
        type="number"
        value={state.graceMinutes}
        onChange={(v) => set("graceMinutes", v)}
        autoComplete="off"
        error={errors["consent.graceMinutes"]}
      />
    </Section>
  );
}

export function AlertsSection({ state, set, errors, contactEmail }: SectionProps & { contactEmail: string | null }) {
  return (
    <Section
      title="Alert emails"
      description="Tandem emails these addresses when tracking needs attention (a paused pixel, failures, a backlog, no events reaching Meta) and again when it is healthy, at most once a day per problem."
    >
      <TextField
        label="Send alerts to"
        type="text"
        value={state.alertEmails}
        onChange={(v) => set("alertEmails", v)}
        autoComplete="email"
        placeholder={contactEmail ?? "you@example.com"}
        helpText={
          contactEmail
            ? `Several addresses separated by commas. Leave empty to use your store's contact email (${contactEmail}).`
            : "Several addresses separated by commas. Leave empty to use your store's contact email (from your Shopify store details)."
        }
        error={errors["alerts.emails"]}
      />
      <TextField
        label="Alert when a pixel's accuracy falls below (%)"
        type="number"
        min={0}
        max={100}
        value={state.accuracyBelowPercent}
        onChange={(v) => set("accuracyBelowPercent", v)}
        autoComplete="off"
        helpText="Accuracy: the share of the last 24 hours' orders that Meta accepted on that pixel (orders your filters leave out, held back by consent or still being sent do not count). 0 switches this alert off."
        error={errors["alerts.accuracyBelowPercent"]}
      />
    </Section>
  );
}

// Types only: importing capi's values would ship zod to the browser (the lists come with the loader data).
import type { FinancialStatus, MatchKey, ShopSettings } from "../../capi/settings";

// The page's editable copy of the settings, as text and booleans, and its encoding into
// the form data that settings-form.server.ts parses. Shared by the page's sections.

export type FormState = {
  events: ShopSettings["events"];
  includeShipping: boolean;
  includeTax: boolean;
  currency: string;
  idRule: string;
  feedCountry: string;
  matchKeys: Record<MatchKey, boolean>;
  purchasePaymentStates: FinancialStatus[];
  testOrders: string;
  includePosOrders: boolean;
  includeDraftOrders: boolean;
  /** Subscription renewals: not sent, a custom RecurringPayment event, or a Purchase. */
  renewals: "skip" | "recurring_payment" | "purchase";
  /** The predicted lifetime value sent with Subscribe, as typed. */
  predictedLtv: string;
  includeNoCheckoutOrders: boolean;
  excludedTags: string;
  skipZeroValue: boolean;
  consentMode: string;
  optInRegions: string;
  graceMinutes: string;
  /** Comma-separated; empty means the shop's contact email. */
  alertEmails: string;
  serverCopies: ShopSettings["serverCopies"];
  accuracyBelowPercent: string;
};

export function toFormState(settings: ShopSettings, alertEmails: readonly string[]): FormState {
  return {
    events: { ...settings.events },
    includeShipping: settings.value.includeShipping,
    includeTax: settings.value.includeTax,
    currency: settings.value.currency,
    idRule: settings.catalog.idRule,
    feedCountry: settings.catalog.feedCountry,
    matchKeys: { ...settings.matchKeys },
    purchasePaymentStates: [...settings.purchasePaymentStates],
    testOrders: settings.filters.testOrders,
    includePosOrders: settings.filters.includePosOrders,
    includeDraftOrders: settings.filters.includeDraftOrders,
    renewals: settings.events.recurringPayment ? "recurring_payment" : settings.filters.includeRenewalOrders ? "purchase" : "skip",
    predictedLtv: settings.events.subscribePredictedLtv === null ? "" : String(settings.events.subscribePredictedLtv),
    includeNoCheckoutOrders: settings.filters.includeNoCheckoutOrders,
    excludedTags: settings.filters.excludedTags.join(", "),
    skipZeroValue: settings.filters.skipZeroValue,
    consentMode: settings.consent.mode,
    optInRegions: settings.consent.optInRegions.join(", "),
    graceMinutes: String(settings.consent.graceMinutes),
    alertEmails: alertEmails.join(", "),
    serverCopies: { ...settings.serverCopies },
    accuracyBelowPercent: String(settings.alerts.accuracyBelowPercent),
  };
}

export function toFormData(state: FormState): FormData {
  const form = new FormData();
  const put = (name: string, value: string | boolean) => form.append(name, String(value));
  put("intent", "save");
  put("events.purchase", state.events.purchase);
  put("events.initiateCheckout", state.events.initiateCheckout);
  put("events.addPaymentInfo", state.events.addPaymentInfo);
  put("events.orderCancelled", state.events.orderCancelled);
  put("events.orderRefunded", state.events.orderRefunded);
  put("events.orderEdited", state.events.orderEdited);
  put("events.recurringPayment", state.renewals === "recurring_payment");
  put("events.subscribe", state.events.subscribe);
  put("events.subscribePredictedLtv", state.predictedLtv);
  put("value.includeShipping", state.includeShipping);
  put("value.includeTax", state.includeTax);
  put("value.currency", state.currency);
  put("catalog.idRule", state.idRule);
  put("catalog.feedCountry", state.feedCountry);
  for (const [key, on] of Object.entries(state.matchKeys)) put(`matchKeys.${key}`, on);
  // The empty entry says "the list was sent": an empty choice is refused, not defaulted.
  put("purchasePaymentStates", "");
  for (const status of state.purchasePaymentStates) put("purchasePaymentStates", status);
  put("filters.testOrders", state.testOrders);
  put("filters.includePosOrders", state.includePosOrders);
  put("filters.includeDraftOrders", state.includeDraftOrders);
  put("filters.includeRenewalOrders", state.renewals === "purchase");
  put("filters.includeNoCheckoutOrders", state.includeNoCheckoutOrders);
  put("filters.excludedTags", state.excludedTags);
  put("filters.skipZeroValue", state.skipZeroValue);
  put("consent.mode", state.consentMode);
  put("consent.optInRegions", state.optInRegions);
  put("consent.graceMinutes", state.graceMinutes);
  put("alerts.emails", state.alertEmails);
  put("serverCopies.addToCart", state.serverCopies.addToCart);
  put("serverCopies.viewContent", state.serverCopies.viewContent);
  put("alerts.accuracyBelowPercent", state.accuracyBelowPercent);
  return form;
}

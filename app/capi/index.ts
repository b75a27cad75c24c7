// app/capi: the pure domain of Tandem. Shopify payloads in, Meta Conversions API events
// out, plus the consent decision, validation against Meta's rules and Graph answers.
// Imports nothing from Remix, Shopify's libraries or Prisma. Read top-down:
// schemas -> settings -> event ids -> consent snapshot -> mapping (normalize, hash,
// user data, money) -> consent decision -> validation -> Graph API responses.

export {
  orderPayloadSchema,
  checkoutPayloadSchema,
  type OrderPayload,
  type CheckoutPayload,
  type ShopifyAddress,
  type ShopifyLineItem,
} from "./shopify-payloads";
export {
  pixelReceiptSchema,
  consentSignalFromReceipt,
  receiptBrowserValues,
  type PixelReceipt,
  type ReceiptBrowserValues,
  type ReceiptCustomData,
} from "./pixel-receipt";
export {
  toStorefrontCopy,
  isBotUserAgent,
  isStorefrontEventName,
  wantsServerCopy,
  type StorefrontCopy,
  type StorefrontCopyRefusal,
} from "./storefront-copy";

export {
  shopSettingsSchema,
  DEFAULT_SHOP_SETTINGS,
  DEFAULT_OPT_IN_REGIONS,
  MATCH_KEYS,
  FINANCIAL_STATUSES,
  MAX_GRACE_MINUTES,
  SERVER_COPY_CHOICES,
  type ShopSettings,
  type ShopSettingsInput,
  type MatchKey,
  type FinancialStatus,
} from "./settings";

export {
  purchaseEventId,
  initiateCheckoutEventId,
  addPaymentInfoEventId,
  eventIdFor,
  canonicalOrderId,
  type DedupedEventName,
  type EventIdSource,
} from "./event-id";

export {
  parseConsentSnapshot,
  formatConsentSnapshot,
  readCartAttributes,
  readCartCookies,
  isMetaCookieValue,
  CONSENT_ATTRIBUTE,
  FBP_ATTRIBUTE,
  FBC_ATTRIBUTE,
  type ConsentSignal,
  type CartAttributes,
  type NoteAttributes,
} from "./consent-snapshot";

export { mapOrderToPurchase } from "./map-order";
export {
  mapCancellationEvent,
  mapRefundEvent,
  cancellationEventId,
  refundEventId,
  ORDER_CANCELLED,
  ORDER_REFUNDED,
} from "./lifecycle-events";
export {
  classifyOrder,
  isFirstSubscriptionOrder,
  salesChannel,
  sourceDecision,
  FIRST_SUBSCRIPTION_TAGS,
  RENEWAL_SOURCES,
  RENEWAL_TAGS,
  type OrderClass,
} from "./order-class";
export { mapSubscribeEvent, recurringPaymentEventId, subscribeEventId, RECURRING_PAYMENT, SUBSCRIBE } from "./subscription-events";
export {
  toCancellation,
  toRefund,
  toOrderEdit,
  CANCEL_REASONS,
  type LifecycleFact,
  type LifecycleKind,
  type LifecycleParse,
} from "./order-lifecycle";
export {
  orderUpdatedSchema,
  toOrderSnapshot,
  valueEdits,
  mapEditEvent,
  editEventId,
  ORDER_EDITED,
  type OrderSnapshot,
  type EditEventMode,
  type EditToValue,
} from "./order-edit-value";
export { mapCheckoutToInitiateCheckout } from "./map-checkout";
export type { MapContext, MapResult, SkipReason, ConsentFacts } from "./map-result";
export type { CapiEvent, CapiEventName, ActionSource, UserData, CustomData, ContentItem } from "./capi-event";

export {
  normalizeEmail,
  normalizePhone,
  normalizeName,
  normalizeCity,
  normalizeState,
  normalizeZip,
  normalizeCountry,
  normalizeExternalId,
} from "./normalize";
export { sha256Hex, hashMatchKey, isSha256Hex, EMPTY_STRING_SHA256 } from "./hash";
export { buildUserData, buildUserDataNoted, type BuyerFields, type BrowserIds } from "./user-data";
export {
  BROWSER_KEYS,
  checkFbc,
  checkFbp,
  checkIp,
  checkPageUrl,
  checkUserAgent,
  addNote,
  mergeNotes,
  parseKeyNotes,
  formatKeyNotes,
  withoutUnsendableKeys,
  MAX_USER_AGENT,
  type BrowserKey,
  type NotedKey,
  type DropReason,
  type KeyNote,
  type ValueSource,
  type Checked,
} from "./browser-values";
export { classifyIp, canonicalIp, isIpv6, type IpKind } from "./ip-address";
export { isSaneTimeMs, saneDate, EARLIEST_SANE_MS, FUTURE_SLACK_MS } from "./date-range";
export { toMinorUnits, formatMinorUnits, minorUnitsToNumber, minorDigits, isCurrencyCode } from "./money";

export {
  decideConsent,
  applyConsentToEvent,
  latestSignal,
  consentInputFor,
  LDU_US_STATES,
  type ConsentDecision,
  type ConsentReason,
  type ConsentMode,
  type ConsentInput,
} from "./consent";

export { validateServerEvent, validateEventsRequest, type ValidationProblem } from "./validate";

export {
  MAX_EVENT_AGE_SECONDS,
  LONGEST_EVENT_AGE_SECONDS,
  maxEventAgeSeconds,
  MAX_EVENTS_PER_REQUEST,
  DEDUP_WINDOW_SECONDS,
  hasBrowserCopy,
  CAPI_EVENT_NAMES,
  LIFECYCLE_EVENT_NAMES,
  STOREFRONT_EVENT_NAMES,
  type StorefrontEventName,
  SERVER_EVENT_NAMES,
  type ServerEventName,
} from "./meta-limits";

export {
  parseGraphResponse,
  classifyNetworkError,
  classifyGraphErrorCode,
  type GraphResult,
  type GraphFailureClass,
} from "./graph-response";

export { buildTestEvent, isTestEventId, TEST_EVENT_ID_PREFIX, type TestEventInput } from "./test-event";

import type { ShopSettings } from "../capi";

// What the storefront pieces are told, built from the shop's settings. Pure. The shapes
// are documented in docs/storefront-theme-embed.md (the metafield) and
// extensions/tandem-pixel/README.md + shopify.extension.toml (the web pixel settings).

export const THEME_CONFIG_NAMESPACE = "tandem";
export const THEME_CONFIG_KEY = "config";
/** The app embed block's file name in extensions/tandem-theme/blocks, without .liquid. */
export const THEME_EMBED_HANDLE = "tandem-embed";

export type ThemeConfig = {
  pixel_ids: string[];
  catalog_id_rule: ShopSettings["catalog"]["idRule"];
  catalog_country: string;
  value_rule: { include_shipping: boolean; include_tax: boolean };
  /** Where the embed's pixel audit reports other pixels, and the shop's public key (docs/decisions/031). */
  audit_url?: string;
  shop_key?: string;
  /** The web pixel fires ViewContent and AddToCart; the embed leaves them to it (docs/decisions/042). */
  product_events: "web_pixel";
};

export function toThemeConfig(
  settings: ShopSettings,
  pixelIds: readonly string[],
  audit?: { appUrl: string; shopKey: string },
): ThemeConfig {
  return {
    ...(audit && { audit_url: `${audit.appUrl.replace(/\/+$/, "")}/pixel/audit`, shop_key: audit.shopKey }),
    pixel_ids: [...pixelIds],
    catalog_id_rule: settings.catalog.idRule,
    catalog_country: settings.catalog.feedCountry,
    value_rule: { include_shipping: settings.value.includeShipping, include_tax: settings.value.includeTax },
    product_events: "web_pixel",
  };
}

/** Every web pixel setting is a single_line_text_field: strings only, booleans as "true"/"false". */
export type WebPixelSettings = {
  pixelIds: string;
  events: string;
  receiptUrl: string;
  shopKey: string;
  includeShipping: string;
  includeTax: string;
  catalogIdRule: string;
  catalogCountry: string;
  sendHashedEmail: string;
  sendHashedPhone: string;
  serverCopies: string;
};

export function toWebPixelSettings(input: {
  settings: ShopSettings;
  pixelIds: readonly string[];
  appUrl: string;
  shopKey: string;
}): WebPixelSettings {
  const { settings } = input;
  return {
    pixelIds: input.pixelIds.join(","),
    // The browser fires only what the server would send, so the two copies stay pairs. The
    // storefront events were always fired in the browser (by the theme embed before the web
    // pixel took them over); whether the server copies them is serverCopies.
    events: [
      settings.events.initiateCheckout && "InitiateCheckout",
      settings.events.addPaymentInfo && "AddPaymentInfo",
      settings.events.purchase && "Purchase",
      "ViewContent",
      "AddToCart",
    ]
      .filter(Boolean)
      .join(","),
    receiptUrl: `${input.appUrl.replace(/\/+$/, "")}/pixel/events`,
    shopKey: input.shopKey,
    includeShipping: String(settings.value.includeShipping),
    includeTax: String(settings.value.includeTax),
    catalogIdRule: settings.catalog.idRule,
    catalogCountry: settings.catalog.feedCountry,
    // The browser hashes only what the shop allows the server to send.
    sendHashedEmail: String(settings.matchKeys.em),
    sendHashedPhone: String(settings.matchKeys.ph),
    // The storefront events whose receipt asks for the server's copy: only those the merchant chose.
    serverCopies: [settings.serverCopies.viewContent === "on" && "ViewContent", settings.serverCopies.addToCart === "on" && "AddToCart"]
      .filter(Boolean)
      .join(","),
  };
}

/** Where the merchant switches the app embed on: the theme editor's App embeds panel, with ours preselected. */
export function themeEditorUrl(shopDomain: string, apiKey: string): string {
  return `https://${shopDomain}/admin/themes/current/editor?context=apps&activateAppId=${encodeURIComponent(apiKey)}/${THEME_EMBED_HANDLE}`;
}

// The storefront pieces' status in words, with the one action that fixes each: pure, so
// the overview's card (in the browser, with App Bridge's live answer) and the set-up
// checklist (on the server) say the same thing from the same facts.

export const EMBED_STATUSES = ["active", "available", "unavailable", "not_listed"] as const;
/** App Bridge's status for the embed, or "not_listed" when its answer did not include Tandem's embed. */
export type EmbedStatus = (typeof EMBED_STATUSES)[number];
export type PixelState = "connected" | "missing" | "error";

export type StorefrontFacts = {
  embed: {
    /** App Bridge's last answer (`shopify.app.extensions()`), null when it never answered for this shop. */
    reported: EmbedStatus | null;
    reportedAt: string | null;
    /** Recent orders carried the embed's consent record: the embed ran on the storefront. */
    seenInOrders: boolean;
  };
  pixel: {
    state: PixelState | null;
    /** Shopify's WebPixel.dataSharingState, null when the Admin API did not say. */
    dataSharing: string | null;
    checkedAt: string | null;
    error: string | null;
    /** Receipts against orders (last 7 days): the inference when Shopify does not say. */
    orders: number;
    ordersWithReceipt: number;
    /** Purchase reports of the last 7 days, and how many had an e-mail / a phone from Shopify. */
    contact: { purchases: number; withEmail: number; withPhone: number };
  };
};

/** Tandem's theme app extension (its toml `handle`) and its app embed block (the block's file name). */
export const THEME_EXTENSION_HANDLE = "tandem-theme";
export const EMBED_BLOCK_HANDLE = "tandem-embed";

/**
 * Reads App Bridge's `app.extensions()` answer as Shopify documents it: an array of
 * `{handle, type, activations}`; a theme app extension's activations are its blocks and
 * embeds, each `{handle, name, target, status: "active" | "available" | "unavailable"}`
 * for the published theme. Anything else is "no_answer".
 */
export function readEmbedStatus(answer: unknown): LiveEmbed {
  if (!Array.isArray(answer)) return "no_answer";
  const themeExtensions = answer.filter(
    (e) => e && typeof e === "object" && (e as { type?: unknown }).type === "theme_app_extension",
  ) as Array<{ handle?: unknown; activations?: unknown }>;
  const ours =
    themeExtensions.find((e) => e.handle === THEME_EXTENSION_HANDLE) ??
    themeExtensions.find((e) => Array.isArray(e.activations) && e.activations.some((a) => a?.handle === EMBED_BLOCK_HANDLE));
  const block = Array.isArray(ours?.activations)
    ? (ours.activations as Array<{ handle?: unknown; status?: unknown }>).find((a) => a?.handle === EMBED_BLOCK_HANDLE)
    : undefined;
  if (!block) return "not_listed";
  return block.status === "active" || block.status === "available" || block.status === "unavailable" ? block.status : "not_listed";
}

export type PieceTone = "success" | "info" | "warning" | "critical";
export type PieceStatus = {
  tone: PieceTone;
  badge: string;
  title: string;
  detail: string;
  /** Where the facts come from, said plainly ("Shopify reports", "inferred from ..."). */
  source: string;
  done: boolean;
  action?: { label: string; url: string };
};

/** App Bridge's answer in the browser: a status, or "no_answer" when it could not tell. */
export type LiveEmbed = EmbedStatus | "no_answer";

export const CUSTOMER_EVENTS_URL = "shopify://admin/settings/customer_events";
const THEMES_URL = "shopify://admin/themes";
/** Below this many orders an inference would be noise. */
export const MIN_ORDERS_TO_INFER = 5;

export function describeEmbed(facts: StorefrontFacts["embed"], themeEditorUrl: string, live?: LiveEmbed): PieceStatus {
  const status = live && live !== "no_answer" ? live : facts.reported;
  const turnOn = { label: "Turn on in the theme editor", url: themeEditorUrl };
  const fromAppBridge = "Shopify reports this for your published theme.";
  switch (status) {
    case "active":
      return {
        tone: "success",
        badge: "On",
        title: "Theme app embed",
        detail: "Tandem's app embed is on in your published theme.",
        source: fromAppBridge,
        done: true,
      };
    case "available":
      return {
        tone: "warning",
        badge: "Off",
        title: "Theme app embed",
        detail:
          "The Tandem app embed is off in your published theme: the Meta Pixel's page views and searches are not sent, and orders carry neither Meta's browser ids nor the shopper's consent from the storefront, so the server's copies match and decide with less.",
        source: fromAppBridge,
        done: false,
        action: turnOn,
      };
    case "unavailable":
      return {
        tone: "critical",
        badge: "Not supported",
        title: "Theme app embed",
        detail:
          "Your published theme cannot show app embeds (it is not an Online Store 2.0 theme). Checkout events still reach Meta through the web pixel.",
        source: fromAppBridge,
        done: false,
        action: { label: "Open themes", url: THEMES_URL },
      };
    case "not_listed":
      return {
        tone: "warning",
        badge: "Not found",
        title: "Theme app embed",
        detail: "Shopify does not list Tandem's app embed for this store: the app's theme extension may not be released yet.",
        source: fromAppBridge,
        done: facts.seenInOrders,
        action: turnOn,
      };
    default:
      return facts.seenInOrders
        ? {
            tone: "success",
            badge: "Seen in orders",
            title: "Theme app embed",
            detail: "Recent orders carry the consent record the app embed writes, so it runs on your storefront.",
            source: "Inferred from your orders: Shopify's admin could not answer here.",
            done: true,
          }
        : {
            tone: "info",
            badge: "Unknown",
            title: "Theme app embed",
            detail: "Shopify's admin could not say whether the app embed is on, and no order has carried its consent record yet.",
            source: "Check it in the theme editor: Theme settings > App embeds.",
            done: false,
            action: turnOn,
          };
  }
}

export function describePixel(facts: StorefrontFacts["pixel"]): PieceStatus {
  const title = "Checkout web pixel";
  const dataAccess = { label: "Open Customer events", url: CUSTOMER_EVENTS_URL };
  const reported = "Shopify reports this.";
  if (facts.state === "missing") {
    return {
      tone: "critical",
      badge: "Not connected",
      title,
      detail:
        "Shopify has no Tandem web pixel for this store: checkouts and purchases reach Meta from the server only, without their browser copy.",
      source: reported,
      done: false,
      action: { label: "Retry activation", url: "/app/settings" },
    };
  }
  if (facts.state === "connected" && facts.dataSharing) {
    switch (facts.dataSharing) {
      case "ALWAYS_ON":
        return {
          tone: "success",
          badge: "Connected",
          title,
          detail: "Connected, with data sharing always on.",
          source: reported,
          done: true,
        };
      case "OPTIMIZED_ALLOW_ALL_EVENTS":
        return {
          tone: "success",
          badge: "Connected",
          title,
          detail:
            "Connected. Shopify optimizes its data sharing and lets every event through for now; it may pause the pixel later. Set it to Always on to keep it sending.",
          source: reported,
          done: true,
          action: dataAccess,
        };
      case "OPTIMIZED_ALLOW_LIMITED_EVENTS":
        return {
          tone: "warning",
          badge: "Limited by Shopify",
          title,
          detail:
            "Shopify's optimized data sharing lets only some events or part of their data through to the pixel. Set it to Always on in Customer events > App pixels.",
          source: reported,
          done: false,
          action: dataAccess,
        };
      case "OPTIMIZED_PAUSE_ALL_EVENTS":
      case "PAUSED":
        return {
          tone: "critical",
          badge: "Paused by Shopify",
          title,
          detail:
            "Shopify is holding back every event from the pixel: no purchase gets its browser copy. Set its data sharing to Always on in Customer events > App pixels.",
          source: reported,
          done: false,
          action: dataAccess,
        };
    }
  }
  return inferPixel(facts, dataAccess);
}

/** When Shopify does not say how much it shares: receipts against orders. */
function inferPixel(facts: StorefrontFacts["pixel"], dataAccess: { label: string; url: string }): PieceStatus {
  const title = "Checkout web pixel";
  const why =
    facts.state === "connected" ? "Shopify reports the pixel connected but not its data sharing" : "Shopify's Admin API did not answer";
  const source = `Inferred from ${facts.ordersWithReceipt} browser reports for ${facts.orders} orders in the last 7 days (${why}).`;
  const connected = facts.state === "connected";
  if (facts.orders < MIN_ORDERS_TO_INFER) {
    return {
      tone: "info",
      badge: connected ? "Connected" : "Unknown",
      title,
      detail: `Too few orders in the last 7 days (${facts.orders}) to tell whether the pixel sees your checkouts.`,
      source,
      done: connected || facts.ordersWithReceipt > 0,
    };
  }
  if (facts.ordersWithReceipt === 0) {
    return {
      tone: "critical",
      badge: "No browser reports",
      title,
      detail: `None of the ${facts.orders} orders of the last 7 days had a report from the web pixel: Shopify may be holding it back, or it is not loading.`,
      source,
      done: false,
      action: dataAccess,
    };
  }
  const share = facts.ordersWithReceipt / facts.orders;
  return share < 0.5
    ? {
        tone: "warning",
        badge: "Partly reporting",
        title,
        detail: `${facts.ordersWithReceipt} of ${facts.orders} orders had a report from the web pixel. Shoppers who decline tracking are expected; far fewer may mean Shopify limits the pixel.`,
        source,
        done: true,
        action: dataAccess,
      }
    : {
        tone: "success",
        badge: "Reporting",
        title,
        detail: `${facts.ordersWithReceipt} of ${facts.orders} orders had a report from the web pixel.`,
        source,
        done: true,
      };
}

/** Fewer Purchase reports than this say nothing about what Shopify withholds. */
const MIN_PURCHASES_FOR_CONTACT = 3;

/**
 * When Shopify withholds the shopper's e-mail (or e-mail and phone) from every recent
 * Purchase the pixel saw, Tandem says so instead of quietly sending Meta fewer keys.
 * A phone alone missing is common (many checkouts do not ask for one) and is not flagged.
 */
export function describeContact(contact: StorefrontFacts["pixel"]["contact"]): PieceStatus | null {
  if (contact.purchases < MIN_PURCHASES_FOR_CONTACT || contact.withEmail > 0) return null;
  const both = contact.withPhone === 0;
  return {
    tone: "warning",
    badge: "Withheld by Shopify",
    title: "Customer details in the web pixel",
    detail: `Shopify gave the web pixel no e-mail${both ? " and no phone" : ""} for any of the ${contact.purchases} purchases of the last 7 days: this app is not approved for that protected customer data, so the browser's Purchase reaches Meta without a hashed e-mail${both ? " or phone" : ""}. The server's copy still carries them when the order webhook does.`,
    source: "From the web pixel's purchase reports, which say only whether each detail was present, never its value.",
    done: false,
  };
}

export type StorefrontConditionKey = "storefront_embed" | "storefront_pixel";
export type StorefrontCondition = {
  key: StorefrontConditionKey;
  title: string;
  detail: string;
  fix?: { label: string; url: string };
};

/**
 * The storefront pieces that stop tracking from being healthy, as the overview's banner
 * lists them: the same words and action as the card's rows, so the banner, the card and the
 * checklist never disagree. A piece counts when it is critical, or a warning not yet done
 * ("Partly reporting" is expected where shoppers decline tracking; an unknown embed is not
 * a fault). What Shopify withholds from the pixel is left to the card and the match-quality
 * page: the merchant cannot fix it from the admin.
 */
export function storefrontConditions(facts: StorefrontFacts, themeEditorUrl: string, live?: LiveEmbed): StorefrontCondition[] {
  const pieces: Array<[StorefrontConditionKey, PieceStatus]> = [
    ["storefront_embed", describeEmbed(facts.embed, themeEditorUrl, live)],
    ["storefront_pixel", describePixel(facts.pixel)],
  ];
  return pieces
    .filter(([, piece]) => piece.tone === "critical" || (piece.tone === "warning" && !piece.done))
    .map(([key, piece]) => ({ key, title: `${piece.title}: ${piece.badge}`, detail: piece.detail, fix: piece.action }));
}

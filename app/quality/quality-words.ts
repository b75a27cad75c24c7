// Words for Meta's quality figures: key names a merchant knows, what Tandem does about each
// of Meta's diagnostics, and the phrase for a figure Meta left out. Pure: the page, the
// overview card and the CLI share them.

export const NOT_REPORTED = "not reported by Meta";

// Meta's match_key_feedback identifiers (and likely spellings) -> Tandem's own key labels
// (app/models/overview-stats MATCH_KEYS), so the two columns line up.
const KEY_LABELS: Record<string, string> = {
  email: "Email",
  em: "Email",
  phone: "Phone",
  ph: "Phone",
  first_name: "Name",
  last_name: "Name",
  fn: "Name",
  ln: "Name",
  city: "Address",
  state: "Address",
  zip: "Address",
  zip_code: "Address",
  postal_code: "Address",
  country: "Address",
  ct: "Address",
  st: "Address",
  zp: "Address",
  external_id: "Customer id",
  ip_address: "IP address",
  client_ip_address: "IP address",
  user_agent: "Browser (user agent)",
  client_user_agent: "Browser (user agent)",
  fbp: "Meta browser id (fbp)",
  browser_id: "Meta browser id (fbp)",
  fbc: "Meta click id (fbc)",
  click_id: "Meta click id (fbc)",
};

/** "zip_code" -> "Address (zip code)"; an identifier Tandem does not know is shown as Meta wrote it. */
export function keyLabel(identifier: string): string {
  const id = identifier.toLowerCase();
  const label = KEY_LABELS[id];
  const words = id.replace(/_/g, " ");
  if (!label) return words.charAt(0).toUpperCase() + words.slice(1);
  return label === "Name" || label === "Address" ? `${label} (${words})` : label;
}

/** Tandem's share for the same key over its own sent events, or why there is none. */
export function ownShare(own: { sample: number; keys: { label: string; share: number }[] } | null, identifier: string): string {
  const label = KEY_LABELS[identifier.toLowerCase()];
  if (!own || !label) return "not a key Tandem sends";
  if (!own.sample) return "none sent";
  const share = own.keys.find((k) => k.label === label)?.share;
  return share === undefined ? "not a key Tandem sends" : `${Math.round(share * 100)}%`;
}

const ADVICE: Array<[RegExp, string]> = [
  [
    /ipv6/i,
    "Tandem sends the address the shopper's browser reported with its receipt, or the order's. Serve the app over IPv6 as well (an AAAA record), so browsers that have an IPv6 address report it.",
  ],
  [
    /mismatch(ed)? ip|ip address(es)? (that )?do not match/i,
    "Tandem sends the browser's own address from its receipt where it has one. Behind a proxy or tunnel, set TRUSTED_PROXIES, or every receipt carries the proxy's address.",
  ],
  [
    /fbc|click id|fbclid/i,
    "Tandem sends the click id from the _fbc cookie or the landing page's fbclid: make sure the Tandem app embed is on in your theme.",
  ],
  [
    /fbp|browser id/i,
    "Tandem sends _fbp from the browser: make sure the Tandem app embed is on in your theme and shoppers are asked for consent.",
  ],
  [/email|phone|customer information|contact/i, "Email and phone go to Meta hashed when they are switched on in Settings, matching keys."],
  [
    /event.?id|dedup/i,
    "Tandem gives the browser and server copies the same event id: check the app embed and the web pixel are on, and that no other pixel sends the same events.",
  ],
  [
    /late|delay|fresh|real.?time/i,
    "Tandem sends within seconds of the order; a delay means events waited (consent, a paused token, an outage): see the event log.",
  ],
];

export function diagnosticAdvice(name: string): string {
  return ADVICE.find(([pattern]) => pattern.test(name))?.[1] ?? "Tandem has no setting for this one; follow Meta's suggestion.";
}

export function uploadFrequencyLabel(value: string): string {
  const words: Record<string, string> = { real_time: "real time", hourly: "hourly", daily: "daily", weekly: "weekly" };
  return words[value.toLowerCase()] ?? value.replace(/_/g, " ");
}

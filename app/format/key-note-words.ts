// What the event's match-key checklist says about a browser value that was left out
// (app/capi/browser-values.ts): where it came from and why, never the value itself.

export type KeyNoteView = { key: string; from: string; reason: string };

const FROM: Record<string, string> = {
  order: "The order's",
  checkout: "The checkout's",
  cart: "The cart's",
  browser: "The browser's",
};

const WHAT: Record<string, string> = {
  fbp: "_fbp cookie",
  fbc: "_fbc click ID",
  client_ip_address: "IP address",
  client_user_agent: "user agent",
  event_source_url: "page address",
  event_time: "date",
};

const WHY: Record<string, string> = {
  malformed: "was not in Meta's format",
  too_long: "was far too long",
  control_characters: "contained control characters",
  creation_time_out_of_range: "carried an impossible creation time",
  not_http_url: "was not a web address",
  date_out_of_range: "was outside 2000 to tomorrow, so the time Tandem received the event was used",
  not_an_ip: "was not an IP address",
  unspecified: "was an empty (0.0.0.0) address",
  loopback: "was a loopback address (the server itself, not the shopper)",
  private: "was a private network address (a proxy's or the app's own, not the shopper's)",
  link_local: "was a link-local address (not the shopper's public one)",
  documentation: "was an example address reserved for documentation",
  multicast: "was a multicast address",
  reserved: "was a reserved address",
};

/** One sentence per note: "The browser's _fbp cookie was not in Meta's format: not sent." */
export function keyNoteInWords(note: KeyNoteView): string {
  const from = FROM[note.from] ?? "A";
  const what = WHAT[note.key] ?? note.key;
  const why = WHY[note.reason] ?? "could not be used";
  const outcome =
    note.key === "event_time" ? "" : note.key === "event_source_url" ? "; the store's address was sent instead" : ": not sent";
  return `${from} ${what} ${why}${outcome}.`;
}

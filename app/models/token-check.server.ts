import { getConfig } from "../config.server";
import { tokenProblemInWords } from "../format/token-words";
import { checkPixelAccess, type PixelCheck } from "../meta/pixel-check.server";

// The token check on connect, bound to the configured Graph API, and its outcome as the
// caller shows it: a refusal is a field error on the token, anything else a sentence.

export type TokenChecker = (input: { pixelId: string; accessToken: string }) => Promise<PixelCheck>;

/** What the Settings page and `tandem shop configure` check new tokens with. */
export function metaTokenChecker(): TokenChecker {
  const config = getConfig();
  return (input) => checkPixelAccess({ baseUrl: config.META_GRAPH_API_URL, version: config.META_GRAPH_API_VERSION }, input);
}

/** How the check went, for the merchant: null when no check was asked for. */
export type TokenCheckOutcome = { confirmed: true; pixelName: string | null } | { confirmed: false } | null;

export function refusalMessage(check: Extract<PixelCheck, { kind: "refused" }>, pixelId: string): string {
  const words = tokenProblemInWords(check.problem, pixelId);
  return `${words.what} ${words.todo}`;
}

export type TokenCheckNote = { confirmed: boolean; text: string };

/** What the page says after "Pixel … added" or "saved": null when no token was checked. */
export function tokenCheckNote(outcome: TokenCheckOutcome, pixelId: string): TokenCheckNote | null {
  if (outcome === null) return null;
  if (outcome.confirmed)
    return {
      confirmed: true,
      text: `Meta confirmed this token may send to pixel ${pixelId}${outcome.pixelName ? ` ("${outcome.pixelName}")` : ""}.`,
    };
  return {
    confirmed: false,
    text: "Tandem could not reach Meta to check this token just now. It is saved; if Meta refuses it later, sending to this pixel pauses and nothing is lost.",
  };
}

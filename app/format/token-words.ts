import { tokenProblem, type TokenProblem } from "../meta/token-problem";

// A refused access token in words a merchant reads once: what happened and what to do,
// never Meta's own sentence or Tandem's internal names. Shared by the token check on
// connect, the pause the worker applies, the test event and the event log.

const WHERE = "Events Manager > your pixel > Settings > Conversions API > Generate access token";

const WHAT: Record<TokenProblem, (pixelId: string | null) => string> = {
  token_invalid: () => "Meta does not recognise this access token.",
  token_expired: () => "This access token has expired.",
  token_revoked: () => "This access token no longer works: the Facebook account that made it changed its password or was logged out.",
  no_access: (pixelId) =>
    `This access token may not send to ${pixelId ? `pixel ${pixelId}` : "this pixel"}: it was made for another pixel, or the pixel ID is wrong.`,
};

const DO: Record<TokenProblem, string> = {
  token_invalid: `Copy it again, whole and without spaces, or generate a new one (${WHERE}).`,
  token_expired: `Generate a new one (${WHERE}).`,
  token_revoked: `Generate a new one (${WHERE}).`,
  no_access: `Generate the token from this pixel's own settings (${WHERE}) and check the pixel ID.`,
};

export function tokenProblemInWords(problem: TokenProblem, pixelId: string | null = null): { what: string; todo: string } {
  return { what: WHAT[problem](pixelId), todo: DO[problem] };
}

/** The pause reason the worker stores when Meta refuses a token: words from the code, never Meta's sentence. */
export function pauseReasonFor(code: number | null | undefined, subcode?: number | null, pixelId: string | null = null): string {
  return tokenProblemInWords(tokenProblem(code, subcode) ?? "token_invalid", pixelId).what;
}

/**
 * A stored pause reason as the admin shows it. Reasons stored before they were worded
 * for merchants carry Meta's sentence after "Meta refused the access token or its
 * permissions (code N):"; they are read by their code. A reason already in words is kept.
 */
export function pausedReasonInWords(stored: string | null | undefined): string {
  if (!stored) return WHAT.token_invalid(null);
  const legacy = /^Meta refused the access token or its permissions \(code (\d+|\?)\)/.exec(stored);
  if (legacy) return pauseReasonFor(legacy[1] === "?" ? null : Number(legacy[1]));
  if (/cannot be decrypted/.test(stored)) return "Tandem can no longer read the saved access token (its encryption key changed).";
  return stored.replace(/\bdestination\b/gi, "pixel");
}

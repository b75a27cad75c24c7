// What a Graph error code says about an access token, for the check made when a token is
// connected and for the pause the worker applies when Meta refuses one. Pure: the admin's
// wording (app/format/token-words.ts) reads it in the browser too.

export type TokenProblem = "token_invalid" | "token_expired" | "token_revoked" | "no_access";

/** Subcodes of code 190 (Meta's access token guide): 463 expired, 460 password changed, 458/459/464/467 no longer valid. */
const EXPIRED = 463;
const REVOKED = new Set([458, 459, 460, 464, 467]);
/** Code 100 subcode 33: "Object ... does not exist, cannot be loaded due to missing permissions". */
const NO_OBJECT_SUBCODE = 33;

/** The token problem a Graph error code means, or null when the code is about something else. */
export function tokenProblem(code: number | null | undefined, subcode?: number | null): TokenProblem | null {
  if (code === 190 || code === 102) {
    if (subcode === EXPIRED) return "token_expired";
    if (subcode !== undefined && subcode !== null && REVOKED.has(subcode)) return "token_revoked";
    return "token_invalid";
  }
  if (code === 10 || code === 3 || (code !== null && code !== undefined && code >= 200 && code <= 299)) return "no_access";
  if (code === 100 && subcode === NO_OBJECT_SUBCODE) return "no_access";
  return null;
}

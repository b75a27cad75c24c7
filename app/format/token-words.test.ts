import { describe, expect, it } from "vitest";
import { whyInWords } from "./event-labels";
import { pauseReasonFor, pausedReasonInWords } from "./token-words";

const RAW = /Error validating|OAuth|Unsupported|destination|code \d/i;

describe("a refused token in words", () => {
  it.each([
    [190, 463, /has expired/],
    [190, 460, /no longer works: the Facebook account that made it changed its password/],
    [190, undefined, /^Meta does not recognise this access token\.$/],
    [10, undefined, /may not send to this pixel/],
    [100, 33, /may not send to this pixel/],
  ])("code %s subcode %s", (code, subcode, words) => {
    expect(pauseReasonFor(code, subcode)).toMatch(words);
    expect(pauseReasonFor(code, subcode)).not.toMatch(RAW);
  });

  it("reads reasons stored with Meta's sentence by their code, and never shows the sentence or Tandem's internal names", () => {
    const legacy = "Meta refused the access token or its permissions (code 190): Error validating access token: Session has expired.";
    expect(pausedReasonInWords(legacy)).toBe("Meta does not recognise this access token.");
    expect(pausedReasonInWords("Meta refused the access token or its permissions (code 200): (#200) Permissions error")).toMatch(
      /may not send to this pixel/,
    );
    expect(pausedReasonInWords("The stored access token cannot be decrypted. Reconnect the destination.")).not.toMatch(RAW);
  });

  it("the event log's reason for a row held by a paused pixel says so in words, old and new rows alike", () => {
    const time = () => "";
    for (const lastError of [
      "Destination paused: Meta refused the access token or its permissions (code 190): Error validating access token: Session has expired.",
      `Paused: ${pauseReasonFor(190, 460)}`,
    ]) {
      const why = whyInWords({ status: "paused", lastError, consentReason: null, consentUntil: null } as never, time);
      expect(why).toMatch(/^Held: sending to this pixel is paused\. .* It goes out once a working token is saved\.$/);
      expect(why).not.toMatch(RAW);
    }
  });
});

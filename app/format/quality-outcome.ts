// A failed read of Meta's figures (Dataset Quality API, the pixel's counts) in words: what
// happened and what the merchant can do. Pure: the pages, the alerts and the CLI share it.

/** A failed read in words: what happened and what the merchant can do. */
export function explainOutcome(outcome: string | null, message: string | null): string | null {
  switch (outcome) {
    case "permission":
      return "Meta refused to share quality data with this pixel's access token: it may send events, but not read the dataset's quality. Create a token that can: in Events Manager open the dataset, Settings, Conversions API, Generate access token (a token generated there before July 2025 can read quality data only after you accept the Dataset Quality opt-in in Events Manager), or use a system user with the \"Use events dataset\" (partial access) permission on this dataset, in an app with ads_read and ads_management or business_management. Then save the token in Settings.";
    case "token":
      return "Meta refused this pixel's access token (expired or revoked). Save a new one in Settings; events wait meanwhile.";
    case "rate_limited":
      return "Meta asked Tandem to slow down. Tandem reads again within the hour.";
    case "transient":
      return "Meta did not answer. Tandem reads again within the hour.";
    case "invalid":
      return `Meta refused the request${message ? `: ${message}` : "."}`;
    case "partial":
      return "Meta answered the reading of Tandem's own events, but not the one of every event in the dataset; Tandem reads again tomorrow.";
    default:
      return null;
  }
}

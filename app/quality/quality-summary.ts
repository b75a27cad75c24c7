// The overview card's one line about Meta's view ("Purchase EMQ 8.1, up 0.4 this week; 1
// diagnostic"). Pure: the card renders it in the browser, the CLI prints it.

import type { CountSummary } from "../format/meta-count-words";

export type QualitySummary = (
  | { state: "no_pixel" }
  | { state: "not_read" }
  | { state: "failed"; pixelId: string; explanation: string }
  | { state: "read"; pixelId: string; emq: number | null; weekChange: number | null; diagnostics: number; readAt: string }
) & { count?: CountSummary | null };

/** "Purchase EMQ 8.1, up 0.4 this week; 1 diagnostic" */
export function summaryLine(s: QualitySummary): string {
  switch (s.state) {
    case "no_pixel":
      return "Connect a Meta pixel to see Meta's match quality.";
    case "not_read":
      return "Not read from Meta yet: Tandem reads Meta's figures once a day.";
    case "failed":
      return s.explanation;
    case "read": {
      const emq = s.emq === null ? "Purchase EMQ not reported by Meta" : `Purchase EMQ ${s.emq}`;
      const change =
        s.weekChange === null
          ? ""
          : s.weekChange === 0
            ? ", unchanged this week"
            : `, ${s.weekChange > 0 ? "up" : "down"} ${Math.abs(s.weekChange)} this week`;
      return `${emq}${change}; ${s.diagnostics} diagnostic${s.diagnostics === 1 ? "" : "s"}`;
    }
  }
}

import type { DatasetQualityRow } from "./types";

// Dataset Quality API rows with every field Meta documents (its Dataset Quality API page,
// Dec 2025), for tests and the demo. Figures are Meta's own examples where it gives them.

const percent = (percentage: number, description: string) => ({ percentage, description });

export function purchaseRow(
  overrides: Partial<DatasetQualityRow> = {},
  dedup: "dedupe_key_feedback" | "dedup_key_feedback" = "dedupe_key_feedback",
): DatasetQualityRow {
  return {
    event_name: "Purchase",
    event_match_quality: {
      composite_score: 8.1,
      match_key_feedback: [
        {
          identifier: "email",
          coverage: { percentage: 92.4 },
          potential_aly_acr_increase: percent(
            58.96,
            "Similar advertisers who sent valid Email for Purchase saw a 58.96% median increase in their existing additional conversions reported.",
          ),
        },
        {
          identifier: "ip_address",
          coverage: { percentage: 99.9 },
          potential_aly_acr_increase: percent(
            20.65,
            "Similar advertisers who sent valid Ip Address for Purchase saw a 20.65% median increase in their existing additional conversions reported.",
          ),
        },
        { identifier: "user_agent", coverage: { percentage: 100 } },
        { identifier: "external_id", coverage: { percentage: 71 } },
        { identifier: "fbc", coverage: { percentage: 38.5 } },
      ],
      diagnostics: [
        {
          name: "Update your IPv4 IP addresses to IPv6 IP addresses",
          description:
            "Your server is sending IPV4 IP addresses through the Conversions API. We recommend updating to IPV6 IP addresses because this is the industry standard and offers better durability for this integration.",
          solution:
            "You can update your web server and DNS provider configuration to support IPv6. In your server payload, send the client_ip_address retrieved from customer interactions.",
          percentage: 59.5,
          affected_event_count: 18930,
          total_event_count: 31830,
        },
      ],
    },
    event_potential_aly_acr_increase: percent(
      12.1,
      "Similar advertisers who set up Conversions API for Purchase events saw a median of 12.1% additional conversions reported versus those that only used Meta Pixel.",
    ),
    acr: percent(
      18.3,
      "In the last 7 days, you saw about 18.3% more conversions reported for Purchase events by using the Conversions API alongside the Meta Pixel.",
    ),
    event_coverage: {
      percentage: 81.2,
      goal_percentage: 75,
      description: "The percentage of events received from your Conversions API compared to unique browser events from the Meta Pixel.",
    },
    [dedup]: [
      {
        dedupe_key: "event_id",
        browser_events_with_dedupe_key: percent(100, "The percentage of browser events that contain this dedupe key."),
        server_events_with_dedupe_key: percent(100, "The percentage of server events that contain this dedupe key."),
        overall_browser_coverage_from_dedupe_key: percent(
          88.4,
          "The overall percentage of browser events that are deduped with Conversions API events using this key.",
        ),
      },
    ],
    data_freshness: {
      upload_frequency: "real_time",
      description: "The average frequency with which instances of this event are received through the Conversions API.",
    },
    ...overrides,
  };
}

export function initiateCheckoutRow(overrides: Partial<DatasetQualityRow> = {}): DatasetQualityRow {
  return {
    event_name: "InitiateCheckout",
    event_match_quality: {
      composite_score: 6.4,
      match_key_feedback: [
        { identifier: "ip_address", coverage: { percentage: 99 } },
        { identifier: "email", coverage: { percentage: 40 } },
      ],
      diagnostics: [],
    },
    event_coverage: { percentage: 52, goal_percentage: 75 },
    data_freshness: { upload_frequency: "real_time" },
    ...overrides,
  };
}

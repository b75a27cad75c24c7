import type { FieldTree, NodeShape } from "./field-selection";
import type { AcceptedEvent, DatasetQualityRow } from "./types";

// What GET /dataset_quality knows: the node types and their fields (Meta's Dataset Quality
// API page, Dec 2025), and, for a dataset nobody configured, an answer derived from the
// events the emulator accepted. The derived answer is deliberately partial (Meta would
// need the browser's copies for event coverage): it exercises "not reported by Meta".

const PERCENT: NodeShape = { type: "AdsDatasetPercentage", fields: { percentage: null, description: null } };

export type DedupSpelling = "dedupe_key_feedback" | "dedup_key_feedback";

export function qualityShape(dedup: DedupSpelling): NodeShape {
  return {
    type: "DatasetQuality",
    fields: {
      web: {
        type: "AdsPixelCAPIIntegrationQuality",
        fields: {
          event_name: null,
          event_match_quality: {
            type: "AdsPixelCAPIEMQ",
            fields: {
              composite_score: null,
              match_key_feedback: {
                type: "AdsPixelCAPIEMQMatchKeyFeedback",
                fields: { identifier: null, coverage: PERCENT, potential_aly_acr_increase: PERCENT },
              },
              diagnostics: {
                type: "AdsPixelCAPIEMQDiagnostic",
                fields: {
                  name: null,
                  description: null,
                  solution: null,
                  percentage: null,
                  affected_event_count: null,
                  total_event_count: null,
                },
              },
            },
          },
          event_potential_aly_acr_increase: PERCENT,
          acr: PERCENT,
          event_coverage: {
            type: "AdsDatasetEventCoverage",
            fields: { percentage: null, goal_percentage: null, description: null, potential_aly_acr_increase: PERCENT },
          },
          [dedup]: {
            type: "AdsDatasetDedupKeyFeedback",
            fields: {
              dedupe_key: null,
              browser_events_with_dedupe_key: PERCENT,
              server_events_with_dedupe_key: PERCENT,
              overall_browser_coverage_from_dedupe_key: PERCENT,
            },
          },
          data_freshness: { type: "AdsDatasetDataFreshness", fields: { upload_frequency: null, description: null } },
        },
      },
    },
  };
}

/** Without `web` in the selection Meta answers web anyway ("required by default"). */
export function withWeb(tree: FieldTree | null): FieldTree {
  if (tree && tree.has("web")) return tree;
  return new Map([["web", null]]);
}

// user_data key -> Meta's identifier name in match_key_feedback.
const IDENTIFIERS: Record<string, string> = {
  em: "email",
  ph: "phone",
  fn: "first_name",
  ln: "last_name",
  ct: "city",
  st: "state",
  zp: "zip_code",
  country: "country",
  external_id: "external_id",
  client_ip_address: "ip_address",
  client_user_agent: "user_agent",
  fbp: "fbp",
  fbc: "fbc",
};
// A plausible weight per key (the emulator's own guess): fbc, email, phone and external_id move EMQ most, then fbp, IP and user agent.
const WEIGHTS: Record<string, number> = {
  fbc: 2,
  em: 2,
  ph: 1.5,
  external_id: 1,
  fbp: 1,
  client_ip_address: 0.75,
  client_user_agent: 0.75,
  fn: 0.25,
  ln: 0.25,
  ct: 0.25,
  zp: 0.25,
};

/** Per event name, from accepted events: key coverage, a composite score, event_id coverage, freshness. */
export function deriveRows(events: AcceptedEvent[], dedup: DedupSpelling): DatasetQualityRow[] {
  const byName = new Map<string, Record<string, unknown>[]>();
  for (const { event } of events) {
    const name = typeof event.event_name === "string" ? event.event_name : "";
    if (!name) continue;
    byName.set(name, [...(byName.get(name) ?? []), event]);
  }
  return [...byName].map(([eventName, list]) => {
    const share = (has: (e: Record<string, unknown>) => boolean) => round((list.filter(has).length / list.length) * 100);
    const userData = (e: Record<string, unknown>) =>
      e.user_data && typeof e.user_data === "object" ? (e.user_data as Record<string, unknown>) : {};
    const keys = Object.keys(IDENTIFIERS).filter((key) => list.some((e) => userData(e)[key] !== undefined));
    const coverage = Object.fromEntries(keys.map((key) => [key, share((e) => userData(e)[key] !== undefined)]));
    const score = Math.min(
      10,
      keys.reduce((sum, key) => sum + ((WEIGHTS[key] ?? 0) * coverage[key]) / 100, 0),
    );
    return {
      event_name: eventName,
      event_match_quality: {
        composite_score: round(score),
        match_key_feedback: keys.map((key) => ({ identifier: IDENTIFIERS[key], coverage: { percentage: coverage[key] } })),
      },
      [dedup]: [{ dedupe_key: "event_id", server_events_with_dedupe_key: { percentage: share((e) => typeof e.event_id === "string") } }],
      data_freshness: { upload_frequency: "real_time" },
    };
  });
}

const round = (n: number) => Math.round(n * 10) / 10;

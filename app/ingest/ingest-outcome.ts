// What a webhook asks of the ingest and what came of it; the ingest and the ReceivedOrder
// upsert both read these, so they live apart from either.
export type IngestInput = { shop: string; topic: string; webhookId: string; payload: unknown; now?: Date };

export type IngestOutcome =
  | { outcome: "queued"; eventName: string; eventId: string; created: number; existing: number }
  | { outcome: "duplicate_webhook" }
  | { outcome: "skipped"; reason: string; message: string }
  | { outcome: "not_configured" | "shop_uninstalled"; eventName: string; eventId: string }
  | { outcome: "rejected"; detail: string };

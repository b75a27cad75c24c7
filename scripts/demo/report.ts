import type { PrismaClient } from "@prisma/client";
import { orderClassWords } from "../../app/format/order-class-words";

type Row = {
  eventName: string;
  eventId: string;
  status: string;
  consentReason: string;
  consentAction: string;
  consentUntil: Date | null;
  isTest: boolean;
  lastError: string | null;
  browserSeenAt: Date | null;
};

const REASONS: Record<string, string> = {
  awaiting_signal: "waiting for the shopper's consent signal",
  signal_denies_marketing: "the shopper declined marketing",
  no_signal_opt_in_region: "no consent signal from a buyer in an opt-in region",
  no_signal_unknown_region: "no consent signal and no known country",
  strict_no_signal: "strict mode and no consent signal",
};

/** One line per event name: what reached "Meta", what is held or blocked and why. */
export async function demoReport(
  db: PrismaClient,
  accepted: { event: Record<string, unknown>; testEventCode?: string }[],
): Promise<string[]> {
  const rows: Row[] = await db.outboxEvent.findMany({ orderBy: { createdAt: "asc" } });
  const receipts = await db.webhookReceipt.findMany();
  const names = [...new Set(rows.map((r) => r.eventName))];
  const lines: string[] = [];
  for (const name of names) {
    const mine = rows.filter((r) => r.eventName === name);
    const reached = accepted.filter((a) => a.event.event_name === name);
    const parts = [`${reached.length} reached Meta`];
    const ldu = reached.filter(
      (a) => Array.isArray(a.event.data_processing_options) && (a.event.data_processing_options as string[]).includes("LDU"),
    ).length;
    const tests = reached.filter((a) => a.testEventCode).length;
    const browser = mine.filter((r) => r.status === "delivered" && r.browserSeenAt).length;
    const extras = [
      ldu && `${ldu} with Limited Data Use`,
      tests && `${tests} to Test Events only`,
      browser && `${browser} matched to a browser copy by the pixel's receipt`,
    ].filter(Boolean);
    if (extras.length) parts[0] += ` (${extras.join(", ")})`;
    for (const row of mine.filter((r) => r.status === "waiting_consent")) {
      parts.push(
        `held ${row.eventId}: ${REASONS[row.consentReason] ?? row.consentReason}, decided at ${row.consentUntil?.toISOString().slice(11, 16)} UTC`,
      );
    }
    for (const row of mine.filter((r) => r.status === "waiting_browser")) {
      parts.push(
        `held ${row.eventId}: waiting for the shopper's browser (the web pixel's receipt brings the user agent Meta requires), decided at ${row.consentUntil?.toISOString().slice(11, 16)} UTC; not sent if it never comes`,
      );
    }
    for (const row of mine.filter((r) => r.status === "blocked"))
      parts.push(`blocked ${row.eventId}: ${REASONS[row.consentReason] ?? row.consentReason}`);
    for (const row of mine.filter((r) => !["delivered", "waiting_consent", "waiting_browser", "blocked"].includes(r.status))) {
      parts.push(`${row.status} ${row.eventId}${row.lastError ? `: ${row.lastError}` : ""}`);
    }
    // A skipped webhook whose event was queued later (orders/paid after a pending order) is not "not sent".
    const queuedIds = new Set(mine.map((r) => r.eventId));
    const skipped = receipts.filter((r) => r.outcome === "skipped" && r.eventName === name && !queuedIds.has(r.eventId ?? ""));
    for (const receipt of skipped)
      parts.push(`not sent ${receipt.eventId ?? ""}: ${JSON.parse(receipt.detail ?? "{}").message ?? "filtered"}`.replace("  ", " "));
    lines.push(`${name.padEnd(17)} ${parts.join("\n                  ")}`);
  }
  const adjustments = await db.orderAdjustment.findMany({ orderBy: { receivedAt: "asc" } });
  if (adjustments.length > 0) {
    lines.push("");
    lines.push("After checkout (recorded for the reconciliation; nothing negative ever goes to Meta):");
    for (const fact of adjustments) {
      const purchase = rows.find((r) => r.eventId === `purchase_${fact.orderId}`);
      if (fact.kind === "cancellation") {
        lines.push(
          `  order ${fact.orderId} cancelled (${fact.reason ?? "no reason"}): its Purchase ${purchase ? (purchase.status === "delivered" ? "had already reached Meta and stays" : purchase.status === "cancelled" ? "was withdrawn before it was sent" : `is ${purchase.status}`) : "was never queued"}`,
        );
      } else if (fact.kind === "refund") {
        lines.push(
          `  order ${fact.orderId} refunded ${fact.amount ?? "an unknown amount"} ${fact.currency ?? ""}: Meta keeps the value it received (it has no refund event); the Orders page shows gross, refunded and net`.replace(
            "  :",
            ":",
          ),
        );
      } else {
        lines.push(
          `  order ${fact.orderId} edited after checkout: ${fact.unitsAdded} item(s) added, ${fact.unitsRemoved} removed; ${fact.amount === null ? "its value is not known yet (or edit events are off)" : Number(fact.amount) > 0 ? `${fact.amount} ${fact.currency ?? ""} added, sent once as its own event (edit_${fact.sourceId}), never a second Purchase` : "no value added beyond the Purchase: nothing sent, the order's total is lowered here"}`,
        );
      }
    }
  }
  // The orders by kind, as the order detail, the CSV and `tandem orders list` name them.
  const orders = await db.receivedOrder.findMany({ where: { kind: "order" }, select: { orderClass: true } });
  const kinds = new Map<string, number>();
  for (const order of orders) kinds.set(orderClassWords(order.orderClass), (kinds.get(orderClassWords(order.orderClass)) ?? 0) + 1);
  lines.push("");
  lines.push(`Orders by kind: ${[...kinds].map(([words, count]) => `${words}: ${count}`).join(" · ")}.`);
  const byOutcome = (outcome: string) => receipts.filter((r) => r.outcome === outcome).length;
  const ids = accepted.map((a) => `${a.event.event_name}/${a.event.event_id}`);
  const doubles = ids.length - new Set(ids).size;
  lines.push("");
  lines.push(
    `Webhooks recorded: ${receipts.length} (${byOutcome("queued")} queued, ${byOutcome("skipped")} filtered, ${byOutcome("recorded")} after checkout, ${byOutcome("rejected")} rejected with a reason); repeated deliveries changed nothing.`,
  );
  lines.push(
    `Deduplication: ${new Set(ids).size} event ids reached Meta, ${doubles === 0 ? "each exactly once" : `${doubles} more than once (a bug!)`}; the browser copies carry the same ids (purchase_<order id>, ic_<checkout token>).`,
  );
  return lines;
}

import { listReceivedOrders, type OrderLine } from "../../app/models/orders.server";
import { getShopProfile } from "../../app/shopify/shop-profile.server";

type Out = (line: string) => void;

/** `tandem orders list`: the reconciliation page for operators, newest first. */
export async function ordersList(
  options: { shop: string; since?: Date; q?: string; limit: number; json: boolean },
  out: Out,
): Promise<number> {
  const profile = await getShopProfile(options.shop);
  const clock = { timezone: profile.timezone, locale: "en-US" };
  const lines: OrderLine[] = [];
  let after: string | null = null;
  let total = 0;
  do {
    const page = await listReceivedOrders(
      { shopDomain: options.shop, since: options.since, q: options.q, after, pageSize: Math.min(500, options.limit - lines.length) },
      clock,
    );
    total = page.total;
    lines.push(...page.lines);
    after = page.nextCursor;
  } while (after && lines.length < options.limit);

  if (options.json) {
    out(
      JSON.stringify(
        lines.map((line) => ({
          name: line.title,
          kind: line.kind,
          orderClass: line.orderClass,
          orderClassWords: line.classWords,
          placedAt: line.placedAt,
          value: line.value,
          currency: line.currency,
          test: line.isTest,
          outcome: line.outcome.key,
          label: line.outcome.label,
          reason: line.outcome.detail,
          eventId: line.eventId,
          adminUrl: line.adminUrl,
          gross: line.value,
          refunded: line.lifecycle?.refunded ?? null,
          net: line.lifecycle?.net ?? line.value,
          cancelledAt: line.lifecycle?.cancelledAt ?? null,
          cancelReason: line.lifecycle?.cancelledAt ? line.lifecycle.cancelReason : null,
          edits: line.lifecycle?.edits ?? 0,
          unitsAdded: line.lifecycle?.unitsAdded ?? 0,
          unitsRemoved: line.lifecycle?.unitsRemoved ?? 0,
        })),
        null,
        2,
      ),
    );
    return 0;
  }
  if (lines.length === 0) {
    out("No orders match.");
    return 0;
  }
  for (const line of lines) {
    const value = line.value ? `${line.value} ${line.currency ?? ""}`.trim() : "-";
    const after = line.lifecycle;
    const cancelled = after?.cancelledAt ? `Cancelled ${after.cancelledAt} (${after.cancelReason}) · ` : "";
    const money = after && after.refunds > 0 ? ` · refunded ${after.refunded ?? "?"}, net ${after.net ?? "unknown"}` : "";
    const edited = after && after.edits > 0 ? ` · edited: +${after.unitsAdded} / -${after.unitsRemoved} items` : "";
    out(
      `${line.placedAt}  ${line.title.padEnd(12)} ${line.kind.padEnd(8)} ${value.padStart(14)}  ${cancelled}${line.outcome.label}${line.isTest ? " (test)" : ""}: ${line.outcome.detail}${money}${edited} · ${line.classWords}`,
    );
  }
  if (total > lines.length) out(`(${lines.length} of ${total} shown; use --limit or --since)`);
  return 0;
}

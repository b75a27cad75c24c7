import prisma from "../../app/db.server";
import { listAuditFindings, type AuditFindingView } from "../../app/models/audit-findings.server";
import { getMetaCounts, type PixelCounts } from "../../app/models/meta-count-view.server";
import { backlogStatus } from "../../app/outbox/backlog.server";

type Out = (line: string) => void;

// `tandem status [--shop <domain>] [--json]`: the backlog and the worker, then what the
// storefront audit found (other Meta pixels, purchases with event ids Tandem did not
// make) for every shop, or for one; with --shop also what Meta's own count shows
// (purchases Tandem did not send, purchases counted twice).

export async function statusCommand(options: { shop?: string; json: boolean }, out: Out): Promise<number> {
  const backlog = await backlogStatus();
  const shops = options.shop
    ? [options.shop]
    : (
        await prisma.pixelAuditFinding.findMany({ distinct: ["shopDomain"], select: { shopDomain: true }, orderBy: { shopDomain: "asc" } })
      ).map((r) => r.shopDomain);
  const audit: Record<string, AuditFindingView[]> = {};
  for (const shop of shops) audit[shop] = await listAuditFindings(shop);
  const counts: PixelCounts[] = options.shop ? await getMetaCounts(options.shop, { timezone: await timezoneOf(options.shop) }) : [];
  if (options.json) {
    out(JSON.stringify({ ...backlog, auditFindings: audit, ...(options.shop && { metaCounts: counts }) }, null, 2));
    return 0;
  }
  const byStatus = Object.entries(backlog.byStatus).sort(([a], [b]) => a.localeCompare(b));
  out(byStatus.length ? `Events by status: ${byStatus.map(([s, n]) => `${s} ${n}`).join(", ")}` : "No events yet.");
  out(
    backlog.oldestDue
      ? `Oldest due event: ${backlog.oldestDue.id} (${backlog.oldestDue.shopDomain}), due ${backlog.oldestDue.ageSeconds} s ago`
      : "Nothing is due.",
  );
  out(
    backlog.heartbeat
      ? `Worker ${backlog.heartbeat.workerId}: last heartbeat ${backlog.heartbeat.ageSeconds} s ago`
      : "No worker has run yet (start the app with WORKER=inline, or npm run worker).",
  );
  const total = Object.values(audit).reduce((n, list) => n + list.length, 0);
  out(total ? `Storefront audit: ${total} finding${total === 1 ? "" : "s"}` : "Storefront audit: no other Meta pixel seen.");
  for (const [shop, findings] of Object.entries(audit)) for (const f of findings) out(`  ${shop}: ${findingLine(f)}`);
  for (const c of counts) {
    if (c.notFromTandem === null) out(`  Meta's count for pixel ${c.pixelId}: ${c.state === "ok" ? "no complete day read yet" : c.state}`);
    else
      out(
        `  Meta's count for pixel ${c.pixelId} over ${c.daysRead} days: ${c.notFromTandem} purchases Tandem did not send, ${c.doubleCounted} counted twice (beyond the store's orders)`,
      );
  }
  return 0;
}

function findingLine(f: AuditFindingView): string {
  const where = `seen ${f.count} time${f.count === 1 ? "" : "s"} on ${f.pages.join(", ")} pages, first ${f.firstSeenAt}, last ${f.lastSeenAt}, runs ${f.order} Tandem's embed`;
  if (f.kind === "foreign_pixel") return `another Meta pixel ${f.subject}: ${where}`;
  const [name, pixel] = f.subject.split(":");
  return `${name} with an event id Tandem did not make${pixel ? ` (pixel ${pixel})` : ""}: ${where}; about ${f.count} counted twice`;
}

async function timezoneOf(shop: string): Promise<string | null> {
  return (await prisma.shop.findUnique({ where: { domain: shop }, select: { timezone: true } }))?.timezone ?? null;
}

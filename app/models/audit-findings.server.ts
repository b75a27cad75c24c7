import prisma from "../db.server";

// The pixel audit's findings for the admin (docs/decisions/031): one line per foreign pixel
// or foreign-id event, with the page types it was seen on, how often, first and last seen,
// and whether the other code ran before Tandem's embed.

export type AuditFindingView = {
  kind: "foreign_pixel" | "foreign_event";
  subject: string;
  pages: string[];
  count: number;
  firstSeenAt: string;
  lastSeenAt: string;
  order: string;
};

export async function listAuditFindings(shopDomain: string): Promise<AuditFindingView[]> {
  const rows = await prisma.pixelAuditFinding.findMany({ where: { shopDomain }, orderBy: { lastSeenAt: "desc" } });
  const grouped = new Map<string, AuditFindingView>();
  for (const row of rows) {
    const key = `${row.kind} ${row.subject}`;
    const seen = grouped.get(key);
    if (!seen) {
      grouped.set(key, {
        kind: row.kind === "foreign_event" ? "foreign_event" : "foreign_pixel",
        subject: row.subject,
        pages: [row.pageType],
        count: row.count,
        firstSeenAt: row.firstSeenAt.toISOString(),
        lastSeenAt: row.lastSeenAt.toISOString(),
        order: row.order,
      });
      continue;
    }
    seen.pages.push(row.pageType);
    seen.count += row.count;
    if (row.firstSeenAt.toISOString() < seen.firstSeenAt) seen.firstSeenAt = row.firstSeenAt.toISOString();
  }
  return [...grouped.values()];
}

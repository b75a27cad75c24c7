import { z } from "zod";

// The theme embed's pixel audit report (scripts/theme-embed/tandem-embed.js, its last
// block), POSTed to /pixel/audit. Public input: strict, small, ids only. A pixel id is
// digits; an event is Purchase or InitiateCheckout, optionally with the pixel it went to.

const pixelId = z.string().regex(/^\d{6,20}$/);

export const auditReportSchema = z.strictObject({
  v: z.literal(1),
  shop_key: z.string().min(1).max(128),
  // Liquid's request.page_type: "index", "product", "collection", "cart", "search", ...
  page: z.string().regex(/^[a-z_]{1,40}$/),
  order: z.enum(["before", "after"]),
  pixels: z.array(pixelId).max(10),
  events: z.array(z.string().regex(/^(Purchase|InitiateCheckout)(:\d{6,20})?$/)).max(10),
});
export type AuditReport = z.infer<typeof auditReportSchema>;

export type AuditFinding = { kind: "foreign_pixel" | "foreign_event"; subject: string };

/** What a report says, minus the shop's own pixels (an old embed config may still list them as foreign). */
export function findingsOf(report: AuditReport, ownPixels: readonly string[]): AuditFinding[] {
  const own = new Set(ownPixels);
  const findings: AuditFinding[] = [];
  for (const id of new Set(report.pixels)) if (!own.has(id)) findings.push({ kind: "foreign_pixel", subject: id });
  for (const event of new Set(report.events)) findings.push({ kind: "foreign_event", subject: event });
  return findings;
}

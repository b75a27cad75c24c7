import { getShopProfile } from "../../app/shopify/shop-profile.server";
import { qualityDeps } from "../../app/quality/quality-loop.server";
import { refreshShopQuality } from "../../app/quality/quality-reads.server";
import { summaryLine } from "../../app/quality/quality-summary";
import { qualitySummary } from "../../app/quality/quality-summary.server";
import { getPixelQuality } from "../../app/quality/quality-view.server";
import { countCause, isOutOfBand } from "../../app/format/meta-count-words";
import { getMetaCounts } from "../../app/models/meta-count-view.server";
import { diagnosticAdvice, keyLabel, NOT_REPORTED, uploadFrequencyLabel } from "../../app/quality/quality-words";

type Out = (line: string) => void;

/** `tandem quality show`: Meta's view per pixel and event, as the Match quality page shows it. */
export async function qualityShow(options: { shop: string; refresh: boolean; json: boolean }, out: Out): Promise<number> {
  if (options.refresh) await refreshShopQuality(options.shop, qualityDeps(new Date()));
  const profile = await getShopProfile(options.shop);
  const pixels = await getPixelQuality(options.shop, { timezone: profile.timezone });
  if (options.json) {
    out(JSON.stringify(pixels, null, 2));
    return 0;
  }
  if (pixels.length === 0) {
    out(`No Meta pixel is connected for ${options.shop}: configure one with tandem shop configure.`);
    return 0;
  }
  out(summaryLine(await qualitySummary(options.shop)));
  const counts = await getMetaCounts(options.shop, { timezone: profile.timezone });
  const n = (v: number | null | undefined, suffix = "") => (v === null || v === undefined ? NOT_REPORTED : `${v}${suffix}`);
  for (const pixel of pixels) {
    out(`Pixel ${pixel.pixelId}: ${pixel.lastSuccessAt ? `Meta's figures read ${pixel.lastSuccessAt}` : "not read from Meta yet"}`);
    if (pixel.lastRead?.explanation && !["ok"].includes(pixel.lastRead.outcome))
      out(`  Last read (${pixel.lastRead.at}): ${pixel.lastRead.explanation}`);
    const count = counts.find((c) => c.destinationId === pixel.destinationId);
    if (count?.explanation) out(`  Meta's purchase count: ${count.explanation}`);
    for (const d of count?.days ?? [])
      out(
        `  ${d.day}: store ${d.store} orders, Tandem sent ${d.sent}, Meta counted ${d.meta ?? "not read"}${d.partial ? " so far" : ""}${isOutOfBand(d) ? `: OUT OF BAND. ${countCause(d)}` : ""}`,
      );
    for (const event of pixel.events) {
      const q = event.tandem ?? event.all;
      out(`  ${event.eventName}: EMQ ${n(event.tandem?.emq)} (Tandem's events), ${n(event.all?.emq)} (all events)`);
      if (q?.matchKeys) out(`    keys: ${q.matchKeys.map((k) => `${keyLabel(k.identifier)} ${n(k.coverage, "%")}`).join(", ") || "none"}`);
      else out(`    keys: ${NOT_REPORTED}`);
      if (q?.eventCoverage) out(`    event coverage: ${n(q.eventCoverage.percentage, "%")} (goal ${q.eventCoverage.goal ?? 75}%)`);
      else out(`    event coverage: ${NOT_REPORTED}`);
      if (q?.dedupKeys)
        for (const k of q.dedupKeys)
          out(
            `    dedup key ${k.key}: browser ${n(k.browser, "%")}, server ${n(k.server, "%")}, deduplicated ${n(k.overallBrowserCoverage, "%")}`,
          );
      out(`    freshness: ${q?.freshness?.uploadFrequency ? uploadFrequencyLabel(q.freshness.uploadFrequency) : NOT_REPORTED}`);
      for (const d of q?.diagnostics ?? []) {
        out(`    diagnostic: ${d.name}${d.affected !== null && d.total !== null ? ` (${d.affected} of ${d.total} events)` : ""}`);
        if (d.solution) out(`      Meta suggests: ${d.solution}`);
        out(`      With Tandem: ${diagnosticAdvice(d.name)}`);
      }
    }
  }
  return 0;
}

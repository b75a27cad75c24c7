import type { GraphGet, ReadFailure } from "./graph-read.server";
import { graphErrorOf, networkFailure, readFailure } from "./graph-read.server";
import { sumByHour, toStatsPage, type HourCount } from "./pixel-stats";

// Reads the pixel's event counts per hour from its stats edge
// (GET /{version}/{pixel}/stats?aggregation=event&start_time=&end_time=), following the
// edge's `after` cursor (never Graph's `next` URL, which could carry a token). Never
// throws: a token that may send events but not read the pixel is a "permission" failure.

export type PixelStatsResult = { ok: true; counts: HourCount[]; httpStatus: number } | ReadFailure;
export type PixelStatsReader = {
  readPixelStats(input: { pixelId: string; accessToken: string; since: Date; until: Date }): Promise<PixelStatsResult>;
};

/** Seven days of hours fit in one page of 200; the cap stops a Graph that pages forever. */
const PAGE_LIMIT = 200;
const MAX_PAGES = 20;

export function createPixelStatsReader({ root, version, get }: { root: string; version: string; get: GraphGet }): PixelStatsReader {
  return {
    async readPixelStats({ pixelId, accessToken, since, until }) {
      const counts: HourCount[] = [];
      let after: string | null = null;
      for (let page = 0; page < MAX_PAGES; page++) {
        const url = new URL(`${root}/${version}/${encodeURIComponent(pixelId)}/stats`);
        url.searchParams.set("aggregation", "event");
        url.searchParams.set("start_time", String(Math.floor(since.getTime() / 1000)));
        url.searchParams.set("end_time", String(Math.floor(until.getTime() / 1000)));
        url.searchParams.set("limit", String(PAGE_LIMIT));
        if (after) url.searchParams.set("after", after);
        const answer = await get(url, accessToken);
        if ("networkError" in answer) return networkFailure(answer.networkError);
        const error = graphErrorOf(answer.body);
        const parsed = !error && answer.status >= 200 && answer.status < 300 ? toStatsPage(answer.body) : null;
        if (!parsed) return readFailure(answer.status, error);
        counts.push(...parsed.counts);
        if (!parsed.after || parsed.after === after) return { ok: true, counts: sumByHour(counts), httpStatus: answer.status };
        after = parsed.after;
      }
      return { ok: true, counts: sumByHour(counts), httpStatus: 200 };
    },
  };
}

import { Box, SkeletonBodyText, Text } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import { chartDayLabel, fixChartRoles } from "./chart-a11y";

// A per-day trend as bars, drawn by Shopify's chart library (@shopify/polaris-viz, decision 015).
// The library measures the DOM and animates, so it renders in the browser only: the
// server and the first browser render show a placeholder of the same height (no
// hydration mismatch), then the library is loaded as its own chunk, so pages without a
// chart never download it. The figures also exist as text (the caption and the chart's
// own screen-reader rows).

type VizModule = typeof import("./viz-charts");

export type TrendSeries = { name: string; points: Array<{ day: string; value: number | null }>; color?: string };

// The library's default lets the tallest bar rise above the last gridline (its axis is
// rounded up only when the bar is past half a step): always round up, so the axis's last
// label is at or above every bar.
const THEMES = { Light: { grid: { verticalOverflow: false } } };

let loading: Promise<VizModule> | null = null;
const loadViz = () => (loading ??= import("./viz-charts"));

export function TrendChart({
  series,
  caption,
  locale,
  height = 220,
  percent = false,
}: {
  series: TrendSeries[];
  /** One sentence with the figures, read by everyone (and by screen readers before the chart). */
  caption: string;
  locale: string;
  height?: number;
  /** Values are percentages (0-100): the axis says so and stops at 100. */
  percent?: boolean;
}) {
  const [viz, setViz] = useState<VizModule | null>(null);
  const [failed, setFailed] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const label = `Chart: ${series.map((s) => s.name).join(", ")}, per day`;
  // The library marks each day's bars and its legend as lists even when they hold no item
  // (a day without a value, the legend's buttons), which screen readers announce as empty
  // lists (axe: aria-required-children). Those become groups, after every render it makes.
  useEffect(() => {
    const element = box.current;
    if (!viz || !element) return;
    fixChartRoles(element, label);
    const observer = new MutationObserver(() => fixChartRoles(element, label));
    observer.observe(element, { subtree: true, childList: true, attributes: true, attributeFilter: ["role"] });
    return () => observer.disconnect();
  }, [viz, label]);
  useEffect(() => {
    let live = true;
    loadViz().then(
      (module) => live && setViz(module),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, []);

  // (no `color` key unless set: an explicit undefined replaces the theme's series colour)
  const data = series.map((s) => ({
    name: s.name,
    ...(s.color ? { color: s.color } : {}),
    data: s.points.map((p) => ({ key: chartDayLabel(p.day, locale), value: p.value })),
  }));
  const yAxisOptions = percent
    ? { labelFormatter: (value: unknown) => `${Number(value)}%`, maxYOverride: 100, integersOnly: true }
    : { integersOnly: true };
  return (
    <figure style={{ margin: 0 }}>
      <figcaption>
        <Text as="p" tone="subdued">
          {caption}
        </Text>
      </figcaption>
      <div ref={box} style={{ height, marginTop: 12 }} data-chart={viz ? "ready" : failed ? "failed" : "loading"}>
        {viz ? (
          <viz.PolarisVizProvider defaultTheme="Light" themes={THEMES}>
            <viz.BarChart data={data} showLegend isAnimated={false} yAxisOptions={yAxisOptions} xAxisOptions={{ allowLineWrap: true }} />
          </viz.PolarisVizProvider>
        ) : failed ? null : (
          <Box paddingBlockStart="400">
            <SkeletonBodyText lines={4} />
          </Box>
        )}
      </div>
    </figure>
  );
}

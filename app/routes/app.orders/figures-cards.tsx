import { Banner, BlockStack, Card, SkeletonBodyText, SkeletonDisplayText, Text } from "@shopify/polaris";
import { startTransition, useEffect, useState, type ReactNode } from "react";
import { AccuracyCard, type PixelAccuracyView } from "../../components/accuracy-card";
import { DailyReconciliationTable, type DayRow } from "../../components/daily-reconciliation-table";
import { gapReason } from "../../models/order-outcome";

export type Figures = { reconciliation: DayRow[]; accuracy: PixelAccuracyView[] };

/**
 * The reconciliation and the accuracy per pixel: the two slowest reads of the page on a
 * big shop, so the page asks for them (/app/orders/figures, same dates) once it has
 * hydrated and its document goes out without waiting for them (docs/decisions/060). The
 * heading, the period and the days' received and accepted totals (the cheap daily gap)
 * paint at once; the table and the accuracy card replace a skeleton as tall as most of
 * the screen, so nothing painted before moves when they arrive (the search form and the
 * list start below it either way).
 */
export function FiguresCards({
  search,
  summary,
  period,
  threshold,
  locale,
}: {
  /** The period's dates as a query string: the figures are asked for again when it changes. */
  search: string;
  summary: string;
  period: string;
  threshold: number;
  locale: string;
}) {
  const top = (
    <>
      <Text as="h2" variant="headingMd">
        Orders received and purchases Meta accepted
      </Text>
      <Text as="p" fontWeight="semibold">
        <span data-period>{period}</span>
      </Text>
      <Text as="p" tone="subdued">
        {summary}
      </Text>
    </>
  );
  // While loading, the accuracy card's skeleton holds its place; once the figures failed
  // there is nothing coming to hold a place for, and the banner says so.
  const pending = (children: ReactNode, accuracyComing = true) => (
    <>
      <Card>
        <BlockStack gap="300">
          {top}
          {children}
        </BlockStack>
      </Card>
      {accuracyComing ? (
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              Accuracy per Meta pixel
            </Text>
            <SkeletonBodyText lines={6} />
          </BlockStack>
        </Card>
      ) : null}
    </>
  );
  const [state, setState] = useState<{ search: string; figures: Figures | null; failed: boolean } | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    fetch(`/app/orders/figures${search}`, { signal: abort.signal })
      .then(async (response) => {
        const body = response.ok ? ((await response.json()) as { failed: boolean } & Partial<Figures>) : { failed: true };
        const figures = body.failed ? null : { reconciliation: body.reconciliation ?? [], accuracy: body.accuracy ?? [] };
        // A transition: rendering the table and the accuracy card yields to a click or a key
        // that comes meanwhile, instead of holding the main thread until it is done (INP).
        startTransition(() => setState({ search, figures, failed: !figures }));
      })
      .catch(() => {
        if (!abort.signal.aborted) setState({ search, figures: null, failed: true });
      });
    return () => abort.abort();
  }, [search]);
  const current = state?.search === search ? state : null;
  if (current?.figures) return <Loaded figures={current.figures} top={top} period={period} threshold={threshold} locale={locale} />;
  if (current?.failed)
    return pending(
      <Banner tone="warning" title="The daily figures did not load">
        <p>Reload the page to try again; the orders below are complete.</p>
      </Banner>,
      false,
    );
  return pending(
    <div data-figures-loading style={{ minHeight: "max(360px, 70vh)" }} aria-busy="true">
      <BlockStack gap="300">
        <Text as="span" visuallyHidden>
          Loading the daily figures
        </Text>
        <SkeletonDisplayText size="small" />
        <SkeletonBodyText lines={8} />
      </BlockStack>
    </div>,
  );
}

function Loaded({
  figures,
  top,
  period,
  threshold,
  locale,
}: {
  figures: Figures;
  top: ReactNode;
  period: string;
  threshold: number;
  locale: string;
}) {
  const notSent = new Map<string, number>();
  for (const day of figures.reconciliation)
    for (const [key, n] of Object.entries(day.notSent)) notSent.set(key, (notSent.get(key) ?? 0) + n);
  const notSentWords = [...notSent]
    .sort((a, b) => b[1] - a[1])
    .map(([key, n]) => `${gapReason(key)} ${n}`)
    .join(" · ");
  return (
    <>
      <Card>
        <BlockStack gap="300">
          {top}
          <DailyReconciliationTable days={figures.reconciliation} locale={locale} />
          {notSentWords ? (
            <Text as="p" tone="subdued">
              {`Not sent, by reason: ${notSentWords}.`}
            </Text>
          ) : null}
          <Text as="p" tone="subdued">
            Gross is Shopify's total of the orders received that day; refunded is what was refunded on them since; net is what is left. Meta
            keeps the value it received: it has no refund event.
          </Text>
        </BlockStack>
      </Card>
      <AccuracyCard pixels={figures.accuracy} period={period} threshold={threshold} locale={locale} detail />
    </>
  );
}

import { accuracyByDay } from "../../app/models/accuracy.server";
import { accuracyPercent, accuracyText, channelLabel, countedOf, leftOutInWords, missedInWords } from "../../app/format/accuracy-words";
import { addDays, dayOf } from "../../app/models/shop-time";
import { getShopProfile } from "../../app/shopify/shop-profile.server";

type Out = (line: string) => void;

/** `tandem orders accuracy`: the accuracy figure per pixel (docs/decisions/075), its sales channels and its days. */
export async function ordersAccuracy(options: { shop: string; days: number; json: boolean }, out: Out): Promise<number> {
  const profile = await getShopProfile(options.shop);
  const today = dayOf(new Date(), profile.timezone);
  const from = addDays(today, 1 - Math.min(options.days, 31));
  const pixels = await accuracyByDay(options.shop, from, today, profile.timezone);
  if (options.json) {
    const figure = (cell: (typeof pixels)[number]["total"]) => ({
      ...cell,
      counted: countedOf(cell),
      accuracyPercent: accuracyPercent(cell),
    });
    out(
      JSON.stringify(
        {
          from,
          to: today,
          timezone: profile.timezone,
          pixels: pixels.map((p) => ({
            pixelId: p.pixelId,
            enabled: p.enabled,
            total: figure(p.total),
            channels: p.channels.map((c) => ({ channel: c.channel, label: channelLabel(c.channel), ...figure(c.cell) })),
            days: p.days.map((d) => ({ day: d.day, ...figure(d.cell) })),
          })),
        },
        null,
        2,
      ),
    );
    return 0;
  }
  if (pixels.length === 0) {
    out(`No Meta pixel is connected for ${options.shop}.`);
    return 0;
  }
  out(`Accuracy per Meta pixel, ${from} to ${today} (${profile.timezone}): orders Meta accepted of the orders counted.`);
  out(`${pixels[0].total.received} live orders received; each pixel counts the same orders.`);
  for (const p of pixels) {
    const missed = missedInWords(p.total);
    const leftOut = leftOutInWords(p.total);
    out("");
    out(`Pixel ${p.pixelId}${p.enabled ? "" : " (paused)"}: ${accuracyText(p.total)}`);
    if (missed) out(`  not accepted: ${missed}`);
    if (leftOut) out(`  not counted: ${leftOut}`);
    for (const c of p.channels) out(`  ${channelLabel(c.channel).padEnd(28)} ${accuracyText(c.cell)}`);
    for (const d of p.days) out(`  ${d.day}  ${accuracyText(d.cell)}`);
  }
  return 0;
}

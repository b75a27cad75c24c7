import type { Page } from "playwright-core";

// WCAG 2.x AA contrast of the text a page shows, measured in the browser: for every
// visible text node, the computed colour of its element against the background that is
// really behind it (ancestors' background colours composited, opacity applied), with the
// large-text threshold (24 px, or 18.66 px bold) at 3:1 and 4.5:1 otherwise. Text of
// disabled controls is exempt (WCAG 1.4.3: inactive user interface components).
// A gradient (Polaris' primary buttons) counts at its worst stop; a background image
// cannot be read this way, so text over one is reported as unmeasured instead of guessed.

export type ContrastFailure = {
  text: string;
  ratio: number;
  required: number;
  color: string;
  background: string;
  fontSize: string;
  fontWeight: string;
};
export type ContrastReport = { checked: number; failures: ContrastFailure[]; unmeasured: string[] };

export async function checkContrast(page: Page): Promise<ContrastReport> {
  return page.evaluate(() => {
    type Rgba = [number, number, number, number];
    const parse = (value: string): Rgba => {
      const m = /rgba?\(([^)]+)\)/.exec(value);
      if (!m) return [0, 0, 0, 0];
      const parts = m[1]
        .split(/[\s,/]+/)
        .filter(Boolean)
        .map(Number);
      return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
    };
    // Source-over: a (top) over b (bottom).
    const over = (a: Rgba, b: Rgba): Rgba => {
      const alpha = a[3] + b[3] * (1 - a[3]);
      if (alpha === 0) return [0, 0, 0, 0];
      const mix = (i: number) => (a[i] * a[3] + b[i] * b[3] * (1 - a[3])) / alpha;
      return [mix(0), mix(1), mix(2), alpha];
    };
    const luminance = ([r, g, b]: Rgba) => {
      const lin = (c: number) => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const ratioOf = (a: Rgba, b: Rgba) => {
      const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (l1 + 0.05) / (l2 + 0.05);
    };
    const fmt = (c: Rgba) => `rgba(${c.map((v, i) => (i < 3 ? Math.round(v) : Math.round(v * 100) / 100)).join(", ")})`;

    /**
     * The backgrounds that may be behind an element: its and its ancestors' colours,
     * composited over white (the page); with a gradient, each of its stops over that too.
     * Null when an image is drawn behind it.
     */
    const backgroundsOf = (element: Element): Rgba[] | null => {
      const layers: Rgba[] = [];
      const stops: Rgba[] = [];
      for (let el: Element | null = element; el; el = el.parentElement) {
        const style = getComputedStyle(el);
        const image = style.backgroundImage;
        if (image && image !== "none") {
          if (/url\(/.test(image)) return null;
          for (const stop of image.match(/rgba?\([^)]+\)/g) ?? []) stops.push(parse(stop));
        }
        const color = parse(style.backgroundColor);
        const opacity = Number(style.opacity);
        if (color[3] > 0) layers.push([color[0], color[1], color[2], color[3] * opacity]);
        if (color[3] * opacity >= 1) break;
      }
      let base: Rgba = [255, 255, 255, 1];
      for (const layer of layers.reverse()) base = over(layer, base);
      return [base, ...stops.map((stop) => over(stop, base))];
    };
    const opacityOf = (element: Element) => {
      let value = 1;
      for (let el: Element | null = element; el; el = el.parentElement) value *= Number(getComputedStyle(el).opacity);
      return value;
    };

    const failures: ContrastFailure[] = [];
    const unmeasured: string[] = [];
    const seen = new Set<Element>();
    let checked = 0;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = (node.textContent ?? "").trim();
      const element = node.parentElement;
      if (!text || !element || seen.has(element)) continue;
      seen.add(element);
      if (element.closest("script, style, noscript, [aria-hidden='true'], ui-save-bar:not([data-open]), ui-nav-menu")) continue;
      if (element.closest("[disabled], [aria-disabled='true'], .Polaris-Choice--disabled")) continue;
      const rect = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      if (rect.width === 0 || rect.height === 0 || style.visibility === "hidden" || style.display === "none") continue;
      // Visually hidden text for screen readers (clipped to 1px) is not seen.
      if (rect.width <= 1 || rect.height <= 1) continue;
      checked += 1;
      const backgrounds = backgroundsOf(element);
      if (!backgrounds) {
        unmeasured.push(text.slice(0, 60));
        continue;
      }
      const fg = parse(style.color);
      const alpha = fg[3] * opacityOf(element);
      const size = parseFloat(style.fontSize);
      const bold = Number(style.fontWeight) >= 700;
      const large = size >= 24 || (bold && size >= 18.66);
      const required = large ? 3 : 4.5;
      // The worst of the backgrounds it may stand on.
      const [ratio, color, background] = backgrounds
        .map((bg) => {
          const fgOnBg = over([fg[0], fg[1], fg[2], alpha], bg);
          return [ratioOf(fgOnBg, bg), fgOnBg, bg] as const;
        })
        .sort((a, b) => a[0] - b[0])[0];
      if (ratio < required) {
        failures.push({
          text: text.slice(0, 80),
          ratio: Math.round(ratio * 100) / 100,
          required,
          color: fmt(color),
          background: fmt(background),
          fontSize: style.fontSize,
          fontWeight: style.fontWeight,
        });
      }
    }
    return { checked, failures, unmeasured };
  });
}

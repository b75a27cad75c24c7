import { Link as RemixLink } from "@remix-run/react";
import { AppProvider as PolarisAppProvider } from "@shopify/polaris";
import type { LinkLikeComponentProps } from "@shopify/polaris/build/ts/src/utilities/link";
import enTranslations from "@shopify/polaris/locales/en.json";
import type { ReactNode } from "react";

/**
 * What Polaris's AppProvider writes on the document when it mounts (build/esm/components/
 * AppProvider/AppProvider.js, Polaris 13.9): the default theme's class on <html>, the body's
 * background and text colours, and the scrollbar width it measures into a CSS variable on
 * <html>. Written when the page is hydrated, a custom property on the root makes the browser
 * recompute the style of every element (about 1,200 on the settings page, 100-300 ms at a
 * phone's 4x slower CPU), and it lands inside the first click when the click comes before
 * hydration ends. Written here instead, first thing in <body>, while the body is still empty,
 * the same writes at mount time find the same values and change nothing, so the browser has
 * nothing to restyle. A classic inline script: it runs once the render-blocking stylesheets
 * are in (a scrollbar's width depends on them), before the page's HTML below it is parsed.
 */
const POLARIS_DOCUMENT_STYLES = `(()=>{const r=document.documentElement,b=document.body;r.classList.add("p-theme-light");b.style.backgroundColor="var(--p-color-bg)";b.style.color="var(--p-color-text)";const o=document.createElement("div");o.setAttribute("style","position: absolute; opacity: 0; transform: translate3d(-9999px, -9999px, 0); pointer-events: none; width:30px; height:30px;");const i=document.createElement("div");i.setAttribute("style","width:100%; height: 40; overflow:scroll; scrollbar-width: thin;");o.appendChild(i);b.appendChild(o);r.style.setProperty("--pc-app-provider-scrollbar-width",Math.min(30-i.clientWidth,20)+"px");b.removeChild(o)})()`;

/**
 * Polaris's styles give <html> another scrollbar colour while the pointer is over it (the
 * thumb shows on hover). scrollbar-color is inherited, so when <html> starts being hovered
 * the browser recomputes the style of every element of the page: the first tap on a phone
 * (which leaves the tapped element hovered) pays that before its own handlers, 70-280 ms at
 * a phone's 4x slower CPU on the settings page. A screen without a hovering pointer (a
 * phone, the admin's mobile app) keeps the colour it had, so a tap restyles only what it
 * touches; with a mouse nothing changes. Polaris's non-hover colour, repeated.
 */
const STEADY_SCROLLBAR_ON_TOUCH = "@media (hover: none){html:hover{scrollbar-color:var(--p-color-bg) var(--p-color-bg)}}";

/**
 * The embedded admin's provider: Polaris plus the App Bridge script. A local stand-in
 * for @shopify/shopify-app-remix/react's AppProvider, whose ESM build the classic Remix
 * compiler cannot parse (docs/decisions/001-remix-classic-polaris-react.md).
 */
export function AppProvider({ apiKey, children }: { apiKey: string; children: ReactNode }) {
  return (
    <>
      <script dangerouslySetInnerHTML={{ __html: POLARIS_DOCUMENT_STYLES }} />
      <style dangerouslySetInnerHTML={{ __html: STEADY_SCROLLBAR_ON_TOUCH }} />
      <script src="https://cdn.shopify.com/shopifycloud/app-bridge.js" data-api-key={apiKey} />
      <PolarisAppProvider i18n={enTranslations} linkComponent={PolarisLink}>
        {children}
      </PolarisAppProvider>
    </>
  );
}

function PolarisLink({ url, children, external, ...rest }: LinkLikeComponentProps) {
  // shopify:admin/... links are App Bridge's way to open an admin page (an order) from the app.
  if (/^shopify:/.test(url)) {
    return (
      <a href={url} target="_top" {...rest}>
        {children}
      </a>
    );
  }
  if (external) {
    return (
      <a href={url} target="_blank" rel="noopener noreferrer" {...rest}>
        {children}
      </a>
    );
  }
  return (
    <RemixLink to={url} {...rest}>
      {children}
    </RemixLink>
  );
}

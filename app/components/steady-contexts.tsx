import { startTransition, useContext, useEffect, useState, type Context, type ReactNode } from "react";
import * as inBrowser from "./polaris-contexts.client";
import * as onServer from "./polaris-contexts.server";

/**
 * Polaris's AppProvider changes four of its contexts in effects once it has mounted, at
 * ordinary priority: the media query (the navigation counts as collapsed on a phone-width
 * screen), the portals' container (known after the first commit), and the focus and
 * tooltip-presence managers (when a modal or tooltip mounts). When such a change reaches a
 * part of a page that has not hydrated yet (HydrateApart), React 18 cannot hold the update
 * back, so it throws that part's server HTML away and renders it afresh (error 421).
 *
 * Here each of those contexts is provided again, just above the pages, with a copy that
 * follows the live value one transition later. A context change stops at the nearest
 * provider of the same context, so the pages only ever see transitions, and React answers a
 * transition that reaches a dehydrated part by hydrating that part first. Nothing on the
 * page looks different: the copy catches up as soon as the parts it reaches have hydrated.
 */
export function SteadyContexts({ children }: { children: ReactNode }) {
  // Each side's own copy of Polaris's context objects: the browser's bundle holds Polaris's ESM
  // build, the server's Node loads its CommonJS build; the other module is empty there.
  const contexts: ReadonlyArray<Context<unknown>> = (typeof document === "undefined" ? onServer : inBrowser).changingContexts ?? [];
  return contexts.reduceRight<ReactNode>((inner, context) => <Steady context={context}>{inner}</Steady>, children);
}

function Steady({ context, children }: { context: Context<unknown>; children: ReactNode }) {
  const live = useContext(context);
  const [held, setHeld] = useState(live);
  useEffect(() => {
    if (held !== live) startTransition(() => setHeld(live));
  }, [held, live]);
  return <context.Provider value={held}>{children}</context.Provider>;
}

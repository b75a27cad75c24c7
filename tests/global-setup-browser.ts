import type { TestProject } from "vitest/node";
import { launchChromiumServer } from "../scripts/lib/chromium";
import setupBuilt from "./global-setup-built";

declare module "vitest" {
  export interface ProvidedContext {
    /** The run's Chromium (playwright's browser server), which every browser file connects to. */
    tandemChromiumEndpoint?: string;
  }
}

/**
 * The browser project: the built app (tests/global-setup-built.ts) and one Chromium for the
 * whole run. Each browser file connects to it (scripts/lib/chromium.ts) instead of launching
 * its own, and gets fresh contexts; what a file opens closes when it disconnects.
 */
export default async function setup(project: TestProject) {
  const teardown = await setupBuilt(project);
  const server = await launchChromiumServer();
  project.provide("tandemChromiumEndpoint", server.wsEndpoint());
  return async () => {
    await server.close();
    await teardown();
  };
}

import type { TestProject } from "vitest/node";
import { buildIfStale } from "../scripts/lib/app-process";
import setupSqlite from "./global-setup";

/**
 * The projects that start the built app (browser, soak): build it once if the sources are
 * newer, before any of their files runs. Vitest runs the projects' set-ups one after the
 * other, so two builds never overlap.
 */
export default function setup(project: TestProject) {
  buildIfStale();
  return setupSqlite(project);
}

#!/usr/bin/env node
// `npx tandem <command>`: the operator CLI (scripts/cli/). Runs the TypeScript sources
// through tsx so it needs no build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("./cli/main.ts");
process.exitCode = await main(process.argv.slice(2));

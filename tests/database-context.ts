/**
 * What the global set-ups hand to every test file (vitest provide/inject): which
 * provider this project tests, and where its migrated template database is. Each test
 * file gets its own copy (tests/setup-env.ts).
 */
export type TestDatabase = { provider: "sqlite"; dir: string } | { provider: "postgresql"; serverUrl: string; template: string };

declare module "vitest" {
  export interface ProvidedContext {
    tandemTestDatabase: TestDatabase;
  }
}

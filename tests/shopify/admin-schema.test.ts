// Every Admin GraphQL operation the app sends is valid against Shopify's Admin schema
// for the API version the app pins (tests/fixtures/shopify-admin-schema/README.md says
// where the schema comes from), and so are the variables it sends with them. Operations
// are found by scanning app/ for GraphQL documents, so a new one is covered without
// editing this test; the variables are the ones the real code sends to the local
// Admin GraphQL stand-in.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { ApiVersion } from "@shopify/shopify-api";
import {
  buildClientSchema,
  getVariableValues,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type IntrospectionQuery,
  type OperationDefinitionNode,
} from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SHOP_SETTINGS } from "~/capi/settings";
import { runGraphql } from "~/shopify/admin-graphql.server";
import { SHOP_PROFILE_QUERY } from "~/shopify/shop-profile.server";
import { toThemeConfig, toWebPixelSettings } from "~/shopify/storefront-config";
import { getInstallationId, setThemeConfig, upsertWebPixel } from "~/shopify/storefront-mutations.server";
import { readWebPixelStatus } from "~/shopify/web-pixel-status.server";
import { graphqlFor, startAdminGraphqlStandIn, type StandIn } from "../../scripts/lib/admin-graphql-standin";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SCHEMA_DIR = join(ROOT, "tests/fixtures/shopify-admin-schema");

/** The API version app/shopify.server.ts pins, e.g. ApiVersion.July26 -> "2026-07". */
function pinnedApiVersion(): string {
  const source = readFileSync(join(ROOT, "app/shopify.server.ts"), "utf8");
  const name = /apiVersion = ApiVersion\.(\w+)/.exec(source)?.[1];
  const version = name ? (ApiVersion as Record<string, string>)[name] : undefined;
  if (!version) throw new Error("app/shopify.server.ts: no `apiVersion = ApiVersion.X` found");
  return version;
}

function loadSchema(version: string): GraphQLSchema {
  const json = gunzipSync(readFileSync(join(SCHEMA_DIR, `admin_${version}.json.gz`))).toString("utf8");
  const introspection = JSON.parse(json) as { data: IntrospectionQuery };
  return buildClientSchema(introspection.data);
}

export type FoundOperation = { file: string; name: string; text: string; document: DocumentNode };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/**
 * GraphQL documents in app/: every string or template literal that starts (after an
 * optional `#graphql` marker) with `query`, `mutation` or `subscription`, an optional name and
 * `{`/`(`, or with `fragment <name> on <type>`.
 * A template with `${...}` is reported as such: it cannot be checked as written.
 */
export function findOperations(dir: string): FoundOperation[] {
  const found: FoundOperation[] = [];
  const literal = /`([^`]*)`|"((?:[^"\\\n]|\\.)*)"/g;
  // An operation keyword, an optional name, then its variables or selection: so words such as
  // "subscription recurring order" (an order tag) are not taken for GraphQL. A leading
  // `# Admin API version: unstable` line is allowed (see apiVersionOf).
  const graphqlStart =
    /^\s*(?:#\s*Admin API version:[^\n]*\n\s*)?(?:#graphql\s*)?(?:(?:query|mutation|subscription)\b\s*(?:\w+\s*)?[({]|fragment\s+\w+\s+on\s+\w+)/;
  for (const path of sourceFiles(dir)) {
    const source = readFileSync(path, "utf8");
    for (const match of source.matchAll(literal)) {
      const text = match[1] ?? match[2];
      if (!graphqlStart.test(text)) continue;
      const file = relative(ROOT, path);
      if (text.includes("${")) throw new Error(`${file}: a GraphQL document built with \${...} cannot be validated; write it whole`);
      const document = parse(text);
      const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
      found.push({ file, name: operation?.name?.value ?? "(anonymous)", text, document });
    }
  }
  return found;
}

/** Validation messages for a document and, when given, its variables. Empty when valid. */
export function checkOperation(schema: GraphQLSchema, text: string, variables?: Record<string, unknown>): string[] {
  let document: DocumentNode;
  try {
    document = parse(text);
  } catch (error) {
    return [(error as Error).message];
  }
  const errors = validate(schema, document).map((e) => e.message);
  if (errors.length > 0 || variables === undefined) return errors;
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const result = getVariableValues(schema, operation?.variableDefinitions ?? [], variables);
  return (result.errors ?? []).map((e) => e.message);
}

const version = pinnedApiVersion();
const schema = loadSchema(version);
const operations = findOperations(join(ROOT, "app"));

/**
 * The version an operation is written for: the pinned one, unless its text starts with
 * `# Admin API version: <version>` (a field only the unstable API has, sent with that
 * version by the code).
 */
function apiVersionOf(text: string): string {
  return /^\s*#\s*Admin API version:\s*(\S+)/.exec(text)?.[1] ?? version;
}
const schemas = new Map<string, GraphQLSchema>([[version, schema]]);
function schemaFor(apiVersion: string): GraphQLSchema {
  if (!schemas.has(apiVersion)) schemas.set(apiVersion, loadSchema(apiVersion));
  return schemas.get(apiVersion)!;
}

describe(`Admin GraphQL operations in app/ against Shopify's ${version} schema`, () => {
  it("GIVEN the pinned API version THEN the schema file for exactly that version is here, and unstable's", () => {
    expect(readdirSync(SCHEMA_DIR).filter((f) => f.endsWith(".json.gz"))).toEqual([`admin_${version}.json.gz`, "admin_unstable.json.gz"]);
    expect(schemaFor("unstable").getType("PixelDataSharingState")).toBeDefined();
    expect(schema.getMutationType()?.getFields().webPixelCreate).toBeDefined();
  });

  it("GIVEN app/ WHEN scanned THEN the storefront activation operations are found", () => {
    expect(operations.map((o) => o.name).sort()).toEqual(
      expect.arrayContaining(["TandemCreatePixel", "TandemInstallation", "TandemSetConfig", "TandemUpdatePixel", "TandemWebPixel"]),
    );
  });

  it.each(operations.map((o) => [`${o.file}: ${o.name} (${apiVersionOf(o.text)})`, o] as const))("%s is valid", (_, operation) => {
    expect(checkOperation(schemaFor(apiVersionOf(operation.text)), operation.text)).toEqual([]);
  });

  it("GIVEN the pixel status query THEN it needs the unstable API: the pinned version refuses it", () => {
    const status = operations.find((o) => o.name === "TandemWebPixelStatus");
    expect(status && apiVersionOf(status.text)).toBe("unstable");
    expect(checkOperation(schema, status!.text)).toEqual([
      expect.stringContaining(`Cannot query field "dataSharingState" on type "WebPixel"`),
    ]);
  });

  describe("the variables the app really sends", () => {
    let standIn: StandIn;
    const sent: Array<{ query: string; variables?: Record<string, unknown>; apiVersion?: string }> = [];
    beforeAll(async () => {
      standIn = await startAdminGraphqlStandIn();
      const inner = graphqlFor(standIn);
      const graphql = (query: string, options?: { variables?: Record<string, unknown>; apiVersion?: ApiVersion }) => {
        sent.push({ query, variables: options?.variables, apiVersion: options?.apiVersion });
        return inner(query, options);
      };
      const pixelIds = ["1234567890123456"];
      const settings = DEFAULT_SHOP_SETTINGS;
      const installation = await getInstallationId(graphql);
      if (!installation.ok) throw new Error(installation.message);
      await setThemeConfig(graphql, installation.value, toThemeConfig(settings, pixelIds));
      const pixel = (appUrl: string) => toWebPixelSettings({ settings, pixelIds, appUrl, shopKey: "schema-key" });
      await upsertWebPixel(graphql, pixel("https://tandem.example.com")); // create
      await upsertWebPixel(graphql, pixel("https://tandem2.example.com")); // update
      // The shop's timezone and contact address, read on the first admin load.
      await runGraphql(graphql, SHOP_PROFILE_QUERY);
      // The overview's pixel status: the unstable query, then (unstable refusing it) the stable one.
      await readWebPixelStatus(graphql);
      standIn.refuseUnstable = true;
      await readWebPixelStatus(graphql);
    });
    afterAll(() => standIn.close());

    it("GIVEN activation from scratch, a change and the shop profile read THEN every operation of app/shopify was sent", () => {
      const sentTexts = new Set(sent.map((s) => s.query));
      const unsent = operations.filter((o) => o.file.startsWith("app/shopify/") && !sentTexts.has(o.text)).map((o) => o.name);
      expect(unsent).toEqual([]);
    });

    it("GIVEN each request sent THEN its query and variables are valid for the schema", () => {
      const problems = sent.flatMap((s) =>
        checkOperation(schemaFor(s.apiVersion ?? version), s.query, s.variables ?? {}).map((m) => `${s.query.slice(0, 40)}: ${m}`),
      );
      expect(problems).toEqual([]);
      // An operation written for another version is sent with that version.
      expect(sent.filter((s) => (s.apiVersion ?? version) !== apiVersionOf(s.query))).toEqual([]);
      expect(sent.length).toBeGreaterThanOrEqual(5);
    });
  });
});

describe("the schema check can fail", () => {
  it("GIVEN a misspelled field THEN the check names it", () => {
    expect(checkOperation(schema, `query Bad { webPixel { id setting } }`)).toEqual([
      expect.stringContaining(`Cannot query field "setting" on type "WebPixel"`),
    ]);
  });

  it("GIVEN a variable of the wrong type THEN the check says so", () => {
    const text = `mutation Bad($webPixel: String!) { webPixelCreate(webPixel: $webPixel) { webPixel { id } } }`;
    expect(checkOperation(schema, text).join("\n")).toContain(
      `Variable "$webPixel" of type "String!" used in position expecting type "WebPixelInput!"`,
    );
  });

  it("GIVEN variables that do not fit the input type THEN the check says so", () => {
    const text = `mutation M($metafields: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $metafields) { userErrors { message } } }`;
    expect(
      checkOperation(schema, text, { metafields: [{ ownerId: "gid://shopify/AppInstallation/1", key: "k", value: "v", typo: 1 }] }).join(
        "\n",
      ),
    ).toContain(`Field "typo" is not defined by type "MetafieldsSetInput"`);
    expect(checkOperation(schema, text, {})).toEqual([expect.stringContaining(`Variable "$metafields" of required type`)]);
  });

  it("GIVEN a document built with ${...} in app code THEN scanning refuses it", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "gql-scan-"));
    writeFileSync(join(dir, "x.server.ts"), "const Q = `query X { ${'webPixel'} { id } }`;\n");
    expect(() => findOperations(dir)).toThrow(/cannot be validated/);
  });
});

import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

// A local stand-in for Shopify's Admin GraphQL endpoint: a real HTTP server on 127.0.0.1
// that implements only what activation uses (currentAppInstallation, metafieldsSet,
// webPixel, webPixelCreate, webPixelUpdate), validates like Shopify where it matters
// (web pixel settings against the extension's declared fields), records every call and
// can be told to fail the next call of an operation.

export type Operation = "currentAppInstallation" | "metafieldsSet" | "webPixel" | "webPixelCreate" | "webPixelUpdate" | "shop";
/** `version`: the Admin API version in the request's path (/admin/api/<version>/graphql.json). */
export type RecordedCall = { operation: Operation; variables: Record<string, unknown>; accessToken: string | null; version: string };
export type Failure = {
  userErrors?: { field: string[]; message: string }[];
  errors?: { message: string; extensions?: { code: string } }[];
};

/** The settings fields declared in extensions/tandem-pixel/shopify.extension.toml: Shopify refuses any other. */
export function declaredPixelFields(): string[] {
  const toml = readFileSync(path.resolve("extensions/tandem-pixel/shopify.extension.toml"), "utf8");
  return [...toml.matchAll(/^\[settings\.fields\.([A-Za-z0-9_]+)\]/gm)].map((match) => match[1]);
}

export type StandIn = {
  url: string;
  calls: RecordedCall[];
  metafields: Map<string, { ownerId: string; type: string; value: string }>;
  webPixel: { id: string; settings: string } | null;
  /** How "no web pixel yet" is answered: an error with null data (today's API) or plain null. */
  missingPixel: "error" | "null";
  /**
   * `WebPixel.dataSharingState`, which only the unstable Admin API has: asked on any other
   * version it is refused as Shopify refuses an unknown field; `refuseUnstable` refuses it
   * on unstable too (an unstable field may go away).
   */
  dataSharingState: string | null;
  refuseUnstable: boolean;
  /** What `shop { ianaTimezone contactEmail }` answers (the admin's timezone and alert address). */
  shop: { ianaTimezone: string; contactEmail: string };
  failNext(operation: Operation, failure: Failure): void;
  count(operation: Operation): number;
  close(): Promise<void>;
};

export async function startAdminGraphqlStandIn(): Promise<StandIn> {
  const fields = new Set(declaredPixelFields());
  const failures = new Map<Operation, Failure>();
  const installationId = "gid://shopify/AppInstallation/777";
  const state: StandIn = {
    url: "",
    calls: [],
    metafields: new Map(),
    webPixel: null,
    missingPixel: "error",
    dataSharingState: null,
    refuseUnstable: false,
    shop: { ianaTimezone: "America/New_York", contactEmail: "owner@shop.example" },
    failNext: (operation, failure) => void failures.set(operation, failure),
    count: (operation) => state.calls.filter((call) => call.operation === operation).length,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  function answer(operation: Operation, variables: Record<string, unknown>, query: string, version: string): unknown {
    const failure = failures.get(operation);
    if (failure) {
      failures.delete(operation);
      if (failure.errors) return { data: null, errors: failure.errors };
      return { data: { [operation]: { userErrors: failure.userErrors ?? [], webPixel: null, metafields: null } } };
    }
    switch (operation) {
      case "shop":
        return { data: { shop: state.shop } };
      case "currentAppInstallation":
        return { data: { currentAppInstallation: { id: installationId } } };
      case "metafieldsSet": {
        const list = variables.metafields as { ownerId: string; namespace: string; key: string; type: string; value: string }[];
        const userErrors = list.flatMap((m, i) => {
          if (m.ownerId !== installationId) return [{ field: ["metafields", String(i), "ownerId"], message: "Owner does not exist." }];
          if (m.type === "json" && !isJson(m.value))
            return [{ field: ["metafields", String(i), "value"], message: "Value is invalid JSON." }];
          return [];
        });
        if (userErrors.length === 0)
          for (const m of list) state.metafields.set(`${m.namespace}.${m.key}`, { ownerId: m.ownerId, type: m.type, value: m.value });
        return {
          data: {
            metafieldsSet: {
              metafields: userErrors.length ? null : list.map((_, i) => ({ id: `gid://shopify/Metafield/${i + 1}` })),
              userErrors,
            },
          },
        };
      }
      case "webPixel":
        if (/\bdataSharingState\b/.test(query)) {
          if (version !== "unstable" || state.refuseUnstable)
            return {
              data: null,
              errors: [{ message: "Field 'dataSharingState' doesn't exist on type 'WebPixel'", extensions: { code: "undefinedField" } }],
            };
          if (state.webPixel) return { data: { webPixel: { ...state.webPixel, dataSharingState: state.dataSharingState } } };
        }
        if (state.webPixel) return { data: { webPixel: state.webPixel } };
        return state.missingPixel === "null"
          ? { data: { webPixel: null } }
          : { data: { webPixel: null }, errors: [{ message: "No web pixel was found for this app.", extensions: { code: "NOT_FOUND" } }] };
      case "webPixelCreate":
      case "webPixelUpdate": {
        const settings = (variables.webPixel as { settings?: unknown } | undefined)?.settings;
        const userErrors = validatePixelSettings(settings, fields);
        if (operation === "webPixelCreate" && state.webPixel) userErrors.push({ field: ["webPixel"], message: "Web pixel is taken." });
        if (operation === "webPixelUpdate" && variables.id !== state.webPixel?.id)
          userErrors.push({ field: ["id"], message: "Web pixel not found." });
        if (userErrors.length === 0)
          state.webPixel = {
            id: state.webPixel?.id ?? "gid://shopify/WebPixel/1",
            settings: typeof settings === "string" ? settings : JSON.stringify(settings),
          };
        return { data: { [operation]: { webPixel: userErrors.length ? null : state.webPixel, userErrors } } };
      }
    }
  }

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const { query, variables = {} } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
        query: string;
        variables?: Record<string, unknown>;
      };
      const operation = operationOf(query);
      const version = /\/admin\/api\/([^/]+)\/graphql\.json/.exec(request.url ?? "")?.[1] ?? "2026-07";
      state.calls.push({
        operation,
        variables,
        accessToken: (request.headers["x-shopify-access-token"] as string | undefined) ?? null,
        version,
      });
      response.writeHead(200, { "Content-Type": "application/json" });
      response.end(JSON.stringify(answer(operation, variables, query, version)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/admin/api/2026-07/graphql.json`;
  return state;
}

function operationOf(query: string): Operation {
  for (const name of ["webPixelCreate", "webPixelUpdate", "metafieldsSet", "currentAppInstallation"] as const)
    if (query.includes(`${name}(`) || query.includes(`${name} {`)) return name;
  if (/\bwebPixel\s*\{/.test(query)) return "webPixel";
  if (/\bshop\s*\{/.test(query)) return "shop";
  throw new Error(`the stand-in does not implement: ${query}`);
}

/** Like Shopify: settings must match the extension's declared fields, text values only. */
function validatePixelSettings(settings: unknown, fields: Set<string>): { field: string[]; message: string }[] {
  let value = settings;
  if (typeof value === "string") value = isJson(value) ? JSON.parse(value) : null;
  if (!value || typeof value !== "object") return [{ field: ["webPixel", "settings"], message: "Settings must be a JSON object." }];
  const errors = [];
  for (const [key, v] of Object.entries(value)) {
    if (!fields.has(key)) errors.push({ field: ["webPixel", "settings"], message: `Unknown setting: ${key}` });
    else if (typeof v !== "string") errors.push({ field: ["webPixel", "settings"], message: `${key} must be text` });
  }
  return errors;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A `graphql` with the shape of admin.graphql that POSTs to the stand-in (at the asked API version's path). */
export function graphqlFor(standIn: StandIn) {
  return (query: string, options?: { variables?: Record<string, unknown>; apiVersion?: string }) =>
    fetch(options?.apiVersion ? standIn.url.replace(/\/admin\/api\/[^/]+\//, `/admin/api/${options.apiVersion}/`) : standIn.url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": "shpat_test" },
      body: JSON.stringify({ query, variables: options?.variables }),
    });
}

/** Like shopify-app-remix's admin.graphql: top-level GraphQL errors are thrown as GraphqlQueryError with the body. */
export function throwingGraphqlFor(standIn: StandIn) {
  const plain = graphqlFor(standIn);
  return async (query: string, options?: { variables?: Record<string, unknown>; apiVersion?: string }) => {
    const response = await plain(query, options);
    const body = await response.json();
    if (body.errors)
      throw Object.assign(new Error(body.errors[0].message), { body: { data: body.data, errors: { graphQLErrors: body.errors } } });
    return new Response(JSON.stringify(body));
  };
}

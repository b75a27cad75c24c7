// A thin, never-throwing wrapper around `admin.graphql` from shopify-app-remix (or any
// function of the same shape, such as the tests' local stand-in). Shopify reports
// problems three ways: HTTP failures, top-level GraphQL `errors` (which the library
// turns into a thrown GraphqlQueryError carrying the body), and `userErrors` inside a
// mutation's payload. The first two are folded here; userErrors are the caller's.

import type { ApiVersion } from "@shopify/shopify-api";

/**
 * The shape of `admin.graphql`: resolves to a fetch Response whose JSON is `{data, errors}`.
 * `apiVersion` overrides the app's pinned version for one call (the unstable API's fields).
 */
export type AdminGraphql = (query: string, options?: { variables?: Record<string, unknown>; apiVersion?: ApiVersion }) => Promise<Response>;

export type GraphqlError = { message: string; code?: string };

export type GraphqlResult<T> =
  | { ok: true; data: T }
  /** `data` is whatever partial data came back: a query may answer null plus an error. */
  | { ok: false; errors: GraphqlError[]; data: T | null };

export async function runGraphql<T>(
  graphql: AdminGraphql,
  query: string,
  variables?: Record<string, unknown>,
  apiVersion?: ApiVersion,
): Promise<GraphqlResult<T>> {
  let body: unknown;
  try {
    const options = variables || apiVersion ? { ...(variables ? { variables } : {}), ...(apiVersion ? { apiVersion } : {}) } : undefined;
    const response = await graphql(query, options);
    if (!response.ok) return { ok: false, errors: [{ message: `Shopify answered HTTP ${response.status}` }], data: null };
    body = await response.json();
  } catch (error) {
    const thrownBody = (error as { body?: unknown } | null)?.body;
    if (thrownBody && typeof thrownBody === "object") body = thrownBody;
    else return { ok: false, errors: [{ message: error instanceof Error ? error.message : "Shopify could not be reached" }], data: null };
  }
  const { data, errors } = (body ?? {}) as { data?: T; errors?: unknown };
  const list = readErrors(errors);
  if (list.length > 0) return { ok: false, errors: list, data: data ?? null };
  if (data === undefined || data === null) return { ok: false, errors: [{ message: "Shopify returned no data" }], data: null };
  return { ok: true, data };
}

/** The plain `errors: [...]` array, or the library's `{graphQLErrors: [...], message}` object. */
function readErrors(errors: unknown): GraphqlError[] {
  const raw = Array.isArray(errors) ? errors : (errors as { graphQLErrors?: unknown } | undefined)?.graphQLErrors;
  if (Array.isArray(raw)) {
    return raw.map((entry) => ({
      message: String((entry as { message?: unknown })?.message ?? "GraphQL error"),
      code: (entry as { extensions?: { code?: string } })?.extensions?.code,
    }));
  }
  if (errors && typeof errors === "object" && "message" in errors) return [{ message: String((errors as { message: unknown }).message) }];
  return [];
}

export function describeErrors(errors: { message: string; field?: string[] | null }[]): string {
  return errors.map((error) => (error.field?.length ? `${error.field.join(".")}: ${error.message}` : error.message)).join("; ");
}

/** Calls a Remix loader or action the way Remix does, turning a thrown Response into the answer. */
export async function callRoute(
  handler: (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => unknown,
  request: Request,
  params: Record<string, string> = {},
): Promise<Response> {
  try {
    const result = await handler({ request, params, context: {} });
    if (result instanceof Response) return result;
    // `defer`: the answer once every deferred value has settled (a rejected one throws here).
    if (isDeferred(result)) {
      await result.resolveData(request.signal);
      return new Response(JSON.stringify(result.unwrappedData), {
        status: result.init?.status ?? 200,
        headers: { "Content-Type": "application/json" },
      });
    }
    return new Response(JSON.stringify(result ?? null), { status: 200, headers: { "Content-Type": "application/json" } });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** What Remix's `defer` returns (the shape Remix itself checks for). */
type Deferred = { init?: ResponseInit; unwrappedData: unknown; resolveData: (signal: AbortSignal) => Promise<boolean> };
const isDeferred = (value: unknown): value is Deferred =>
  typeof value === "object" && value !== null && "resolveData" in value && "subscribe" in value && "cancel" in value;

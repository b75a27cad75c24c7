/**
 * The benchmark's load generator: a keep-alive undici Pool with one connection per
 * concurrent sender, no pipelining. Every request is built and signed BEFORE the clock
 * starts, so the generator spends its CPU on sockets only (undici's `request` costs far
 * less than `fetch`, which the first benchmark used and which competed with the server
 * for the same 2 cores). The same function drives every row of `npm run bench`.
 */
import { Pool } from "undici";

export type SignedRequest = { path: string; headers: Record<string, string>; body: string; key: string };
export type LoadResult = {
  latencies: number[];
  seconds: number;
  statuses: Map<number, number>;
  sentAt: Map<string, number>;
  errors: number;
};

/**
 * A keep-alive pool for one server: the warm-up and the measured run share it, so the
 * measured run starts on open connections (each row alike). A fresh pool per run put the
 * twenty connects inside the first requests' latency: in a traced run the first 5-10
 * requests of every row, the floor's included, were half of its slowest 1%.
 */
export function openPool(origin: string, concurrency: number): Pool {
  return new Pool(origin, { connections: concurrency, pipelining: 1, keepAliveTimeout: 30_000 });
}

export async function drive(pool: Pool, requests: SignedRequest[], concurrency: number): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const sentAt = new Map<string, number>();
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests.length) {
        const request = requests[next++];
        sentAt.set(request.key, Date.now());
        const t0 = performance.now();
        try {
          const response = await pool.request({ path: request.path, method: "POST", headers: request.headers, body: request.body });
          await response.body.dump();
          statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { latencies: latencies.sort((a, b) => a - b), seconds: (performance.now() - started) / 1000, statuses, sentAt, errors };
}

export const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

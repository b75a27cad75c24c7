import type { FailurePlan } from "./types";

// Plans are consumed in the order they were queued so a test can script a sequence
// ("two 503s, then a throttle") and know exactly which request gets which answer.

interface QueuedPlan {
  plan: FailurePlan;
  remaining: number | null;
  until: number | null;
}

export interface FailureQueue {
  add(plan: FailurePlan): void;
  /** The plan that decides this request's answer, consuming one use of it, or null. */
  take(pixelId: string, endpoint?: "events" | "dataset_quality" | "pixel" | "stats"): FailurePlan | null;
  clear(): void;
  pending(): FailurePlan[];
}

export function createFailureQueue(now: () => number): FailureQueue {
  let queue: QueuedPlan[] = [];

  const isSpent = (entry: QueuedPlan, at: number) => entry.remaining === 0 || (entry.until !== null && at >= entry.until);

  return {
    add(plan) {
      const hasPeriod = plan.forMs !== undefined;
      const remaining = plan.count !== undefined ? plan.count : hasPeriod ? null : 1;
      queue.push({ plan, remaining, until: hasPeriod ? now() + (plan.forMs ?? 0) : null });
    },
    take(pixelId, endpoint = "events") {
      const at = now();
      queue = queue.filter((entry) => !isSpent(entry, at));
      const entry = queue.find(
        (candidate) =>
          (candidate.plan.endpoint ?? "events") === endpoint &&
          (candidate.plan.pixelId === undefined || candidate.plan.pixelId === pixelId),
      );
      if (!entry) return null;
      if (entry.remaining !== null) entry.remaining -= 1;
      return entry.plan;
    },
    clear() {
      queue = [];
    },
    pending() {
      const at = now();
      return queue.filter((entry) => !isSpent(entry, at)).map((entry) => entry.plan);
    },
  };
}

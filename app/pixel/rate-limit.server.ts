// In-memory token buckets for the public receipt endpoint. Per process on purpose: the
// limits protect this process's database from a flood, not a global quota, so several
// app instances each allowing the rate is acceptable (a shared store would add a
// network hop to every storefront receipt).

export type TakeResult = { ok: true } | { ok: false; retryAfterSeconds: number };

type Bucket = { tokens: number; updatedAt: number };

export type TokenBucketOptions = {
  /** Tokens a fresh key starts with: the burst allowed at once. */
  capacity: number;
  /** Tokens regained per minute, continuously. */
  perMinute: number;
  /** Keys kept at most; the least recently refilled are dropped first (bounded memory under a flood of new keys). */
  maxKeys?: number;
};

export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private readonly maxKeys: number;

  constructor(private readonly options: TokenBucketOptions) {
    this.perMs = options.perMinute / 60_000;
    this.maxKeys = options.maxKeys ?? 50_000;
  }

  /** Takes one token for the key, or says how long until one is available. */
  take(key: string, now = Date.now()): TakeResult {
    const bucket = this.refill(key, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000)) };
  }

  private refill(key: string, now: number): Bucket {
    const existing = this.buckets.get(key);
    if (existing) {
      existing.tokens = Math.min(this.options.capacity, existing.tokens + (now - existing.updatedAt) * this.perMs);
      existing.updatedAt = now;
      // Re-insert so Map order stays "least recently used first" for eviction.
      this.buckets.delete(key);
      this.buckets.set(key, existing);
      return existing;
    }
    if (this.buckets.size >= this.maxKeys) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    const fresh = { tokens: this.options.capacity, updatedAt: now };
    this.buckets.set(key, fresh);
    return fresh;
  }
}

/** The three limits of /pixel/events. A shopper's browser sends a handful of receipts per checkout. */
export type PixelRateLimits = {
  /** One browser (IP) for one shop: 60/min. */
  visitorShop: TokenBucketLimiter;
  /** One IP across all shop keys, so rotating made-up keys does not dodge the visitor limit: 300/min. */
  visitor: TokenBucketLimiter;
  /** One shop, all its visitors: 600/min, far above any real store's checkout rate per process. */
  shop: TokenBucketLimiter;
};

export function createPixelRateLimits(): PixelRateLimits {
  return {
    visitorShop: new TokenBucketLimiter({ capacity: 60, perMinute: 60 }),
    visitor: new TokenBucketLimiter({ capacity: 300, perMinute: 300 }),
    shop: new TokenBucketLimiter({ capacity: 600, perMinute: 600 }),
  };
}

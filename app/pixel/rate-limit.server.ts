// Token buckets for the public receipt endpoint, in memory by default. Per process on
// purpose: the limits protect this process's database from a flood, not a global quota,
// so several app instances each allowing the rate is acceptable (a shared store would
// add a network hop to every storefront receipt). The handler sees only the RateLimiter
// interface, so a shared store (PostgreSQL, Redis) can replace it without other changes.

export type TakeResult = { ok: true } | { ok: false; retryAfterSeconds: number };

/** What the endpoint needs of a limiter: take one unit for a key, now. */
export interface RateLimiter {
  take(key: string): TakeResult | Promise<TakeResult>;
}

/** Milliseconds since the epoch; injected so tests never depend on how fast the machine is. */
export type Clock = () => number;

type Bucket = { tokens: number; updatedAt: number };

export type TokenBucketOptions = {
  /** Tokens a fresh key starts with: the burst allowed at once. */
  capacity: number;
  /** Tokens regained per minute, continuously. */
  perMinute: number;
  /** Keys kept at most; the least recently refilled are dropped first (bounded memory under a flood of new keys). */
  maxKeys?: number;
  clock?: Clock;
};

export class TokenBucketLimiter implements RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private readonly maxKeys: number;
  private readonly clock: Clock;

  constructor(private readonly options: TokenBucketOptions) {
    this.perMs = options.perMinute / 60_000;
    this.maxKeys = options.maxKeys ?? 50_000;
    this.clock = options.clock ?? Date.now;
  }

  /** Takes one token for the key, or says how long until one is available. */
  take(key: string, now = this.clock()): TakeResult {
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

/**
 * The three limits of /pixel/events, keyed on the visitor's address as TRUSTED_PROXIES
 * derives it (receipt-http.server.ts; IPv6 by /64, the block one subscriber gets).
 * A shopper's browser sends a handful of receipts per checkout. The per-shop ceiling is
 * sized for a big store's peak, not for a quiet one: thousands of checkouts a minute at
 * about four receipts each fit under 30,000/min, while one address can take at most 60
 * of them a minute. Draining a shop's budget therefore needs 500 real addresses at full
 * rate, which is a distributed attack for the edge (CDN/WAF) to absorb; docs/security.md.
 */
export type PixelRateLimits = {
  /** One visitor (address) for one shop: 60/min. */
  visitorShop: RateLimiter;
  /** One address across all shop keys, so rotating made-up keys does not dodge the visitor limit: 300/min. */
  visitor: RateLimiter;
  /** One shop, all its visitors: 30,000/min (500/s) per process, with a 5,000 burst. */
  shop: RateLimiter;
  /**
   * Server copies of storefront events (docs/decisions/042), taken only by receipts that
   * would become one: 30/min per visitor and shop (a shopper views a product every few
   * seconds at most), 6,000/min (100/s) per shop and process. Past them the receipt is
   * stored and the browser's hit stands; no server event is made, so a flood of fake
   * receipts cannot become a flood of server events.
   */
  copyVisitorShop?: RateLimiter;
  copyShop?: RateLimiter;
};

export const PIXEL_LIMITS = {
  visitorShop: { capacity: 60, perMinute: 60 },
  visitor: { capacity: 300, perMinute: 300 },
  shop: { capacity: 5_000, perMinute: 30_000 },
  copyVisitorShop: { capacity: 30, perMinute: 30 },
  copyShop: { capacity: 1_000, perMinute: 6_000 },
} as const;

export function createPixelRateLimits(options: { clock?: Clock } = {}): PixelRateLimits {
  return {
    visitorShop: new TokenBucketLimiter({ ...PIXEL_LIMITS.visitorShop, clock: options.clock }),
    visitor: new TokenBucketLimiter({ ...PIXEL_LIMITS.visitor, clock: options.clock }),
    shop: new TokenBucketLimiter({ ...PIXEL_LIMITS.shop, clock: options.clock }),
    copyVisitorShop: new TokenBucketLimiter({ ...PIXEL_LIMITS.copyVisitorShop, clock: options.clock }),
    copyShop: new TokenBucketLimiter({ ...PIXEL_LIMITS.copyShop, clock: options.clock }),
  };
}

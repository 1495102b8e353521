// Fixed-window rate limits kept in memory, per key (an IP, a token). One instance's view.
export interface RateRule {
  limit: number;
  windowMs: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly rule: RateRule,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one hit; returns 0 when allowed, else the seconds to wait. */
  hit(key: string): number {
    const now = this.now();
    const window = this.windows.get(key);
    if (!window || now - window.start >= this.rule.windowMs) {
      if (this.windows.size > 50_000) this.sweep(now);
      this.windows.set(key, { start: now, count: 1 });
      return 0;
    }
    window.count += 1;
    if (window.count <= this.rule.limit) return 0;
    return Math.max(1, Math.ceil((window.start + this.rule.windowMs - now) / 1000));
  }

  private sweep(now: number) {
    for (const [key, window] of this.windows) {
      if (now - window.start >= this.rule.windowMs) this.windows.delete(key);
    }
  }
}

export interface RateLimits {
  login: RateLimiter;
  signUp: RateLimiter;
  inviteAccept: RateLimiter;
  api: RateLimiter;
  /** Events on /live, per connection. */
  liveEvents: RateLimiter;
}

export function createRateLimits(): RateLimits {
  return {
    login: new RateLimiter({ limit: 10, windowMs: 15 * 60_000 }),
    signUp: new RateLimiter({ limit: 10, windowMs: 60 * 60_000 }),
    inviteAccept: new RateLimiter({ limit: 20, windowMs: 15 * 60_000 }),
    api: new RateLimiter({ limit: 600, windowMs: 60_000 }),
    liveEvents: new RateLimiter({ limit: 100, windowMs: 10_000 }),
  };
}

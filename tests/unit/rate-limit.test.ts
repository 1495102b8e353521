import { describe, expect, it } from "vitest";
import { RateLimiter, createRateLimits } from "../../server/http/rate-limit";

function limiterAt(limit: number, windowMs: number) {
  const clock = { now: 1_000_000 };
  const limiter = new RateLimiter({ limit, windowMs }, () => clock.now);
  return { limiter, clock };
}

describe("a fixed-window rate limiter", () => {
  it("allows exactly the limit within a window, then says how long to wait", () => {
    const { limiter, clock } = limiterAt(3, 60_000);
    expect([limiter.hit("ip"), limiter.hit("ip"), limiter.hit("ip")]).toEqual([0, 0, 0]);
    expect(limiter.hit("ip")).toBe(60);
    clock.now += 15_500;
    expect(limiter.hit("ip")).toBe(45);
  });

  it.each([
    [0, 60],
    [1, 60],
    [59_000, 1],
    [59_999, 1],
  ])("after %i ms of a one-minute window asks to wait %i s (never zero)", (elapsed, wait) => {
    const { limiter, clock } = limiterAt(1, 60_000);
    limiter.hit("ip");
    clock.now += elapsed;
    expect(limiter.hit("ip")).toBe(wait);
  });

  it("starts a new window once the old one is over", () => {
    const { limiter, clock } = limiterAt(2, 60_000);
    limiter.hit("ip");
    limiter.hit("ip");
    expect(limiter.hit("ip")).toBeGreaterThan(0);
    clock.now += 60_000;
    expect(limiter.hit("ip")).toBe(0);
    expect(limiter.hit("ip")).toBe(0);
    expect(limiter.hit("ip")).toBeGreaterThan(0);
  });

  it("counts each key on its own", () => {
    const { limiter } = limiterAt(1, 60_000);
    expect(limiter.hit("a")).toBe(0);
    expect(limiter.hit("b")).toBe(0);
    expect(limiter.hit("a")).toBeGreaterThan(0);
    expect(limiter.hit("c")).toBe(0);
  });

  it("keeps refusing while hits keep coming, without extending the window", () => {
    const { limiter, clock } = limiterAt(1, 10_000);
    limiter.hit("ip");
    for (let i = 0; i < 9; i++) {
      clock.now += 1_000;
      expect(limiter.hit("ip")).toBe(9 - i);
    }
    clock.now += 1_000;
    expect(limiter.hit("ip")).toBe(0);
  });

  it("forgets finished windows when many keys pile up", () => {
    const { limiter, clock } = limiterAt(1, 1_000);
    for (let i = 0; i <= 50_001; i++) limiter.hit(`old-${i}`);
    clock.now += 1_000;
    limiter.hit("new");
    expect((limiter as unknown as { windows: Map<string, unknown> }).windows.size).toBe(1);
  });
});

describe("the server's rate limits", () => {
  it.each([
    ["login", 10],
    ["signUp", 10],
    ["inviteAccept", 20],
    ["api", 600],
    ["liveEvents", 100],
  ] as const)("let %s through %i times per window", (name, limit) => {
    const limiter = createRateLimits()[name];
    for (let i = 0; i < limit; i++) expect(limiter.hit("k")).toBe(0);
    expect(limiter.hit("k")).toBeGreaterThan(0);
  });

  it("gives every server its own counters", () => {
    const first = createRateLimits();
    for (let i = 0; i < 10; i++) first.login.hit("k");
    expect(createRateLimits().login.hit("k")).toBe(0);
  });
});

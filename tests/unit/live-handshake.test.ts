import { describe, expect, it } from "vitest";
import { isOwnOrigin } from "../../server/http/security";
import { presenceList } from "../../server/live/presence";
import type { PresenceEntry } from "../../core/live";

describe("whether a cookie-carrying connection comes from our own pages", () => {
  const host = "tavolo.example:3000";
  it.each([
    ["the same host", "http://tavolo.example:3000", [], true],
    ["the same host over https", "https://tavolo.example:3000", [], true],
    ["the public URL behind a proxy", "https://tavolo.it", ["https://tavolo.it"], true],
    ["another site", "https://evil.example", [], false],
    ["the same name on another port", "http://tavolo.example:4000", [], false],
    ["a look-alike host", "http://tavolo.example:3000.evil.example", [], false],
    ["the opaque origin of a sandboxed page", "null", [], false],
    ["no origin at all", undefined, [], false],
  ] as const)("%s: %s", (_name, origin, allowed, expected) => {
    expect(isOwnOrigin({ host, ...(origin ? { origin } : {}) }, [...allowed])).toBe(expected);
  });
});

describe("the people in a meeting's room", () => {
  const anna: PresenceEntry = { id: "a", name: "Anna", group: { kind: "role", role: "member" } };
  const bruno: PresenceEntry = {
    id: "b",
    name: "Bruno",
    group: { kind: "organization", name: "ASL TO5" },
  };

  it("lists each person once, however many connections they have, in alphabetical order", () => {
    expect(presenceList([bruno, anna, undefined, bruno, anna])).toEqual([anna, bruno]);
  });

  it("is empty for an empty room", () => {
    expect(presenceList([])).toEqual([]);
  });
});

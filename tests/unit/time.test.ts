import { describe, expect, it } from "vitest";
import { DEFAULT_TIME_ZONE, parseMeetingTime, toLocalInputValue } from "../../core/time";

// Europe/Rome in 2026: CET (+01:00) until 29 March 01:00 UTC, when 02:00 becomes 03:00;
// CEST (+02:00) until 25 October 01:00 UTC, when 03:00 becomes 02:00 again.
describe("reading a meeting's start time", () => {
  it("reads wall-clock times in Italy by default", () => {
    expect(DEFAULT_TIME_ZONE).toBe("Europe/Rome");
  });

  it.each([
    ["winter time", "2026-12-01T18:00", "2026-12-01T17:00:00.000Z"],
    ["summer time", "2026-07-01T12:00", "2026-07-01T10:00:00.000Z"],
    ["seconds", "2026-12-01T18:00:30", "2026-12-01T17:00:30.000Z"],
    ["fractions of a second", "2026-12-01T18:00:30.250", "2026-12-01T17:00:30.250Z"],
    ["midnight into the previous UTC day", "2026-07-01T00:30", "2026-06-30T22:30:00.000Z"],
    ["a leap day", "2028-02-29T10:00", "2028-02-29T09:00:00.000Z"],
    ["the last minute before spring forward", "2026-03-29T01:59", "2026-03-29T00:59:00.000Z"],
    ["the first minute after spring forward", "2026-03-29T03:00", "2026-03-29T01:00:00.000Z"],
    ["the last summer minute before fall back", "2026-10-25T01:59", "2026-10-24T23:59:00.000Z"],
    ["the first minute after the repeated hour", "2026-10-25T03:00", "2026-10-25T02:00:00.000Z"],
  ])("reads %s: %s is %s", (_case, input, expected) => {
    expect(parseMeetingTime(input)?.toISOString()).toBe(expected);
  });

  // A time the clocks skip is moved forward by the gap, as ECMAScript and Temporal do.
  it.each([
    ["2026-03-29T02:00", "2026-03-29T01:00:00.000Z"],
    ["2026-03-29T02:30", "2026-03-29T01:30:00.000Z"],
    ["2026-03-29T02:59", "2026-03-29T01:59:00.000Z"],
  ])(
    "moves %s, skipped by spring forward, to the same minute of summer time",
    (input, expected) => {
      expect(parseMeetingTime(input)?.toISOString()).toBe(expected);
    },
  );

  // A time the clocks show twice is the first of the two, as ECMAScript and Temporal do.
  it.each([
    ["2026-10-25T02:00", "2026-10-25T00:00:00.000Z"],
    ["2026-10-25T02:30", "2026-10-25T00:30:00.000Z"],
    ["2026-10-25T02:59", "2026-10-25T00:59:00.000Z"],
  ])("reads %s, shown twice at fall back, as the first (summer) one", (input, expected) => {
    expect(parseMeetingTime(input)?.toISOString()).toBe(expected);
  });

  it.each([
    ["Z", "2026-12-01T18:00:00Z", "2026-12-01T18:00:00.000Z"],
    ["+01:00", "2026-12-01T18:00:00+01:00", "2026-12-01T17:00:00.000Z"],
    ["-05:00", "2026-12-01T18:00:00-05:00", "2026-12-01T23:00:00.000Z"],
    [
      "an offset inside Rome's skipped hour",
      "2026-03-29T02:30:00+02:00",
      "2026-03-29T00:30:00.000Z",
    ],
    ["fractions and an offset", "2026-12-01T18:00:00.5+01:00", "2026-12-01T17:00:00.500Z"],
  ])("takes an explicit offset (%s) as given", (_case, input, expected) => {
    expect(parseMeetingTime(input)?.toISOString()).toBe(expected);
  });

  it.each([
    ["America/New_York", "2026-12-01T18:00", "2026-12-01T23:00:00.000Z"],
    ["Asia/Kolkata", "2026-12-01T18:00", "2026-12-01T12:30:00.000Z"],
    ["UTC", "2026-12-01T18:00", "2026-12-01T18:00:00.000Z"],
    ["America/New_York", "2026-03-08T02:30", "2026-03-08T07:30:00.000Z"],
    ["America/New_York", "2026-11-01T01:30", "2026-11-01T05:30:00.000Z"],
  ])("reads wall-clock time in another zone (%s): %s is %s", (zone, input, expected) => {
    expect(parseMeetingTime(input, zone)?.toISOString()).toBe(expected);
  });

  it.each([
    "",
    "garbage",
    "2026-12-01",
    "2026-02-30T10:00",
    "2026-02-29T10:00",
    "2026-13-01T10:00",
    "2026-00-10T10:00",
    "2026-12-00T10:00",
    "2026-12-01T24:00",
    "2026-12-01T18:60",
    "2026-12-01T18:00:60",
    "2026-12-01T18",
    "2026-12-01 18:00",
    "2026-12-01T18:00+01:00:00",
    "2026-12-01T18:00:00+25:00",
    "Tue, 01 Dec 2026 18:00:00 GMT",
    "1 dicembre 2026 18:00",
  ])("refuses %j", (input) => {
    expect(parseMeetingTime(input)).toBeNull();
  });
});

describe("showing an instant in a datetime-local field", () => {
  it.each([
    ["2026-12-01T17:00:00Z", "2026-12-01T18:00"],
    ["2026-07-01T10:00:00Z", "2026-07-01T12:00"],
    ["2026-12-31T23:30:00Z", "2027-01-01T00:30"],
    ["2026-12-01T17:00:59.999Z", "2026-12-01T18:00"],
    ["2026-03-29T00:59:00Z", "2026-03-29T01:59"],
    ["2026-03-29T01:00:00Z", "2026-03-29T03:00"],
    ["2026-10-25T00:30:00Z", "2026-10-25T02:30"],
    ["2026-10-25T01:30:00Z", "2026-10-25T02:30"],
  ])("shows %s as %s in Rome", (instant, expected) => {
    expect(toLocalInputValue(new Date(instant))).toBe(expected);
  });

  it("shows an instant in another zone", () => {
    expect(toLocalInputValue(new Date("2026-12-01T23:00:00Z"), "America/New_York")).toBe(
      "2026-12-01T18:00",
    );
  });

  it("reads back what it shows, every quarter hour across both changes", () => {
    for (const start of ["2026-03-28T12:00:00Z", "2026-10-24T12:00:00Z"]) {
      for (let step = 0; step < 4 * 24; step++) {
        const instant = new Date(new Date(start).getTime() + step * 15 * 60_000);
        const shown = toLocalInputValue(instant);
        const read = parseMeetingTime(shown)!;
        // The second pass through fall back's repeated hour reads as the first: one hour earlier.
        const repeated =
          instant >= new Date("2026-10-25T01:00:00Z") && instant < new Date("2026-10-25T02:00:00Z");
        expect(read.getTime(), shown).toBe(instant.getTime() - (repeated ? 3600_000 : 0));
      }
    }
  });
});

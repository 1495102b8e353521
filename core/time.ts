// Meeting times: a date-time without an offset is wall-clock time in the tavolo's zone (Italy).
export const DEFAULT_TIME_ZONE = "Europe/Rome";

// An ISO 8601 / RFC 3339 date-time, with an optional UTC offset; nothing else is a meeting time.
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})?$/;
const DAY_MS = 24 * 3600_000;

function offsetMinutes(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    get("year"),
    get("month") - 1,
    get("day"),
    get("hour"),
    get("minute"),
    get("second"),
  );
  // Intl works in whole seconds: compare against the instant without its milliseconds.
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** The offset of an ISO suffix in minutes ("Z", "+01:00"), or null when out of range. */
function suffixMinutes(suffix: string): number | null {
  if (suffix === "Z") return 0;
  const hours = Number(suffix.slice(1, 3));
  const minutes = Number(suffix.slice(4, 6));
  if (hours > 23 || minutes > 59) return null;
  return (suffix.startsWith("-") ? -1 : 1) * (hours * 60 + minutes);
}

/**
 * The instant a wall-clock time names in `timeZone`. Like ECMAScript and Temporal ("compatible"):
 * a time shown twice when clocks go back is the first of the two; a time skipped when clocks go
 * forward is moved forward by the gap (02:30 on the night of the change is 03:30 summer time).
 */
function wallClockToInstant(wall: number, timeZone: string): number {
  const before = offsetMinutes(new Date(wall - DAY_MS), timeZone);
  const after = offsetMinutes(new Date(wall + DAY_MS), timeZone);
  const matching = [...new Set([before, after])]
    .map((offset) => wall - offset * 60_000)
    .filter((instant) => offsetMinutes(new Date(instant), timeZone) * 60_000 === wall - instant)
    .sort((a, b) => a - b);
  return matching[0] ?? wall - before * 60_000;
}

/** Parses an ISO date-time; without an offset it is read as wall-clock time in `timeZone`. */
export function parseMeetingTime(value: string, timeZone = DEFAULT_TIME_ZONE): Date | null {
  const match = ISO.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, fraction, suffix] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s ?? "0"].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = fraction ? Math.floor(Number(`0.${fraction}`) * 1000) : 0;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC rolls 30 February over to March: a field out of range shows up as a changed date.
  const check = new Date(wall);
  if (
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day
  ) {
    return null;
  }
  if (suffix) {
    const offset = suffixMinutes(suffix);
    return offset === null ? null : new Date(wall - offset * 60_000);
  }
  return new Date(wallClockToInstant(wall, timeZone));
}

/** The `datetime-local` value of an instant in `timeZone`, e.g. "2026-12-01T18:00". */
export function toLocalInputValue(instant: Date, timeZone = DEFAULT_TIME_ZONE): string {
  const shifted = new Date(instant.getTime() + offsetMinutes(instant, timeZone) * 60_000);
  return shifted.toISOString().slice(0, 16);
}

// Meeting times: a date-time without an offset is wall-clock time in the tavolo's zone (Italy).
export const DEFAULT_TIME_ZONE = "Europe/Rome";

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?$/;

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
  return Math.round((asUtc - instant.getTime()) / 60_000);
}

/** Parses an ISO date-time; without an offset it is read as wall-clock time in `timeZone`. */
export function parseMeetingTime(value: string, timeZone = DEFAULT_TIME_ZONE): Date | null {
  const local = LOCAL.exec(value);
  if (!local) {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  const [, y, mo, d, h, mi, s] = local.map(Number) as number[];
  const guess = Date.UTC(y!, mo! - 1, d!, h!, mi!, s || 0);
  // Two passes settle the offset across a daylight-saving change.
  let instant = guess - offsetMinutes(new Date(guess), timeZone) * 60_000;
  instant = guess - offsetMinutes(new Date(instant), timeZone) * 60_000;
  const date = new Date(instant);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The `datetime-local` value of an instant in `timeZone`, e.g. "2026-12-01T18:00". */
export function toLocalInputValue(instant: Date, timeZone = DEFAULT_TIME_ZONE): string {
  const shifted = new Date(instant.getTime() + offsetMinutes(instant, timeZone) * 60_000);
  return shifted.toISOString().slice(0, 16);
}

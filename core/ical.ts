// A meeting as an iCalendar file (RFC 5545), so that members add it to their own calendar.
import type { Locale } from "./domain";
import { translate } from "./i18n";

/** When a meeting has no agenda, its length is a guess: two hours, a usual working table. */
export const DEFAULT_MEETING_MINUTES = 120;

const CRLF = "\r\n";
/** RFC 5545 §3.1: lines SHOULD NOT be longer than 75 octets, excluding the line break. */
const MAX_LINE_OCTETS = 75;

export interface MeetingCalendarInput {
  id: string;
  title: string;
  startsAt: Date;
  durationMinutes: number;
  place: string | null;
  onlineUrl: string | null;
  /** Plain text (the agenda, the links); line breaks are kept. */
  description: string;
  /** The meeting's page in Tavolo. */
  url: string;
  /** When the file is made (DTSTAMP). */
  now: Date;
}

/** The agenda's total minutes, or the default when there is no agenda. */
export function meetingDurationMinutes(agenda: { durationMinutes: number }[]): number {
  const total = agenda.reduce((sum, item) => sum + item.durationMinutes, 0);
  return total > 0 ? total : DEFAULT_MEETING_MINUTES;
}

/** An instant as an iCalendar UTC DATE-TIME: 20261201T170000Z. */
export function icalDateTime(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError("not a valid date");
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}

/** TEXT escaping (§3.3.11): backslash, semicolon, comma and line breaks; controls dropped. */
export function escapeText(value: string): string {
  return value
    .replace(/\r\n?/g, "\n")
    .replace(/[\p{Cc}]/gu, (c) => (c === "\n" || c === "\t" ? c : ""))
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\n/g, "\\n");
}

/** A URI value is not escaped, but a line break in it would end the property early. */
function uriValue(value: string): string {
  return value.replace(/[\p{Cc}\s]/gu, "");
}

/**
 * Folds a content line at 75 octets (§3.1): continuation lines start with one space, which counts
 * towards their 75. Cuts fall between characters, never inside a UTF-8 sequence.
 */
export function foldLine(line: string): string {
  const encoder = new TextEncoder();
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    const limit = parts.length === 0 ? MAX_LINE_OCTETS : MAX_LINE_OCTETS - 1;
    if (octets + size > limit) {
      parts.push(current);
      current = "";
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

export function meetingCalendar(input: MeetingCalendarInput): string {
  const ends = new Date(input.startsAt.getTime() + input.durationMinutes * 60_000);
  const location = input.place?.trim() || input.onlineUrl?.trim() || null;
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Tavolo//IT",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    "BEGIN:VEVENT",
    `UID:${escapeText(input.id)}@tavolo`,
    `DTSTAMP:${icalDateTime(input.now)}`,
    `DTSTART:${icalDateTime(input.startsAt)}`,
    `DTEND:${icalDateTime(ends)}`,
    `SUMMARY:${escapeText(input.title)}`,
    ...(location ? [`LOCATION:${escapeText(location)}`] : []),
    `URL:${uriValue(input.url)}`,
    ...(input.description.trim() ? [`DESCRIPTION:${escapeText(input.description.trim())}`] : []),
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}

/** The event's description: the agenda, then the video call and the meeting's page. */
export function meetingDescription(
  meeting: { agenda: { title: string; durationMinutes: number }[]; onlineUrl: string | null },
  pageUrl: string,
  locale: Locale,
): string {
  const lines: string[] = [];
  if (meeting.agenda.length > 0) {
    lines.push(translate(locale, "calendar.agenda"));
    meeting.agenda.forEach((item, i) =>
      lines.push(
        translate(locale, "calendar.agenda_item", {
          position: i + 1,
          title: item.title,
          minutes: item.durationMinutes,
        }),
      ),
    );
    lines.push("");
  }
  if (meeting.onlineUrl)
    lines.push(translate(locale, "calendar.online", { url: meeting.onlineUrl }));
  lines.push(translate(locale, "calendar.page", { url: pageUrl }));
  return lines.join("\n");
}

/** A file name from the title: lowercase ASCII words joined by dashes, "incontro" when none. */
export function calendarFileName(title: string): string {
  const slug = title
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return `${slug || "incontro"}.ics`;
}

import { describe, expect, it } from "vitest";
import {
  calendarFileName,
  escapeText,
  foldLine,
  icalDateTime,
  meetingCalendar,
  meetingDescription,
  meetingDurationMinutes,
} from "../../core/ical";

const octets = (line: string) => new TextEncoder().encode(line).length;
const unfold = (ics: string) => ics.replace(/\r\n /g, "");

const MEETING = {
  id: "5b0c7c58-3c1e-4a52-9d51-1e0c8c0d9a11",
  title: "Laboratorio: patto educativo, prima sessione",
  startsAt: new Date("2026-12-01T17:00:00Z"),
  durationMinutes: 105,
  place: "Sala consiliare; Comune di Chieri",
  onlineUrl: "https://meet.example.org/tavolo-chieri",
  description: "Ordine del giorno:\n1. Accoglienza (15 min)",
  url: "https://tavolo.example.org/meetings/5b0c7c58-3c1e-4a52-9d51-1e0c8c0d9a11",
  now: new Date("2026-11-20T08:30:05.123Z"),
};

describe("a meeting's calendar file", () => {
  const ics = meetingCalendar(MEETING);

  it("is a VCALENDAR with one VEVENT, CRLF line endings and the Tavolo PRODID", () => {
    expect(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tavolo//IT\r\n")).toBe(true);
    expect(ics.endsWith("END:VEVENT\r\nEND:VCALENDAR\r\n")).toBe(true);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(1);
  });

  it("has times in UTC, the end after the duration, a stamp and a stable UID", () => {
    const lines = unfold(ics).split("\r\n");
    expect(lines).toContain("DTSTART:20261201T170000Z");
    expect(lines).toContain("DTEND:20261201T184500Z");
    expect(lines).toContain("DTSTAMP:20261120T083005Z");
    expect(lines).toContain(`UID:${MEETING.id}@tavolo`);
  });

  it("escapes text fields and keeps the URL as it is", () => {
    const lines = unfold(ics).split("\r\n");
    expect(lines).toContain("SUMMARY:Laboratorio: patto educativo\\, prima sessione");
    expect(lines).toContain("LOCATION:Sala consiliare\\; Comune di Chieri");
    expect(lines).toContain(`URL:${MEETING.url}`);
    expect(lines).toContain("DESCRIPTION:Ordine del giorno:\\n1. Accoglienza (15 min)");
  });

  it("uses the video link as the location when there is no place", () => {
    const online = unfold(meetingCalendar({ ...MEETING, place: null }));
    expect(online).toContain("\r\nLOCATION:https://meet.example.org/tavolo-chieri\r\n");
    const nowhere = meetingCalendar({ ...MEETING, place: null, onlineUrl: null });
    expect(nowhere).not.toContain("LOCATION");
  });

  it("folds every line to at most 75 octets without splitting a character", () => {
    const long = meetingCalendar({
      ...MEETING,
      title: "Perché è così? ".repeat(20) + "😀".repeat(30),
      description: "àèìòù€".repeat(60),
    });
    for (const line of long.split("\r\n")) {
      expect(octets(line)).toBeLessThanOrEqual(75);
      expect(line).not.toContain("\uFFFD");
    }
    expect(unfold(long)).toContain(
      `SUMMARY:${escapeText("Perché è così? ".repeat(20) + "😀".repeat(30))}`,
    );
  });
});

describe("folding a content line", () => {
  it.each([
    ["short", "SUMMARY:ciao", ["SUMMARY:ciao"]],
    ["exactly 75 octets", "x".repeat(75), ["x".repeat(75)]],
    ["76 octets", "x".repeat(76), ["x".repeat(75), " x"]],
    ["two-byte characters at the edge", "x".repeat(74) + "è", ["x".repeat(74), " è"]],
  ])("%s", (_, line, parts) => {
    expect(foldLine(line).split("\r\n")).toEqual(parts);
  });

  it("gives continuation lines 74 octets after their space", () => {
    const parts = foldLine("y".repeat(300)).split("\r\n");
    expect(parts.map(octets)).toEqual([75, 75, 75, 75, 4]);
  });
});

describe("escaping text", () => {
  it.each([
    ["a,b", "a\\,b"],
    ["a;b", "a\\;b"],
    ["a\\b", "a\\\\b"],
    ["a\nb", "a\\nb"],
    ["a\r\nb", "a\\nb"],
    ["a\u0007b", "ab"],
  ])("%j as %j", (text, escaped) => {
    expect(escapeText(text)).toBe(escaped);
  });
});

describe("the pieces of a calendar file", () => {
  it("lasts the agenda's total, or two hours without an agenda", () => {
    expect(meetingDurationMinutes([{ durationMinutes: 15 }, { durationMinutes: 40 }])).toBe(55);
    expect(meetingDurationMinutes([])).toBe(120);
  });

  it("writes a UTC date-time without milliseconds", () => {
    expect(icalDateTime(new Date("2026-03-29T00:59:59.999Z"))).toBe("20260329T005959Z");
  });

  it("describes the agenda, the video call and the page in the reader's language", () => {
    const meeting = {
      agenda: [{ title: "Accoglienza", durationMinutes: 15 }],
      onlineUrl: "https://meet.example.org/x",
    };
    expect(meetingDescription(meeting, "https://t.example/meetings/1", "en")).toBe(
      "Agenda:\n1. Accoglienza (15 min)\n\nVideo call: https://meet.example.org/x\nMeeting page: https://t.example/meetings/1",
    );
    expect(meetingDescription({ agenda: [], onlineUrl: null }, "https://t.example/m", "it")).toBe(
      "Pagina dell'incontro: https://t.example/m",
    );
  });

  it.each([
    ["Primo laboratorio", "primo-laboratorio.ics"],
    ["Perché è così? Sì!", "perche-e-cosi-si.ics"],
    ["—", "incontro.ics"],
    ["a".repeat(100), `${"a".repeat(60)}.ics`],
  ])("names the file for %j", (title, name) => {
    expect(calendarFileName(title)).toBe(name);
  });
});

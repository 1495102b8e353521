import { execFileSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCALE_COOKIE, SESSION_COOKIE } from "../../core/cookies";
import { ROOT } from "../../server/create-server";
import { startTestApp, type TestApp } from "../support/app";
import { testDbKind } from "../support/test-db";

const PASSWORD = "una-password-lunga";
const TITLE = "Laboratorio del patto educativo: città, scuole e famiglie insieme — prima sessione";
const AGENDA = [
  { title: "Accoglienza, presentazioni; regole del tavolo", durationMinutes: 15 },
  { title: "Raccolta dei contributi", durationMinutes: 40 },
  { title: "Votazione delle priorità", durationMinutes: 20 },
];

const octets = (line: string) => new TextEncoder().encode(line).length;
const unfold = (ics: string) => ics.replace(/\r\n /g, "");

describe(`the meeting calendar file on ${testDbKind()}`, () => {
  let app: TestApp;
  let cookie: string;
  let outsiderCookie: string;
  let meetingId: string;
  let bareMeetingId: string;

  async function signedIn(email: string, name: string) {
    const actor = await app.services.accounts.createUser({ email, name, password: PASSWORD });
    const session = await app.services.accounts.logIn({ email, password: PASSWORD }, null);
    return { actor, cookie: `${SESSION_COOKIE}=${session.token}` };
  }

  const get = (id: string, withCookie: string | null) =>
    fetch(`${app.url}/meetings/${id}/calendar.ics`, {
      headers: withCookie ? { cookie: withCookie } : {},
      redirect: "manual",
    });

  beforeAll(async () => {
    // Pages are served from the Remix build; make sure it exists and is current.
    execFileSync(process.execPath, [path.join(ROOT, "scripts/ensure-build.mjs")], {
      cwd: ROOT,
      stdio: "ignore",
    });
    app = await startTestApp();
    const facilitator = await signedIn("facilitatrice@example.it", "Giulia Ferraris");
    cookie = facilitator.cookie;
    outsiderCookie = (await signedIn("estraneo@example.it", "Mario Rossi")).cookie;
    const roundtable = await app.services.roundtables.create(facilitator.actor, {
      name: "Tavolo educativo",
      territory: "Chieri",
    });
    const meeting = await app.services.meetings.create(facilitator.actor, roundtable.id, {
      title: TITLE,
      kind: "workshop",
      startsAt: "2026-12-01T18:00",
      place: "Sala consiliare, via Vittorio Emanuele 1",
      onlineUrl: "https://meet.example.org/patto-chieri",
      agenda: AGENDA,
    });
    meetingId = meeting.id;
    const bare = await app.services.meetings.create(facilitator.actor, roundtable.id, {
      title: "Ascolto",
      kind: "listening",
      startsAt: "2026-07-01T09:30",
      onlineUrl: "https://meet.example.org/ascolto",
    });
    bareMeetingId = bare.id;
  }, 300_000);

  afterAll(async () => {
    await app?.close();
  });

  it("answers a member with an iCalendar attachment named after the title", async () => {
    const response = await get(meetingId, cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="laboratorio-del-patto-educativo-citta-scuole-e-famiglie-insi.ics"',
    );
    const ics = await response.text();
    expect(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tavolo//IT\r\n")).toBe(true);
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
  });

  it("folds its lines at 75 octets with CRLF, never splitting a character", async () => {
    const ics = await (await get(meetingId, cookie)).text();
    const lines = ics.split("\r\n");
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    expect(lines.some((line) => line.startsWith(" "))).toBe(true);
    for (const line of lines) expect(octets(line)).toBeLessThanOrEqual(75);
    expect(ics).not.toContain("\uFFFD");
  });

  it("gives the time in UTC, lasting the agenda, with place, page and agenda", async () => {
    const lines = unfold(await (await get(meetingId, cookie)).text()).split("\r\n");
    // 18:00 in Rome in December is 17:00 UTC; the agenda lasts 75 minutes.
    expect(lines).toContain("DTSTART:20261201T170000Z");
    expect(lines).toContain("DTEND:20261201T181500Z");
    expect(lines.some((line) => /^DTSTAMP:\d{8}T\d{6}Z$/.test(line))).toBe(true);
    expect(lines).toContain(`UID:${meetingId}@tavolo`);
    expect(lines).toContain(
      "SUMMARY:Laboratorio del patto educativo: città\\, scuole e famiglie insieme — prima sessione",
    );
    expect(lines).toContain("LOCATION:Sala consiliare\\, via Vittorio Emanuele 1");
    expect(lines).toContain(`URL:${app.url}/meetings/${meetingId}`);
    const description = lines.find((line) => line.startsWith("DESCRIPTION:"));
    expect(description).toBe(
      "DESCRIPTION:Ordine del giorno:\\n" +
        "1. Accoglienza\\, presentazioni\\; regole del tavolo (15 min)\\n" +
        "2. Raccolta dei contributi (40 min)\\n" +
        "3. Votazione delle priorità (20 min)\\n\\n" +
        "Videochiamata: https://meet.example.org/patto-chieri\\n" +
        `Pagina dell'incontro: ${app.url}/meetings/${meetingId}`,
    );
  });

  it("lasts two hours without an agenda and puts the video link as the location", async () => {
    const lines = unfold(await (await get(bareMeetingId, cookie)).text()).split("\r\n");
    // 9:30 in Rome in July is 7:30 UTC.
    expect(lines).toContain("DTSTART:20260701T073000Z");
    expect(lines).toContain("DTEND:20260701T093000Z");
    expect(lines).toContain("LOCATION:https://meet.example.org/ascolto");
  });

  it("is in English for someone who chose English", async () => {
    const ics = unfold(await (await get(meetingId, `${cookie}; ${LOCALE_COOKIE}=en`)).text());
    expect(ics).toContain("DESCRIPTION:Agenda:\\n");
  });

  it("sends someone not signed in to the login page", async () => {
    const response = await get(meetingId, null);
    expect([302, 303]).toContain(response.status);
    expect(response.headers.get("location")).toBe(
      `/login?redirectTo=${encodeURIComponent(`/meetings/${meetingId}/calendar.ics`)}`,
    );
  });

  it("is not found for someone outside the tavolo, or for a meeting that does not exist", async () => {
    expect((await get(meetingId, outsiderCookie)).status).toBe(404);
    expect((await get("00000000-0000-4000-8000-000000000000", cookie)).status).toBe(404);
    expect((await get("not-an-id", cookie)).status).toBe(404);
  });
});

import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../db/create-db";
import type { MemberRole } from "../../core/domain";
import { isAppError, type AppError } from "../../core/errors";
import { createServices, type Actor, type Services } from "../../server/services";
import { resetTestDb, testDbKind } from "../support/test-db";

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => expect.fail("expected the call to fail"),
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw error;
  return error;
}

const AGENDA = [
  { title: "Accoglienza e presentazione del tavolo", durationMinutes: 15 },
  { title: "Raccolta dei contributi", durationMinutes: 40 },
  { title: "Raggruppamento e obiettivi", durationMinutes: 30 },
  { title: "Votazione delle priorità", durationMinutes: 20 },
];

describe(`meetings on ${testDbKind()}`, () => {
  let db: Db;
  let services: Services;
  let facilitator: Actor;
  let roundtableId: string;
  let people = 0;

  async function person(): Promise<Actor> {
    people += 1;
    return services.accounts.createUser({
      email: `incontri${people}@example.it`,
      name: `Persona ${people}`,
      password: "una-password-lunga",
    });
  }

  async function joined(role: MemberRole) {
    const actor = await person();
    const { token } = await services.roundtables.createInvite(facilitator, roundtableId, { role });
    await services.roundtables.acceptInvite(actor, token);
    return actor;
  }

  const meeting = (input: Record<string, unknown> = {}) => ({
    title: "Primo laboratorio",
    kind: "workshop",
    startsAt: "2026-12-01T18:00",
    ...input,
  });

  beforeEach(async () => {
    db = await resetTestDb();
    services = createServices(db);
    facilitator = await person();
    roundtableId = (
      await services.roundtables.create(facilitator, { name: "Tavolo", territory: "Chieri" })
    ).id;
  });

  it("keeps the agenda in the order given, positions counting from zero", async () => {
    const created = await services.meetings.create(
      facilitator,
      roundtableId,
      meeting({ agenda: AGENDA }),
    );
    expect(created.agenda.map((item) => [item.position, item.title, item.durationMinutes])).toEqual(
      AGENDA.map((item, i) => [i, item.title, item.durationMinutes]),
    );
    const read = await services.meetings.get(facilitator, created.id);
    expect(read.agenda).toEqual(created.agenda);
    const [listed] = await services.meetings.list(facilitator, roundtableId);
    expect(listed!.agenda).toEqual(created.agenda);
  });

  it("keeps the order of a long agenda whose items were inserted together", async () => {
    const agenda = Array.from({ length: 50 }, (_, i) => ({
      title: `Punto ${50 - i}`,
      durationMinutes: (i % 9) + 1,
    }));
    const created = await services.meetings.create(facilitator, roundtableId, meeting({ agenda }));
    const read = await services.meetings.get(facilitator, created.id);
    expect(read.agenda.map((item) => item.title)).toEqual(agenda.map((item) => item.title));
  });

  it("starts in draft, with a board named after it, recorded in the audit log", async () => {
    const created = await services.meetings.create(
      facilitator,
      roundtableId,
      meeting({ place: "Biblioteca civica", onlineUrl: "https://meet.example.org/t" }),
    );
    expect(created).toMatchObject({
      roundtableId,
      phase: "draft",
      kind: "workshop",
      place: "Biblioteca civica",
      onlineUrl: "https://meet.example.org/t",
      boardDoc: `board:${created.id}`,
      agenda: [],
    });
    const events = await db
      .selectFrom("audit_events")
      .select(["action", "subject_id"])
      .where("action", "=", "meeting.created")
      .execute();
    expect(events).toEqual([{ action: "meeting.created", subject_id: created.id }]);
  });

  it.each([
    ["winter, no offset: Italian time", "2026-12-01T18:00", "2026-12-01T17:00:00.000Z"],
    ["summer, no offset: Italian summer time", "2026-07-01T18:00", "2026-07-01T16:00:00.000Z"],
    ["an explicit UTC time", "2026-12-01T18:00:00Z", "2026-12-01T18:00:00.000Z"],
    ["an explicit offset", "2026-12-01T18:00:00-05:00", "2026-12-01T23:00:00.000Z"],
    ["the night clocks go forward", "2026-03-29T02:30", "2026-03-29T01:30:00.000Z"],
  ])("reads %s", async (_case, startsAt, expected) => {
    const created = await services.meetings.create(
      facilitator,
      roundtableId,
      meeting({ startsAt }),
    );
    expect(created.startsAt.toISOString()).toBe(expected);
    expect((await services.meetings.get(facilitator, created.id)).startsAt.toISOString()).toBe(
      expected,
    );
  });

  it("lists a tavolo's meetings, latest start first", async () => {
    for (const startsAt of ["2026-05-01T10:00", "2026-12-01T10:00", "2026-09-01T10:00"]) {
      await services.meetings.create(
        facilitator,
        roundtableId,
        meeting({ title: startsAt, startsAt }),
      );
    }
    const listed = await services.meetings.list(facilitator, roundtableId);
    expect(listed.map((m) => m.title)).toEqual([
      "2026-12-01T10:00",
      "2026-09-01T10:00",
      "2026-05-01T10:00",
    ]);
  });

  it.each([
    [{ title: "" }, { title: "validation.required" }],
    [{ kind: "party" }, { kind: "validation.choice" }],
    [{ startsAt: "domani alle 18" }, { startsAt: "validation.datetime" }],
    [{ startsAt: "2026-02-30T18:00" }, { startsAt: "validation.datetime" }],
    [{ onlineUrl: "javascript:alert(1)" }, { onlineUrl: "validation.url" }],
    [
      {
        agenda: [
          { title: "Ok", durationMinutes: 10 },
          { title: "Lungo", durationMinutes: 0 },
        ],
      },
      { "agenda.1.durationMinutes": "validation.duration" },
    ],
    [
      { agenda: [{ title: "", durationMinutes: "dieci" }] },
      { "agenda.0.title": "validation.required", "agenda.0.durationMinutes": "validation.number" },
    ],
    [{ agenda: "no" }, { agenda: "validation.invalid" }],
  ])("refuses %j naming the field", async (change, fields) => {
    const error = await failure(
      services.meetings.create(facilitator, roundtableId, meeting(change)),
    );
    expect(error.code).toBe("invalid");
    expect(error.fields).toEqual(fields);
    expect(await db.selectFrom("meetings").select("id").execute()).toEqual([]);
  });

  it("lets a secretary create meetings, but not a member or an observer", async () => {
    const secretary = await joined("secretary");
    await services.meetings.create(secretary, roundtableId, meeting());
    for (const role of ["member", "observer"] as const) {
      const someone = await joined(role);
      const error = await failure(services.meetings.create(someone, roundtableId, meeting()));
      expect(error.code).toBe("forbidden");
    }
  });

  it("lets every member read meetings, and hides them from outsiders", async () => {
    const created = await services.meetings.create(facilitator, roundtableId, meeting());
    const observer = await joined("observer");
    expect((await services.meetings.get(observer, created.id)).id).toBe(created.id);
    expect(await services.meetings.list(observer, roundtableId)).toHaveLength(1);

    const outsider = await person();
    expect((await failure(services.meetings.get(outsider, created.id))).code).toBe("not_found");
    expect((await failure(services.meetings.list(outsider, roundtableId))).code).toBe("not_found");
    expect((await failure(services.meetings.create(outsider, roundtableId, meeting()))).code).toBe(
      "not_found",
    );
  });

  it.each([
    ["an unknown id", "9b2d4f0e-8f3a-4c1e-9a7b-0c5d6e7f8a9b"],
    ["a malformed id", "123"],
    ["a board name", "board:9b2d4f0e-8f3a-4c1e-9a7b-0c5d6e7f8a9b"],
  ])("gives not_found for a meeting with %s", async (_case, id) => {
    expect((await failure(services.meetings.get(facilitator, id))).code).toBe("not_found");
  });

  it("leaves no meeting behind when its agenda cannot be stored", async () => {
    const error = await failure(
      services.meetings.create(
        facilitator,
        roundtableId,
        meeting({ agenda: [{ title: "x".repeat(161), durationMinutes: 5 }] }),
      ),
    );
    expect(error.fields).toEqual({ "agenda.0.title": "validation.too_long" });
    expect(await db.selectFrom("meetings").select("id").execute()).toEqual([]);
  });
});

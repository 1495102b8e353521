// Live commands through the service, as two instances on one database would run them: each keeps
// the state it last wrote, and a change made meanwhile by the other is noticed, never lost.
import { beforeEach, describe, expect, it } from "vitest";
import { createServices, type Actor, type Services } from "../../server/services";
import type { Db } from "../../db/create-db";
import { resetTestDb, testDbKind } from "../support/test-db";

describe(`live commands across instances on ${testDbKind()}`, () => {
  let db: Db;
  let a: Services;
  let b: Services;
  let chair: Actor;
  let meetingId: string;
  /** The agenda's step ids: listening, then priorities. */
  let listening: string;
  let priorities: string;

  beforeEach(async () => {
    db = await resetTestDb();
    a = createServices(db);
    b = createServices(db);
    chair = await a.accounts.createUser({
      email: `chair-${Date.now()}@example.it`,
      name: "Franca",
      password: "una-password-lunga",
    });
    const roundtable = await a.roundtables.create(chair, { name: "Tavolo", territory: "Chieri" });
    const meeting = await a.meetings.create(chair, roundtable.id, {
      title: "Laboratorio",
      kind: "workshop",
      startsAt: "2026-12-01T18:00",
      agenda: [
        { title: "Ascolto", durationMinutes: 30 },
        { title: "Priorità", durationMinutes: 15, writing: false, voting: true, editing: false },
      ],
    });
    meetingId = meeting.id;
    [listening, priorities] = meeting.agenda.map((item) => item.id) as [string, string];
  });

  it("applies each command on the latest state, whichever instance wrote it", async () => {
    await a.live.run(chair, meetingId, { type: "meeting.start" });
    await b.live.run(chair, meetingId, { type: "board.lock", locked: true });
    // A still remembers version 1: its write must notice version 2 and apply on top of it.
    const third = await a.live.run(chair, meetingId, { type: "writing.private", enabled: true });
    expect(third.state).toMatchObject({ version: 3, boardLocked: true, privateWriting: true });
    const fourth = await b.live.run(chair, meetingId, { type: "step.set", stepId: priorities });
    expect(fourth.state).toMatchObject({
      version: 4,
      step: { id: priorities, voting: true },
      privateWriting: true,
    });
    const stored = await db
      .selectFrom("meeting_live_state")
      .select("step")
      .where("meeting_id", "=", meetingId)
      .executeTakeFirstOrThrow();
    expect(stored.step).toMatchObject({ id: priorities, title: "Priorità" });
    expect((await a.live.view(chair, meetingId)).state).toEqual(fourth.state);
  });

  it("refuses a command that no longer fits the state another instance left", async () => {
    await a.live.run(chair, meetingId, { type: "meeting.start" });
    await a.live.run(chair, meetingId, { type: "timer.start", durationMs: 60_000 });
    await b.live.run(chair, meetingId, { type: "timer.pause" });
    // A remembers a running timer; the database says paused: resuming is right, pausing is not.
    await expect(a.live.run(chair, meetingId, { type: "timer.pause" })).rejects.toMatchObject({
      code: "conflict",
    });
    const resumed = await a.live.run(chair, meetingId, { type: "timer.resume" });
    expect(resumed.state.timer.kind).toBe("running");
    expect(resumed.state.version).toBe(4);
  });

  it("honours expectedVersion against the database, not a remembered state", async () => {
    await a.live.run(chair, meetingId, { type: "meeting.start" });
    await b.live.run(chair, meetingId, { type: "board.lock", locked: true });
    await expect(
      a.live.run(chair, meetingId, { type: "board.lock", locked: false }, 1),
    ).rejects.toMatchObject({ code: "conflict" });
    const ok = await a.live.run(chair, meetingId, { type: "board.lock", locked: false }, 2);
    expect(ok.state).toMatchObject({ version: 3, boardLocked: false });
  });

  it("records starts, closes and step moves in the audit log with the change", async () => {
    await a.live.run(chair, meetingId, { type: "meeting.start" });
    await a.live.run(chair, meetingId, { type: "board.lock", locked: true });
    await b.live.run(chair, meetingId, { type: "step.set", stepId: priorities });
    await a.live.run(chair, meetingId, { type: "meeting.close" });
    const events = await db
      .selectFrom("audit_events")
      .select(["action", "actor_user_id", "subject_id", "detail"])
      .where("action", "=", "meeting.live_changed")
      .execute();
    const version = (e: (typeof events)[number]) => (e.detail as { version: number }).version;
    events.sort((x, y) => version(x) - version(y));
    expect(events.map((e) => e.detail)).toEqual([
      {
        command: "meeting.start",
        version: 1,
        phase: "open",
        step: { id: listening, title: "Ascolto" },
      },
      {
        command: "step.set",
        version: 3,
        phase: "open",
        step: { id: priorities, title: "Priorità" },
      },
      { command: "meeting.close", version: 4, phase: "closed" },
    ]);
    for (const e of events) {
      expect(e.actor_user_id).toBe(chair.userId);
      expect(e.subject_id).toBe(meetingId);
    }
  });
});

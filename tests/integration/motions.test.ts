// Motions over the API and /live (issue 7): approval per organisation or per member with quorum and
// majorities, consent with objections, dot votes on a meeting's objectives; secret ballots that name
// no one, results hidden until the close, closed motions that nothing can change, and a passed
// motion that marks its version agreed.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import * as Y from "yjs";
import type { Socket } from "socket.io-client";
import { createObjective } from "../../core/sensemaking";
import { motionOutput, type MotionChangedMessage, type MotionView } from "../../core/motions";
import type { MemberRole } from "../../core/domain";
import { api, startTestApp, userWithToken, type TestApp } from "../support/app";
import { connectLive, type LiveClient } from "../support/live";
import { pactTavolo } from "../support/pact-api";
import { testDbKind } from "../support/test-db";

type User = Awaited<ReturnType<typeof userWithToken>>;

describe(`motions on ${testDbKind()}`, () => {
  let app: TestApp;
  let sockets: LiveClient[];

  beforeAll(async () => {
    app = await startTestApp();
    sockets = [];
  });
  afterEach(() => {
    for (const socket of sockets) socket.disconnect();
    sockets = [];
  });
  afterAll(() => app.close());

  /** A tavolo with a pact, a saved version of it, and a way to add people and organisations. */
  async function fixture() {
    const tavolo = await pactTavolo(app);
    const pact = await tavolo.pact();
    const version = await api(app, tavolo.chair.token, "POST", `/pacts/${pact.id}/versions`, {
      label: "Prima stesura",
    });
    expect(version.status, version.text).toBe(201);
    async function organization(name: string) {
      const created = await api(
        app,
        tavolo.chair.token,
        "POST",
        `/roundtables/${tavolo.roundtableId}/organizations`,
        { name, kind: "other" },
      );
      expect(created.status, created.text).toBe(201);
      return created.json.id as string;
    }
    async function person(role: MemberRole, name: string, organizationId: string | null = null) {
      const user = await userWithToken(app.services, name);
      await app.db
        .insertInto("roundtable_members")
        .values({
          roundtable_id: tavolo.roundtableId,
          user_id: user.actor.userId,
          role,
          organization_id: organizationId,
        })
        .execute();
      return user;
    }
    return {
      ...tavolo,
      pactId: pact.id,
      versionId: version.json.id as string,
      organization,
      person,
    };
  }
  type Fixture = Awaited<ReturnType<typeof fixture>>;

  async function open(f: Fixture, body: Record<string, unknown>, token = f.chair.token) {
    const opened = await api(app, token, "POST", `/pacts/${f.pactId}/motions`, {
      title: "Approvazione della prima stesura",
      target: { versionId: f.versionId },
      method: "approval",
      votingUnit: "member",
      ...body,
    });
    expect(opened.status, opened.text).toBe(201);
    return motionOutput.strict().parse(opened.json);
  }

  const vote = (user: User, motionId: string, ballot: Record<string, unknown>) =>
    api(app, user.token, "POST", `/motions/${motionId}/ballots`, ballot);

  async function voted(user: User, motionId: string, ballot: Record<string, unknown>) {
    const response = await vote(user, motionId, ballot);
    expect(response.status, response.text).toBe(201);
    return response.json as MotionView;
  }

  async function close(f: Fixture, motionId: string, token = f.chair.token) {
    const closed = await api(app, token, "POST", `/motions/${motionId}/close`, {});
    expect(closed.status, closed.text).toBe(200);
    return motionOutput.strict().parse(closed.json);
  }

  const read = async (user: User, motionId: string) => {
    const response = await api(app, user.token, "GET", `/motions/${motionId}`);
    expect(response.status, response.text).toBe(200);
    return motionOutput.strict().parse(response.json);
  };

  async function versionOf(f: Fixture) {
    return app.db
      .selectFrom("pact_versions")
      .select(["agreed_at", "agreed_motion_id"])
      .where("id", "=", f.versionId)
      .executeTakeFirstOrThrow();
  }

  describe("approval", () => {
    it("passes with one vote per organisation from three organisations, and marks the version agreed", async () => {
      const f = await fixture();
      const voters: User[] = [];
      for (const name of ["Comune di Chieri", "Istituto comprensivo", "Consorzio dei servizi"]) {
        voters.push(await f.person("member", `Rappresentante ${name}`, await f.organization(name)));
      }
      const motion = await open(f, { votingUnit: "organization", quorum: 50 });
      expect(motion).toMatchObject({
        status: "open",
        outcome: null,
        target: { kind: "version", versionId: f.versionId, agreedAt: null },
        participation: { entitled: 3, participants: 0 },
      });
      for (const voter of voters) await voted(voter, motion.id, { choice: "yes" });

      const closed = await close(f, motion.id);
      expect(closed).toMatchObject({
        status: "closed",
        outcome: "passed",
        results: {
          method: "approval",
          entitled: 3,
          participants: 3,
          yes: 3,
          no: 0,
          abstain: 0,
          quorumReached: true,
        },
        target: { kind: "version", agreedAt: expect.any(String) },
      });
      expect(closed.ballots?.map((b) => b.organizationName).sort()).toEqual([
        "Comune di Chieri",
        "Consorzio dei servizi",
        "Istituto comprensivo",
      ]);
      expect(await versionOf(f)).toMatchObject({
        agreed_at: expect.any(Date),
        agreed_motion_id: motion.id,
      });
      const versions = await api(app, f.chair.token, "GET", `/pacts/${f.pactId}/versions`);
      expect(versions.json.versions[0].agreedAt).toBe(
        closed.target.kind === "version" && closed.target.agreedAt,
      );
    });

    it("counts an organisation's first ballot: a colleague cannot vote again, the voter may change it", async () => {
      const f = await fixture();
      const school = await f.organization("Istituto comprensivo");
      const first = await f.person("member", "Prima docente", school);
      const second = await f.person("member", "Seconda docente", school);
      const motion = await open(f, { votingUnit: "organization" });

      await voted(first, motion.id, { choice: "no" });
      const again = await vote(second, motion.id, { choice: "yes" });
      expect(again.status, again.text).toBe(409);
      expect(again.json.error).toMatchObject({
        code: "conflict",
        message: "Your organisation has already voted in this motion.",
      });
      expect((await read(second, motion.id)).me).toEqual({
        mayManage: false,
        mayVote: false,
        mayObject: false,
        voted: true,
        ballot: null,
      });

      const changed = await voted(first, motion.id, { choice: "yes" });
      expect(changed.me).toMatchObject({ voted: true, mayVote: true, ballot: { choice: "yes" } });
      expect(changed.results).toMatchObject({ yes: 1, no: 0, participants: 1, entitled: 1 });
    });

    it("refuses a member who represents no organisation when the vote is per organisation", async () => {
      const f = await fixture();
      const loose = await f.person("member", "Senza ente");
      const motion = await open(f, { votingUnit: "organization" });
      const refused = await vote(loose, motion.id, { choice: "yes" });
      expect(refused.status).toBe(403);
      expect(refused.json.error.code).toBe("forbidden");
    });

    it("decides by two thirds, absolute majority and quorum", async () => {
      const f = await fixture();
      // Entitled per member: the facilitator and four members.
      const members = [];
      for (const name of ["Anna", "Bruno", "Carla", "Dario"]) {
        members.push(await f.person("member", name));
      }
      await f.person("observer", "Osservatrice");

      const twoThirds = await open(f, { majority: "two_thirds" });
      await voted(members[0]!, twoThirds.id, { choice: "yes" });
      await voted(members[1]!, twoThirds.id, { choice: "yes" });
      await voted(members[2]!, twoThirds.id, { choice: "no" });
      expect(await close(f, twoThirds.id)).toMatchObject({
        outcome: "passed",
        results: { entitled: 5, participants: 3, yes: 2, no: 1 },
      });

      const twoThirdsShort = await open(f, { majority: "two_thirds" });
      await voted(members[0]!, twoThirdsShort.id, { choice: "yes" });
      await voted(members[1]!, twoThirdsShort.id, { choice: "yes" });
      await voted(members[2]!, twoThirdsShort.id, { choice: "no" });
      await voted(members[3]!, twoThirdsShort.id, { choice: "abstain" });
      expect((await close(f, twoThirdsShort.id)).outcome).toBe("rejected");

      const absolute = await open(f, { majority: "absolute" });
      await voted(members[0]!, absolute.id, { choice: "yes" });
      await voted(members[1]!, absolute.id, { choice: "yes" });
      expect(await close(f, absolute.id)).toMatchObject({
        outcome: "rejected",
        results: { yes: 2, no: 0, entitled: 5 },
      });

      const absoluteCarried = await open(f, { majority: "absolute" });
      for (const member of members.slice(0, 3)) {
        await voted(member, absoluteCarried.id, { choice: "yes" });
      }
      expect((await close(f, absoluteCarried.id)).outcome).toBe("passed");

      // 60% of 5 is 3: two voters are not enough, three are.
      const quorum = await open(f, { quorum: 60 });
      await voted(members[0]!, quorum.id, { choice: "yes" });
      await voted(members[1]!, quorum.id, { choice: "yes" });
      expect(await close(f, quorum.id)).toMatchObject({
        outcome: "no_quorum",
        results: { quorumReached: false, participants: 2 },
      });
      const quorumMet = await open(f, { quorum: 60 });
      await voted(members[0]!, quorumMet.id, { choice: "yes" });
      await voted(members[1]!, quorumMet.id, { choice: "no" });
      await voted(members[2]!, quorumMet.id, { choice: "abstain" });
      expect(await close(f, quorumMet.id)).toMatchObject({
        outcome: "rejected",
        results: { quorumReached: true, participants: 3 },
      });
    });

    it("keeps one open motion per version at a time", async () => {
      const f = await fixture();
      const first = await open(f, {});
      const second = await api(app, f.chair.token, "POST", `/pacts/${f.pactId}/motions`, {
        title: "Di nuovo",
        target: { versionId: f.versionId },
        method: "consent",
        votingUnit: "member",
      });
      expect(second.status, second.text).toBe(409);
      expect(second.json.error.code).toBe("conflict");
      await close(f, first.id);
      await open(f, { method: "consent" });
    });
  });

  describe("a text over its limits", () => {
    const EXPERIENCE = "Esperienza pregressa in relazione agli obiettivi progettuali";

    it("cannot go to a vote, as a version or as it stands; within them, the text as it stands is frozen into the version voted on", async () => {
      const tavolo = await pactTavolo(app);
      const pact = await tavolo.pact("proposta-progettuale", "Proposta migliorativa");
      const write = async (markdown: string) => {
        const put = await api(
          app,
          tavolo.chair.token,
          "PUT",
          `/pacts/${pact.id}/sections/esperienza-pregressa`,
          { markdown },
        );
        expect(put.status, put.text).toBe(200);
      };
      const motion = (target: Record<string, unknown>) =>
        api(app, tavolo.chair.token, "POST", `/pacts/${pact.id}/motions`, {
          title: "Approvazione della proposta",
          target,
          method: "approval",
          votingUnit: "member",
        });
      const versionCount = async () => {
        const { n } = await app.db
          .selectFrom("pact_versions")
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .where("pact_id", "=", pact.id)
          .executeTakeFirstOrThrow();
        return Number(n);
      };
      const refusal = `A text with sections over their limit cannot be put to a vote: «${EXPERIENCE}». Shorten them and save a new version.`;

      // 3,640 characters against a limit of 3,500.
      await write("Abbiamo lavorato con le scuole. ".repeat(113) + "Fine.");
      const long = await api(app, tavolo.chair.token, "POST", `/pacts/${pact.id}/versions`, {
        label: "Troppo lunga",
      });
      expect(long.status, long.text).toBe(201);
      const onVersion = await motion({ versionId: long.json.id });
      expect(onVersion.status, onVersion.text).toBe(400);
      expect(onVersion.json.error.fields).toEqual({
        target: "Some sections are over their limit.",
      });
      expect(onVersion.json.error.message).toBe(refusal);
      const onText = await motion({ currentText: true });
      expect(onText.status, onText.text).toBe(400);
      expect(onText.json.error.message).toBe(refusal);
      expect(await versionCount()).toBe(1); // the refusal saved nothing

      const targets = await app.services.motions.targets(tavolo.chair.actor, pact.id);
      expect(targets.currentText.overLimit).toEqual([EXPERIENCE]);
      expect(targets.versions.map((v) => v.overLimit)).toEqual([[EXPERIENCE]]);

      // Shortened, the text as it stands goes to the vote as a new version named after it.
      await write("Abbiamo lavorato con le scuole per tre anni.");
      const opened = await motion({ currentText: true });
      expect(opened.status, opened.text).toBe(201);
      const { target } = motionOutput.strict().parse(opened.json);
      expect(target).toMatchObject({ kind: "version", number: 2 });
      const versionId = target.kind === "version" ? target.versionId : "";
      const frozen = await api(
        app,
        tavolo.chair.token,
        "GET",
        `/pacts/${pact.id}/versions/${versionId}`,
      );
      expect(frozen.status, frozen.text).toBe(200);
      expect(frozen.json).toMatchObject({ number: 2, label: "Approvazione della proposta" });
      const section = (frozen.json.sections as { key: string; markdown: string }[]).find(
        (s) => s.key === "esperienza-pregressa",
      );
      expect(section?.markdown).toBe("Abbiamo lavorato con le scuole per tre anni.");
      const after = await app.services.motions.targets(tavolo.chair.actor, pact.id);
      expect(after.currentText.overLimit).toEqual([]);
      expect(after.versions.map((v) => v.overLimit)).toEqual([[], [EXPERIENCE]]);

      // Both ways at once are one target too many.
      const both = await motion({ currentText: true, versionId: long.json.id });
      expect(both.status).toBe(400);
      expect(Object.keys(both.json.error.fields)).toEqual(["target"]);
    });
  });

  describe("secrecy and hidden results", () => {
    it("keeps no voter on a secret ballot, and lets nobody vote twice", async () => {
      const f = await fixture();
      const anna = await f.person("member", "Anna Segreta", await f.organization("Comune"));
      const motion = await open(f, { secret: true });

      const cast = await voted(anna, motion.id, { choice: "no" });
      // Shown once, to the voter, in the reply to the ballot.
      expect(cast.me).toMatchObject({ voted: true, mayVote: false, ballot: { choice: "no" } });
      expect(cast.ballots).toBeNull();

      const again = await vote(anna, motion.id, { choice: "yes" });
      expect(again.status).toBe(409);
      expect(again.json.error.message).toBe("You have already voted in this motion.");

      const rows = await app.db
        .selectFrom("motion_ballots")
        .selectAll()
        .where("motion_id", "=", motion.id)
        .execute();
      expect(rows).toEqual([
        expect.objectContaining({
          voter_key: null,
          user_id: null,
          voter_name: null,
          organization_id: null,
          organization_name: null,
          cast_at: null,
          choice: "no",
        }),
      ]);
      const participants = await app.db
        .selectFrom("motion_participants")
        .selectAll()
        .where("motion_id", "=", motion.id)
        .execute();
      expect(participants).toEqual([
        { motion_id: motion.id, voter_key: `user:${anna.actor.userId}`, cast_at: expect.any(Date) },
      ]);

      const later = await read(anna, motion.id);
      expect(later.me).toMatchObject({ voted: true, ballot: null });
      const closed = await close(f, motion.id);
      expect(closed).toMatchObject({ outcome: "rejected", results: { no: 1 }, ballots: null });
    });

    it("hides results until the close, showing only how many voted and one's own ballot", async () => {
      const f = await fixture();
      const anna = await f.person("member", "Anna");
      const bruno = await f.person("member", "Bruno");
      const motion = await open(f, { hideResults: true });
      expect(motion).toMatchObject({ hideResults: true, resultsHidden: true, results: null });

      await voted(anna, motion.id, { choice: "yes" });
      const seenByBruno = await read(bruno, motion.id);
      expect(seenByBruno).toMatchObject({
        resultsHidden: true,
        results: null,
        ballots: null,
        participation: { participants: 1, entitled: 3 },
        me: { voted: false, mayVote: true, ballot: null },
      });
      const seenByAnna = await read(anna, motion.id);
      expect(seenByAnna).toMatchObject({ results: null, me: { ballot: { choice: "yes" } } });
      const listed = await api(app, f.chair.token, "GET", `/pacts/${f.pactId}/motions`);
      expect(listed.json.motions[0]).toMatchObject({ id: motion.id, results: null, ballots: null });

      const closed = await close(f, motion.id);
      expect(closed).toMatchObject({
        resultsHidden: false,
        results: { yes: 1, participants: 1 },
        ballots: [{ voterName: "Anna", choice: "yes" }],
      });
    });
  });

  describe("consent", () => {
    it("fails while an objection stands", async () => {
      const f = await fixture();
      const anna = await f.person("member", "Anna");
      const motion = await open(f, { method: "consent" });
      const objected = await api(app, anna.token, "POST", `/motions/${motion.id}/objections`, {
        reason: "Manca la sezione sulle risorse.",
      });
      expect(objected.status, objected.text).toBe(201);
      expect(objected.json.objections).toEqual([
        expect.objectContaining({
          authorName: "Anna",
          reason: "Manca la sezione sulle risorse.",
          withdrawnAt: null,
          mine: true,
        }),
      ]);
      const ballot = await vote(anna, motion.id, { choice: "yes" });
      expect(ballot.status).toBe(409);

      const closed = await close(f, motion.id);
      expect(closed).toMatchObject({
        outcome: "rejected",
        results: { method: "consent", openObjections: 1, withdrawnObjections: 0 },
      });
      expect((await versionOf(f)).agreed_at).toBeNull();
    });

    it("passes once its objections are withdrawn, by their authors only", async () => {
      const f = await fixture();
      const anna = await f.person("member", "Anna");
      const bruno = await f.person("member", "Bruno");
      const motion = await open(f, { method: "consent" });
      const objected = await api(app, anna.token, "POST", `/motions/${motion.id}/objections`, {
        reason: "Da rivedere.",
      });
      const objectionId: string = objected.json.objections[0].id;
      const path = `/motions/${motion.id}/objections/${objectionId}/withdraw`;

      expect((await api(app, bruno.token, "POST", path, {})).status).toBe(403);
      expect((await api(app, f.chair.token, "POST", path, {})).status).toBe(403);
      const withdrawn = await api(app, anna.token, "POST", path, {});
      expect(withdrawn.status, withdrawn.text).toBe(200);
      expect(withdrawn.json.objections[0].withdrawnAt).toEqual(expect.any(String));
      expect((await api(app, anna.token, "POST", path, {})).status).toBe(409);

      const closed = await close(f, motion.id);
      expect(closed).toMatchObject({
        outcome: "passed",
        results: { openObjections: 0, withdrawnObjections: 1 },
      });
      expect((await versionOf(f)).agreed_motion_id).toBe(motion.id);
    });
  });

  describe("dot vote", () => {
    async function withObjectives(f: Fixture) {
      const meeting = await api(
        app,
        f.chair.token,
        "POST",
        `/roundtables/${f.roundtableId}/meetings`,
        { title: "Laboratorio sulle priorità", kind: "workshop", startsAt: "2026-12-01T18:00" },
      );
      expect(meeting.status, meeting.text).toBe(201);
      const doc = new Y.Doc();
      for (const [id, title] of [
        ["obj-spazi", "Spazi per i ragazzi"],
        ["obj-scuola", "Scuola aperta il pomeriggio"],
        ["obj-sport", "Sport per tutti"],
      ] as const) {
        createObjective(doc, { id, title, clusterIds: [] });
      }
      await app.projector.rebuild(meeting.json.id, doc);
      return meeting.json.id as string;
    }

    it("ranks the objectives by dots", async () => {
      const f = await fixture();
      const meetingId = await withObjectives(f);
      const anna = await f.person("member", "Anna");
      const bruno = await f.person("member", "Bruno");
      const motion = await open(f, {
        title: "Priorità degli obiettivi",
        target: { meetingId, objectiveIds: ["obj-spazi", "obj-scuola", "obj-sport"] },
        method: "dot_vote",
        dots: 3,
      });
      expect(motion.target).toEqual({
        kind: "objectives",
        meetingId,
        meetingTitle: "Laboratorio sulle priorità",
        objectives: [
          { id: "obj-spazi", title: "Spazi per i ragazzi" },
          { id: "obj-scuola", title: "Scuola aperta il pomeriggio" },
          { id: "obj-sport", title: "Sport per tutti" },
        ],
      });

      const tooMany = await vote(anna, motion.id, {
        allocation: { "obj-spazi": 2, "obj-sport": 2 },
      });
      expect(tooMany.status).toBe(400);
      expect(tooMany.json.error.fields).toEqual({
        allocation: "You placed more dots than you have.",
      });
      const unknown = await vote(anna, motion.id, { allocation: { "obj-altro": 1 } });
      expect(unknown.status).toBe(400);
      expect(unknown.json.error.fields).toHaveProperty("allocation");

      await voted(anna, motion.id, { allocation: { "obj-scuola": 2, "obj-sport": 1 } });
      await voted(bruno, motion.id, {
        allocation: { "obj-scuola": 1, "obj-spazi": 1, "obj-sport": 1 },
      });
      await voted(f.chair, motion.id, { allocation: { "obj-spazi": 1 } });

      const closed = await close(f, motion.id);
      expect(closed).toMatchObject({
        outcome: "ranked",
        results: {
          method: "dot_vote",
          participants: 3,
          ranking: [
            { objectiveId: "obj-scuola", title: "Scuola aperta il pomeriggio", dots: 3, rank: 1 },
            { objectiveId: "obj-spazi", title: "Spazi per i ragazzi", dots: 2, rank: 2 },
            { objectiveId: "obj-sport", title: "Sport per tutti", dots: 2, rank: 2 },
          ],
        },
      });
      expect((await versionOf(f)).agreed_at).toBeNull();
    });

    it("refuses objectives that are not the meeting's, and a dot vote on a version", async () => {
      const f = await fixture();
      const meetingId = await withObjectives(f);
      const body = {
        title: "Priorità",
        method: "dot_vote",
        votingUnit: "member",
        dots: 2,
      };
      const stranger = await api(app, f.chair.token, "POST", `/pacts/${f.pactId}/motions`, {
        ...body,
        target: { meetingId, objectiveIds: ["obj-spazi", "obj-inventato"] },
      });
      expect(stranger.status).toBe(400);
      expect(Object.keys(stranger.json.error.fields)).toEqual(["target.objectiveIds"]);
      const onVersion = await api(app, f.chair.token, "POST", `/pacts/${f.pactId}/motions`, {
        ...body,
        target: { versionId: f.versionId },
      });
      expect(onVersion.status).toBe(400);
      expect(Object.keys(onVersion.json.error.fields)).toEqual(["target"]);
    });
  });

  describe("a closed motion", () => {
    it("refuses ballots with 409, and the database refuses any change to it", async () => {
      const f = await fixture();
      const anna = await f.person("member", "Anna");
      const bruno = await f.person("member", "Bruno");
      const motion = await open(f, {});
      await voted(anna, motion.id, { choice: "yes" });
      await close(f, motion.id);

      const late = await vote(bruno, motion.id, { choice: "yes" });
      expect(late.status, late.text).toBe(409);
      expect(late.json.error).toEqual({
        code: "conflict",
        message: "This motion is closed: its result can no longer change.",
      });
      const changeMine = await vote(anna, motion.id, { choice: "no" });
      expect(changeMine.status).toBe(409);
      expect(
        (await api(app, f.chair.token, "POST", `/motions/${motion.id}/close`, {})).status,
      ).toBe(409);

      await expect(
        sql`update motions set title = 'Riscritta' where id = ${motion.id}`.execute(app.db),
      ).rejects.toThrow(/is closed and cannot change/);
      await expect(
        sql`update motion_ballots set choice = 'no' where motion_id = ${motion.id}`.execute(app.db),
      ).rejects.toThrow(/is closed and cannot change/);
      await expect(
        app.db
          .insertInto("motion_participants")
          .values({ motion_id: motion.id, voter_key: `user:${bruno.actor.userId}` })
          .execute(),
      ).rejects.toThrow(/is closed and cannot change/);
      expect(await read(anna, motion.id)).toMatchObject({
        title: motion.title,
        results: { yes: 1 },
      });
    });
  });

  describe("who may do what", () => {
    it("answers bad input with 400 and the fields at fault", async () => {
      const f = await fixture();
      const bad = await api(app, f.chair.token, "POST", `/pacts/${f.pactId}/motions`, {
        title: "",
        target: { versionId: f.versionId },
        method: "approval",
        votingUnit: "everyone",
        quorum: 150,
      });
      expect(bad.status).toBe(400);
      expect(bad.json.error.code).toBe("invalid");
      expect(Object.keys(bad.json.error.fields).sort()).toEqual(["quorum", "title", "votingUnit"]);

      const unknownVersion = await api(app, f.chair.token, "POST", `/pacts/${f.pactId}/motions`, {
        title: "Su una versione di un altro patto",
        target: { versionId: "9b2d4f0e-8f3a-4c1e-9a7b-0c5d6e7f8a9b" },
        method: "approval",
        votingUnit: "member",
      });
      expect(unknownVersion.status).toBe(400);
      expect(Object.keys(unknownVersion.json.error.fields)).toEqual(["target.versionId"]);

      const motion = await open(f, {});
      const badBallot = await vote(f.chair, motion.id, { choice: "forse" });
      expect(badBallot.status).toBe(400);
      expect(Object.keys(badBallot.json.error.fields)).toEqual(["choice"]);
      await close(f, motion.id);
      const consent = await open(f, { method: "consent" });
      const emptyReason = await api(
        app,
        f.chair.token,
        "POST",
        `/motions/${consent.id}/objections`,
        {
          reason: " ",
        },
      );
      expect(emptyReason.status).toBe(400);
      expect(Object.keys(emptyReason.json.error.fields)).toEqual(["reason"]);
    });

    it("lets observers read but not open, vote or close (403), and hides it from outsiders (404)", async () => {
      const f = await fixture();
      const observer = await f.person("observer", "Oscar Osservatore");
      const member = await f.person("member", "Marta");
      const secretary = await f.person("secretary", "Sara Segretaria");
      const outsider = await userWithToken(app.services, "Estraneo");

      const refused = await api(app, observer.token, "POST", `/pacts/${f.pactId}/motions`, {
        title: "Prova",
        target: { versionId: f.versionId },
        method: "approval",
        votingUnit: "member",
      });
      expect(refused.status).toBe(403);
      expect(refused.json.error.code).toBe("forbidden");
      const byMember = await api(app, member.token, "POST", `/pacts/${f.pactId}/motions`, {
        title: "Prova",
        target: { versionId: f.versionId },
        method: "approval",
        votingUnit: "member",
      });
      expect(byMember.status).toBe(403);

      // The secretary opens and closes motions too.
      const motion = await open(f, {}, secretary.token);
      expect(motion.participation.entitled).toBe(3);
      const observed = await read(observer, motion.id);
      expect(observed.me).toEqual({
        mayManage: false,
        mayVote: false,
        mayObject: false,
        voted: false,
        ballot: null,
      });
      expect((await vote(observer, motion.id, { choice: "yes" })).status).toBe(403);
      expect(
        (await api(app, observer.token, "POST", `/motions/${motion.id}/close`, {})).status,
      ).toBe(403);
      expect((await api(app, member.token, "POST", `/motions/${motion.id}/close`, {})).status).toBe(
        403,
      );
      expect((await api(app, outsider.token, "GET", `/motions/${motion.id}`)).status).toBe(404);
      expect((await api(app, outsider.token, "GET", `/pacts/${f.pactId}/motions`)).status).toBe(
        404,
      );
      expect((await vote(outsider, motion.id, { choice: "yes" })).status).toBe(404);
      expect((await api(app, f.chair.token, "GET", "/motions/not-an-id")).status).toBe(404);
      await close(f, motion.id, secretary.token);
    });
  });

  describe("live on /live", () => {
    /** Every motions:changed message the socket receives from now on. */
    function changes(socket: LiveClient): MotionChangedMessage[] {
      const seen: MotionChangedMessage[] = [];
      (socket as unknown as Socket).on("motions:changed", (message: MotionChangedMessage) =>
        seen.push(message),
      );
      return seen;
    }

    function nextChange(socket: LiveClient, change: MotionChangedMessage["change"]) {
      return new Promise<MotionChangedMessage>((resolve) => {
        const listener = (message: MotionChangedMessage) => {
          if (message.change !== change) return;
          socket.off("motions:changed", listener);
          resolve(message);
        };
        socket.on("motions:changed", listener);
      });
    }

    it("tells two clients in a pact's room when a motion opens, gets a vote and closes", async () => {
      const f = await fixture();
      const anna = await f.person("member", "Anna");
      const chair = await connectLive(app.url, { auth: { token: f.chair.token } }, sockets);
      const member = await connectLive(app.url, { auth: { token: anna.token } }, sockets);
      for (const socket of [chair, member]) {
        const joined = await socket.emitWithAck("motions:join", { pactId: f.pactId });
        expect(joined).toEqual({ ok: true, pactId: f.pactId, motions: [] });
      }
      const seenByMember = changes(member);

      // Opened over the API: both hear of it.
      const opened = Promise.all([nextChange(chair, "opened"), nextChange(member, "opened")]);
      const motion = await open(f, {});
      for (const message of await opened) {
        expect(message).toEqual({ pactId: f.pactId, motionId: motion.id, change: "opened" });
      }

      // Voted over the socket.
      const heardVote = nextChange(chair, "voted");
      const refused = await member.emitWithAck("motion:vote", {
        motionId: motion.id,
        choice: "maybe" as never,
      });
      expect(refused).toMatchObject({
        ok: false,
        error: { code: "invalid", fields: { choice: expect.any(String) } },
      });
      const cast = await member.emitWithAck("motion:vote", { motionId: motion.id, choice: "yes" });
      expect(cast).toMatchObject({ ok: true, motion: { id: motion.id, me: { voted: true } } });
      expect(await heardVote).toMatchObject({ motionId: motion.id });

      // Closed over the socket: refused to a member, done by the facilitator.
      const notYours = await member.emitWithAck("motion:close", { motionId: motion.id });
      expect(notYours).toMatchObject({ ok: false, error: { code: "forbidden" } });
      const heardClose = Promise.all([nextChange(chair, "closed"), nextChange(member, "closed")]);
      const closed = await chair.emitWithAck("motion:close", { motionId: motion.id });
      expect(closed).toMatchObject({ ok: true, motion: { status: "closed", outcome: "passed" } });
      await heardClose;
      expect(seenByMember.map((m) => m.change)).toEqual(["opened", "voted", "closed"]);

      // A late vote over the socket is refused like over the API.
      const late = await member.emitWithAck("motion:vote", { motionId: motion.id, choice: "no" });
      expect(late).toMatchObject({ ok: false, error: { code: "conflict" } });

      // The room's motions, as the member sees them, on joining again.
      const rejoined = await member.emitWithAck("motions:join", { pactId: f.pactId });
      expect(rejoined).toMatchObject({
        ok: true,
        motions: [{ id: motion.id, status: "closed", results: { yes: 1 } }],
      });
    });

    it("takes a member removed from the tavolo out of the room, and tells them", async () => {
      const f = await fixture();
      const anna = await f.person("member", "Anna");
      const socket = await connectLive(app.url, { auth: { token: anna.token } }, sockets);
      expect(await socket.emitWithAck("motions:join", { pactId: f.pactId })).toMatchObject({
        ok: true,
      });
      const removed = new Promise((resolve) => socket.once("motions:removed", resolve));
      await app.db
        .deleteFrom("roundtable_members")
        .where("user_id", "=", anna.actor.userId)
        .execute();
      expect(await removed).toEqual({ pactId: f.pactId, reason: "access_removed" });
      const seen = changes(socket);
      await open(f, {});
      // The next notice to the room reaches the facilitator's connection only.
      const chair = await connectLive(app.url, { auth: { token: f.chair.token } }, sockets);
      await chair.emitWithAck("motions:join", { pactId: f.pactId });
      const heard = nextChange(chair, "closed");
      const motions = await api(app, f.chair.token, "GET", `/pacts/${f.pactId}/motions`);
      await close(f, motions.json.motions[0].id);
      await heard;
      expect(seen).toEqual([]);
    });

    it("refuses the room to outsiders", async () => {
      const f = await fixture();
      const outsider = await userWithToken(app.services, "Estraneo");
      const socket = await connectLive(app.url, { auth: { token: outsider.token } }, sockets);
      const reply = await socket.emitWithAck("motions:join", { pactId: f.pactId });
      expect(reply).toMatchObject({ ok: false, error: { code: "not_found" } });
    });
  });
});

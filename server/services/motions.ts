// Motions (issue 7): opened on a frozen pact version or on a meeting's objectives, voted by approval,
// consent (objections) or dots, one vote per organisation or per member, secret or open; closed
// into an immutable result, and a passed motion on a version marks that version agreed.
import type { Kysely, Selectable } from "kysely";
import type { Db } from "../../db/create-db";
import type { Database, MotionsTable } from "../../db/schema";
import { AppError } from "../../core/errors";
import type { Standing } from "../../core/permissions";
import { parseInput } from "../../core/schemas";
import {
  ballotContent,
  ballotInput,
  decide,
  entitledCount,
  mayManageMotions,
  motionOpenInput,
  objectionInput,
  tally,
  voterKey,
  type MotionChangedMessage,
  type MotionResult,
  type MotionTally,
  type MotionView,
  type TavoloMember,
} from "../../core/motions";
import { countCharacters, limitState } from "../../core/pact/counting";
import { markdownToSection } from "../../core/pact/markdown";
import type { PactSectionSpec } from "../../core/pact/templates";
import type { BoardProjector } from "../projection/board-projection";
import type { Actor } from "./accounts";
import { assertId, authorize, authorizeForPact } from "./access";
import { recordAudit } from "./audit";
import type { Pacts } from "./pacts";

type MotionRow = Selectable<MotionsTable>;
type Reader = Kysely<Database>;
export type MotionChange = MotionChangedMessage;

export interface MotionTargets {
  /** The text as it stands, which opening a motion on it freezes into a new version. */
  currentText: { overLimit: string[] };
  /** `overLimit`: titles of the sections over their limit (such a text cannot be voted on). */
  versions: {
    id: string;
    number: number;
    label: string;
    agreedAt: string | null;
    overLimit: string[];
  }[];
  meetings: { id: string; title: string; objectives: { id: string; title: string }[] }[];
}

const notFound = () => new AppError("not_found", "error.not_found");
const forbidden = () => new AppError("forbidden", "error.forbidden");
const closed = () => new AppError("conflict", "error.motion_closed");
const iso = (d: Date | string) => new Date(d).toISOString();

/**
 * The titles of a version's sections over their limit, counted as the editor counts (issue 6:
 * a pact cannot go to a vote while a section is over), from the Markdown the version froze.
 */
export function sectionsOverLimit(
  specs: readonly PactSectionSpec[],
  sections: readonly { key: string; markdown: string }[],
): string[] {
  const texts = new Map(sections.map((s) => [s.key, s.markdown]));
  return specs
    .filter(
      (spec) =>
        spec.limit &&
        limitState(countCharacters(markdownToSection(texts.get(spec.key) ?? "")), spec.limit) ===
          "over",
    )
    .map((spec) => spec.title);
}

const overLimit = (titles: readonly string[]) =>
  new AppError(
    "invalid",
    "error.motion_over_limit",
    { target: "validation.motion_over_limit" },
    { titles: titles.map((t) => `«${t}»`).join(", ") },
  );

/** The database refuses any change to a closed motion (0010-agreement.ts): a 409, never a 500. */
function closedAsConflict(error: unknown): never {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (String(e?.code) === "P0001" && /is closed and cannot change/.test(String(e?.message))) {
    throw closed();
  }
  throw error;
}

async function membersOf(db: Reader, roundtableId: string): Promise<TavoloMember[]> {
  const rows = await db
    .selectFrom("roundtable_members")
    .select(["user_id", "role", "organization_id"])
    .where("roundtable_id", "=", roundtableId)
    .execute();
  return rows.map((r) => ({ userId: r.user_id, role: r.role, organizationId: r.organization_id }));
}

async function objectiveTitles(db: Reader, meetingIds: string[]) {
  const titles = new Map<string, string>();
  if (meetingIds.length === 0) return titles;
  const rows = await db
    .selectFrom("board_objectives")
    .select(["meeting_id", "id", "title"])
    .where("meeting_id", "in", meetingIds)
    .execute();
  for (const row of rows) titles.set(`${row.meeting_id}|${row.id}`, row.title);
  return titles;
}

/** The tally with its decision, objectives named as `titles` has them. */
function resultOf(motion: MotionRow, t: MotionTally, titles: Map<string, string>): MotionResult {
  const decision = decide({ quorum: motion.quorum, majority: motion.majority }, t);
  const common = { outcome: decision.outcome, quorumReached: decision.quorumReached };
  if (t.method === "dot_vote") {
    return {
      method: t.method,
      entitled: t.entitled,
      participants: t.participants,
      ranking: (decision.ranking ?? []).map((r) => ({
        ...r,
        title: titles.get(`${motion.meeting_id}|${r.objectiveId}`) ?? "",
      })),
      ...common,
    };
  }
  return { ...t, ...common };
}

export function createMotions(
  db: Db,
  clock: () => Date,
  deps: { projector: BoardProjector; pacts: Pacts },
) {
  const listeners = new Set<(change: MotionChange) => void>();

  function notify(motion: MotionRow, change: MotionChange["change"]) {
    if (!motion.pact_id) return;
    const message = { pactId: motion.pact_id, motionId: motion.id, change };
    for (const listener of listeners) {
      try {
        listener(message);
      } catch {
        // A listener's fault (a closed socket server) must not undo a recorded vote.
      }
    }
  }

  /** A pact and the actor's standing in its tavolo, if they may read it (outsiders: not_found). */
  const readablePact = (actor: Actor, pactId: string) =>
    authorizeForPact(db, actor, pactId, "pact.view");

  const sectionSpecs = async (reader: Reader, pactId: string) =>
    (
      await reader
        .selectFrom("pacts")
        .select("sections")
        .where("id", "=", pactId)
        .executeTakeFirstOrThrow()
    ).sections;

  /** The titles of the sections over their limit in the text as it stands. */
  const currentOverLimit = async (actor: Actor, pactId: string) =>
    (await deps.pacts.get(actor, pactId)).sections
      .filter((s) => s.limitState === "over")
      .map((s) => s.title);

  async function readableMotion(actor: Actor, motionId: string) {
    const motion = await db
      .selectFrom("motions")
      .selectAll()
      .where("id", "=", assertId(motionId))
      .executeTakeFirst();
    if (!motion) throw notFound();
    const standing = await authorize(db, actor, motion.roundtable_id, "pact.view");
    return { motion, standing };
  }

  /** The actor's membership of the tavolo, with their organisation's name. */
  async function membership(actor: Actor, roundtableId: string) {
    const row = await db
      .selectFrom("roundtable_members as m")
      .leftJoin("organizations as o", "o.id", "m.organization_id")
      .select(["m.role", "m.organization_id", "o.name as organization_name"])
      .where("m.roundtable_id", "=", roundtableId)
      .where("m.user_id", "=", actor.userId)
      .executeTakeFirst();
    return row ?? null;
  }

  /**
   * The key the actor votes (or objects) under in `motion`, with their organisation; forbidden for
   * whoever may not vote (observers, administrators who are not members, and, per organisation,
   * a member who represents none).
   */
  async function voterOf(actor: Actor, motion: MotionRow, standing: Standing) {
    if (standing === "observer") throw forbidden();
    const member = await membership(actor, motion.roundtable_id);
    const key = member
      ? voterKey(motion.voting_unit, {
          userId: actor.userId,
          role: member.role,
          organizationId: member.organization_id,
        })
      : null;
    if (!member || !key) {
      throw new AppError(
        "forbidden",
        member && motion.voting_unit === "organization" && member.role !== "observer"
          ? "error.motion_no_organization"
          : "error.forbidden",
      );
    }
    return { key, member };
  }

  async function views(actor: Actor, standing: Standing, rows: MotionRow[]): Promise<MotionView[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const roundtableIds = [...new Set(rows.map((r) => r.roundtable_id))];
    const versionIds = rows.flatMap((r) => (r.version_id ? [r.version_id] : []));
    const meetingIds = [...new Set(rows.flatMap((r) => (r.meeting_id ? [r.meeting_id] : [])))];
    const peopleIds = [
      ...new Set(rows.flatMap((r) => [r.opened_by, r.closed_by]).filter((id) => id !== null)),
    ];
    const [members, participants, ballots, objections, versions, meetings, titles, people] =
      await Promise.all([
        Promise.all(roundtableIds.map(async (id) => [id, await membersOf(db, id)] as const)),
        db
          .selectFrom("motion_participants")
          .select(["motion_id", "voter_key"])
          .where("motion_id", "in", ids)
          .execute(),
        db
          .selectFrom("motion_ballots")
          .selectAll()
          .where("motion_id", "in", ids)
          .orderBy("cast_at")
          .orderBy("id")
          .execute(),
        db
          .selectFrom("motion_objections")
          .selectAll()
          .where("motion_id", "in", ids)
          .orderBy("raised_at")
          .orderBy("id")
          .execute(),
        versionIds.length
          ? db
              .selectFrom("pact_versions")
              .select(["id", "number", "label", "hash", "agreed_at"])
              .where("id", "in", versionIds)
              .execute()
          : Promise.resolve([]),
        meetingIds.length
          ? db
              .selectFrom("meetings")
              .select(["id", "title"])
              .where("id", "in", meetingIds)
              .execute()
          : Promise.resolve([]),
        objectiveTitles(db, meetingIds),
        peopleIds.length
          ? db.selectFrom("users").select(["id", "name"]).where("id", "in", peopleIds).execute()
          : Promise.resolve([]),
      ]);
    const membersByTavolo = new Map(members);
    const versionById = new Map(versions.map((v) => [v.id, v]));
    const meetingById = new Map(meetings.map((m) => [m.id, m]));
    const personById = new Map(people.map((p) => [p.id, { id: p.id, name: p.name }]));
    const personOf = (id: string | null) => (id ? (personById.get(id) ?? null) : null);
    const mayManage = mayManageMotions(standing);

    return rows.map((motion): MotionView => {
      const open = motion.status === "open";
      const tavolo = membersByTavolo.get(motion.roundtable_id) ?? [];
      const self = tavolo.find((m) => m.userId === actor.userId);
      const key = self ? voterKey(motion.voting_unit, self) : null;
      const keys = new Set(
        participants.filter((p) => p.motion_id === motion.id).map((p) => p.voter_key),
      );
      const cast = ballots.filter((b) => b.motion_id === motion.id);
      const raised = objections.filter((o) => o.motion_id === motion.id);
      const mine = cast.find(
        (b) => key !== null && b.voter_key === key && b.user_id === actor.userId,
      );
      const voted = key !== null && keys.has(key);

      let result: MotionResult;
      if (open) {
        const t = tally(motion.method, {
          entitled: entitledCount(motion.voting_unit, tavolo),
          participants: keys.size,
          ballots: cast,
          objections: raised.map((o) => ({ withdrawn: o.withdrawn_at !== null })),
          objectiveIds: motion.objective_ids,
        });
        result = resultOf(motion, t, titles);
      } else {
        result = motion.result as MotionResult;
      }
      const hidden = open && motion.hide_results;
      const version = motion.version_id ? versionById.get(motion.version_id) : undefined;

      return {
        id: motion.id,
        pactId: motion.pact_id,
        roundtableId: motion.roundtable_id,
        title: motion.title,
        method: motion.method,
        votingUnit: motion.voting_unit,
        secret: motion.secret,
        hideResults: motion.hide_results,
        quorum: motion.quorum,
        majority: motion.majority,
        dots: motion.dots,
        target: version
          ? {
              kind: "version",
              versionId: version.id,
              number: version.number,
              label: version.label,
              hash: version.hash,
              agreedAt: version.agreed_at ? iso(version.agreed_at) : null,
            }
          : {
              kind: "objectives",
              meetingId: motion.meeting_id ?? "",
              meetingTitle: meetingById.get(motion.meeting_id ?? "")?.title ?? "",
              objectives: motion.objective_ids.map((id) => ({
                id,
                title: titles.get(`${motion.meeting_id}|${id}`) ?? "",
              })),
            },
        status: motion.status,
        outcome: motion.outcome,
        openedAt: iso(motion.opened_at),
        openedBy: personOf(motion.opened_by),
        closedAt: motion.closed_at ? iso(motion.closed_at) : null,
        closedBy: personOf(motion.closed_by),
        participation: { entitled: result.entitled, participants: result.participants },
        resultsHidden: hidden,
        results: hidden ? null : result,
        ballots:
          motion.secret || hidden
            ? null
            : cast.map((b) => ({
                voterName: b.voter_name,
                organizationName: b.organization_name,
                choice: b.choice,
                allocation: b.allocation,
                castAt: b.cast_at ? iso(b.cast_at) : null,
              })),
        objections: raised.map((o) => ({
          id: o.id,
          authorName: o.author_name,
          organizationName: o.organization_name,
          reason: o.reason,
          raisedAt: iso(o.raised_at),
          withdrawnAt: o.withdrawn_at ? iso(o.withdrawn_at) : null,
          mine: o.user_id === actor.userId,
        })),
        me: {
          mayManage: mayManage && open,
          mayVote:
            open &&
            motion.method !== "consent" &&
            key !== null &&
            (!voted || (!motion.secret && mine !== undefined)),
          mayObject: open && motion.method === "consent" && key !== null,
          voted,
          ballot: mine ? { choice: mine.choice, allocation: mine.allocation } : null,
        },
      };
    });
  }

  async function viewOf(actor: Actor, standing: Standing, motionId: string): Promise<MotionView> {
    const row = await db
      .selectFrom("motions")
      .selectAll()
      .where("id", "=", motionId)
      .executeTakeFirstOrThrow();
    return (await views(actor, standing, [row]))[0]!;
  }

  /** The objectives named, all of the meeting (a tavolo's own), or the field that is wrong. */
  async function checkObjectives(roundtableId: string, meetingId: string, objectiveIds: string[]) {
    const meeting = await db
      .selectFrom("meetings")
      .select("id")
      .where("id", "=", meetingId)
      .where("roundtable_id", "=", roundtableId)
      .executeTakeFirst();
    if (!meeting) {
      throw new AppError("invalid", "error.invalid", { "target.meetingId": "validation.choice" });
    }
    await deps.projector.settle(meeting.id);
    const found = await db
      .selectFrom("board_objectives")
      .select("id")
      .where("meeting_id", "=", meeting.id)
      .where("id", "in", objectiveIds)
      .execute();
    if (found.length !== objectiveIds.length) {
      throw new AppError("invalid", "error.invalid", {
        "target.objectiveIds": "validation.motion_objectives_unknown",
      });
    }
  }

  /** Runs a change to an open motion, the motion row locked against a close meanwhile. */
  async function onOpenMotion<T>(
    motionId: string,
    change: (tx: Reader, motion: MotionRow) => Promise<T>,
  ): Promise<T> {
    return db
      .transaction()
      .execute(async (tx) => {
        const motion = await tx
          .selectFrom("motions")
          .selectAll()
          .where("id", "=", motionId)
          .forShare()
          .executeTakeFirstOrThrow();
        if (motion.status !== "open") throw closed();
        return change(tx, motion);
      })
      .catch(closedAsConflict);
  }

  return {
    /** Calls `listener` after every change to a motion, whichever way it came (API, page, socket). */
    onChange(listener: (change: MotionChange) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /** Throws unless the actor may read the pact's motions; its id, normalised. */
    async access(actor: Actor, pactId: string): Promise<string> {
      return (await readablePact(actor, pactId)).pact.id;
    },

    /** A pact's motions, newest first, each as the actor may see it. */
    async list(actor: Actor, pactId: string): Promise<MotionView[]> {
      const { pact, standing } = await readablePact(actor, pactId);
      const rows = await db
        .selectFrom("motions")
        .selectAll()
        .where("pact_id", "=", pact.id)
        .orderBy("opened_at", "desc")
        .orderBy("id")
        .execute();
      return views(actor, standing, rows);
    },

    async get(actor: Actor, motionId: string): Promise<MotionView> {
      const { motion, standing } = await readableMotion(actor, motionId);
      return (await views(actor, standing, [motion]))[0]!;
    },

    /** What a motion may be opened on: the pact's versions, and its tavolo's meetings' objectives. */
    async targets(actor: Actor, pactId: string): Promise<MotionTargets> {
      const { pact } = await readablePact(actor, pactId);
      const versions = await db
        .selectFrom("pact_versions")
        .select(["id", "number", "label", "agreed_at", "sections"])
        .where("pact_id", "=", pact.id)
        .orderBy("number", "desc")
        .execute();
      const specs = await sectionSpecs(db, pact.id);
      const meetings = await db
        .selectFrom("meetings")
        .select(["id", "title"])
        .where("roundtable_id", "=", pact.roundtable_id)
        .orderBy("starts_at", "desc")
        .execute();
      for (const meeting of meetings) await deps.projector.settle(meeting.id);
      const objectives = meetings.length
        ? await db
            .selectFrom("board_objectives")
            .select(["meeting_id", "id", "title", "sort_order"])
            .where(
              "meeting_id",
              "in",
              meetings.map((m) => m.id),
            )
            .orderBy("sort_order")
            .orderBy("title")
            .execute()
        : [];
      return {
        currentText: { overLimit: await currentOverLimit(actor, pact.id) },
        versions: versions.map((v) => ({
          id: v.id,
          number: v.number,
          label: v.label,
          agreedAt: v.agreed_at ? iso(v.agreed_at) : null,
          overLimit: sectionsOverLimit(specs, v.sections),
        })),
        meetings: meetings
          .map((m) => ({
            id: m.id,
            title: m.title,
            objectives: objectives
              .filter((o) => o.meeting_id === m.id)
              .map((o) => ({ id: o.id, title: o.title })),
          }))
          .filter((m) => m.objectives.length > 0),
      };
    },

    /**
     * Opens a motion (facilitators and the secretary) on a version of the pact, one open motion
     * per version at a time, or on objectives of one of the tavolo's meetings.
     */
    async open(actor: Actor, pactId: string, input: unknown): Promise<MotionView> {
      const { pact, standing } = await readablePact(actor, pactId);
      if (!mayManageMotions(standing)) throw forbidden();
      const parsed = parseInput(motionOpenInput, input);
      let target = parsed.target;
      if ("objectiveIds" in target) {
        await checkObjectives(pact.roundtable_id, target.meetingId, target.objectiveIds);
      }
      if ("currentText" in target) {
        // Refused before anything is saved; then frozen under the motion's title.
        const over = await currentOverLimit(actor, pact.id);
        if (over.length > 0) throw overLimit(over);
        const version = await deps.pacts.createVersion(actor, pact.id, { label: parsed.title });
        target = { versionId: version.id };
      }
      const chosen = target;
      const motion = await db.transaction().execute(async (tx) => {
        if ("versionId" in chosen) {
          // Locked, so that two motions opened at once on one version cannot both pass the check.
          const version = await tx
            .selectFrom("pact_versions")
            .select(["id", "sections"])
            .where("id", "=", chosen.versionId)
            .where("pact_id", "=", pact.id)
            .forUpdate()
            .executeTakeFirst();
          if (!version) {
            throw new AppError("invalid", "error.invalid", {
              "target.versionId": "validation.choice",
            });
          }
          const already = await tx
            .selectFrom("motions")
            .select("id")
            .where("version_id", "=", version.id)
            .where("status", "=", "open")
            .executeTakeFirst();
          if (already) throw new AppError("conflict", "error.motion_already_open");
          const over = sectionsOverLimit(await sectionSpecs(tx, pact.id), version.sections);
          if (over.length > 0) throw overLimit(over);
        }
        return tx
          .insertInto("motions")
          .values({
            roundtable_id: pact.roundtable_id,
            pact_id: pact.id,
            version_id: "versionId" in chosen ? chosen.versionId : null,
            meeting_id: "meetingId" in chosen ? chosen.meetingId : null,
            objective_ids: JSON.stringify("objectiveIds" in chosen ? chosen.objectiveIds : []),
            title: parsed.title,
            method: parsed.method,
            voting_unit: parsed.votingUnit,
            secret: parsed.secret,
            hide_results: parsed.hideResults,
            quorum: parsed.quorum,
            majority: parsed.majority,
            dots: parsed.dots,
            opened_by: actor.userId,
            opened_at: clock(),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
      });
      await recordAudit(db, {
        action: "motion.opened",
        actorUserId: actor.userId,
        roundtableId: motion.roundtable_id,
        subjectId: motion.id,
        detail: {
          pactId: pact.id,
          versionId: motion.version_id,
          meetingId: motion.meeting_id,
          method: motion.method,
          votingUnit: motion.voting_unit,
          secret: motion.secret,
        },
      });
      notify(motion, "opened");
      return viewOf(actor, standing, motion.id);
    },

    /**
     * Casts the actor's ballot: approval's choice or a dot vote's allocation. One vote per
     * organisation (its first ballot counts) or per member. An open ballot may be changed until
     * the close by whoever cast it; a secret one is final, and its row names no one.
     */
    async vote(actor: Actor, motionId: string, input: unknown): Promise<MotionView> {
      const { motion: found, standing } = await readableMotion(actor, motionId);
      if (found.status !== "open") throw closed();
      if (found.method === "consent") throw new AppError("conflict", "error.motion_no_ballots");
      const { key, member } = await voterOf(actor, found, standing);
      const parsed = parseInput(ballotInput, input);
      const content = ballotContent(
        { method: found.method, dots: found.dots, objectiveIds: found.objective_ids },
        parsed,
      );
      if (!content.ok) throw new AppError("invalid", "error.invalid", content.fields);
      const allocation = content.allocation ? JSON.stringify(content.allocation) : null;
      const alreadyVoted = () =>
        new AppError(
          "conflict",
          found.voting_unit === "organization"
            ? "error.motion_organization_voted"
            : "error.motion_already_voted",
        );

      await onOpenMotion(found.id, async (tx, motion) => {
        const participate = () =>
          tx
            .insertInto("motion_participants")
            .values({ motion_id: motion.id, voter_key: key, cast_at: clock() })
            .onConflict((oc) => oc.columns(["motion_id", "voter_key"]).doNothing())
            .returning("voter_key")
            .executeTakeFirst();
        if (motion.secret) {
          if (!(await participate())) throw alreadyVoted();
          await tx
            .insertInto("motion_ballots")
            .values({
              motion_id: motion.id,
              voter_key: null,
              user_id: null,
              voter_name: null,
              organization_id: null,
              organization_name: null,
              choice: content.choice,
              allocation,
              cast_at: null,
            })
            .execute();
          return;
        }
        const existing = await tx
          .selectFrom("motion_ballots")
          .select(["id", "user_id"])
          .where("motion_id", "=", motion.id)
          .where("voter_key", "=", key)
          .executeTakeFirst();
        if (existing) {
          // Per organisation, the colleague who cast its ballot is the only one who may change it.
          if (existing.user_id !== actor.userId) throw alreadyVoted();
          await tx
            .updateTable("motion_ballots")
            .set({ choice: content.choice, allocation, cast_at: clock() })
            .where("id", "=", existing.id)
            .execute();
          return;
        }
        if (!(await participate())) throw alreadyVoted();
        await tx
          .insertInto("motion_ballots")
          .values({
            motion_id: motion.id,
            voter_key: key,
            user_id: actor.userId,
            voter_name: actor.name,
            organization_id: member.organization_id,
            organization_name: member.organization_name,
            choice: content.choice,
            allocation,
            cast_at: clock(),
          })
          .execute();
      });
      notify(found, "voted");
      const view = await viewOf(actor, standing, found.id);
      // A secret ballot names no one, so it cannot be read back later: it is shown once, now.
      return found.secret
        ? {
            ...view,
            me: { ...view.me, ballot: { choice: content.choice, allocation: content.allocation } },
          }
        : view;
    },

    /** Raises an objection to a consent motion, with its reason. */
    async object(actor: Actor, motionId: string, input: unknown): Promise<MotionView> {
      const { motion: found, standing } = await readableMotion(actor, motionId);
      if (found.status !== "open") throw closed();
      if (found.method !== "consent") throw new AppError("conflict", "error.motion_no_objections");
      const { member } = await voterOf(actor, found, standing);
      const { reason } = parseInput(objectionInput, input);
      await onOpenMotion(found.id, (tx, motion) =>
        tx
          .insertInto("motion_objections")
          .values({
            motion_id: motion.id,
            user_id: actor.userId,
            author_name: actor.name,
            organization_id: member.organization_id,
            organization_name: member.organization_name,
            reason,
            raised_at: clock(),
          })
          .execute(),
      );
      notify(found, "objected");
      return viewOf(actor, standing, found.id);
    },

    /** Withdraws one's own objection (only its author may). */
    async withdraw(actor: Actor, motionId: string, objectionId: string): Promise<MotionView> {
      const { motion: found, standing } = await readableMotion(actor, motionId);
      const objection = await db
        .selectFrom("motion_objections")
        .select(["id", "user_id", "withdrawn_at"])
        .where("id", "=", assertId(objectionId))
        .where("motion_id", "=", found.id)
        .executeTakeFirst();
      if (!objection) throw notFound();
      if (objection.user_id !== actor.userId) throw forbidden();
      if (found.status !== "open") throw closed();
      if (objection.withdrawn_at) throw new AppError("conflict", "error.objection_withdrawn");
      await onOpenMotion(found.id, (tx) =>
        tx
          .updateTable("motion_objections")
          .set({ withdrawn_at: clock() })
          .where("id", "=", objection.id)
          .where("withdrawn_at", "is", null)
          .execute(),
      );
      notify(found, "withdrawn");
      return viewOf(actor, standing, found.id);
    },

    /**
     * Closes a motion (facilitators and the secretary): its tally and decision are frozen, and a
     * passed motion on a version marks that version agreed, in the same transaction.
     */
    async close(actor: Actor, motionId: string): Promise<MotionView> {
      const { motion: found, standing } = await readableMotion(actor, motionId);
      if (!mayManageMotions(standing)) throw forbidden();
      if (found.status !== "open") throw closed();
      const result = await db
        .transaction()
        .execute(async (tx) => {
          const motion = await tx
            .selectFrom("motions")
            .selectAll()
            .where("id", "=", found.id)
            .forUpdate()
            .executeTakeFirstOrThrow();
          if (motion.status !== "open") throw closed();
          const [members, participants, cast, raised, titles] = await Promise.all([
            membersOf(tx, motion.roundtable_id),
            tx
              .selectFrom("motion_participants")
              .select("voter_key")
              .where("motion_id", "=", motion.id)
              .execute(),
            tx
              .selectFrom("motion_ballots")
              .select(["choice", "allocation"])
              .where("motion_id", "=", motion.id)
              .execute(),
            tx
              .selectFrom("motion_objections")
              .select("withdrawn_at")
              .where("motion_id", "=", motion.id)
              .execute(),
            objectiveTitles(tx, motion.meeting_id ? [motion.meeting_id] : []),
          ]);
          const t = tally(motion.method, {
            entitled: entitledCount(motion.voting_unit, members),
            participants: participants.length,
            ballots: cast,
            objections: raised.map((o) => ({ withdrawn: o.withdrawn_at !== null })),
            objectiveIds: motion.objective_ids,
          });
          const result = resultOf(motion, t, titles);
          const at = clock();
          await tx
            .updateTable("motions")
            .set({
              status: "closed",
              outcome: result.outcome,
              result: JSON.stringify(result),
              closed_by: actor.userId,
              closed_at: at,
            })
            .where("id", "=", motion.id)
            .execute();
          if (result.outcome === "passed" && motion.version_id) {
            // Set once: a version already agreed keeps the motion that first agreed it.
            await tx
              .updateTable("pact_versions")
              .set({ agreed_at: at, agreed_motion_id: motion.id })
              .where("id", "=", motion.version_id)
              .where("agreed_at", "is", null)
              .execute();
          }
          return result;
        })
        .catch(closedAsConflict);
      await recordAudit(db, {
        action: "motion.closed",
        actorUserId: actor.userId,
        roundtableId: found.roundtable_id,
        subjectId: found.id,
        detail: {
          pactId: found.pact_id,
          versionId: found.version_id,
          outcome: result.outcome,
          entitled: result.entitled,
          participants: result.participants,
        },
      });
      notify(found, "closed");
      return viewOf(actor, standing, found.id);
    },
  };
}

export type Motions = ReturnType<typeof createMotions>;

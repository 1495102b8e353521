// Objectives and actions of a meeting as the board projection holds them, each traced back to its
// clusters, cards and voices by group; the tavolo's policy areas; and the cards no objective heard.
import { sql } from "kysely";
import { byClusterOrder } from "../../core/board-ops";
import type { Db } from "../../db/create-db";
import { byOrder, type BoardCard, type IndicatorKind } from "../../core/board";
import type { Locale } from "../../core/domain";
import {
  findPolicyArea,
  policyAreaList,
  policyAreasOf,
  type PolicyArea,
} from "../../core/policy-areas";
import { parseInput } from "../../core/schemas";
import { traceBoard } from "../../core/traceability";
import type { DotVoteRules } from "../../core/live";
import type { BoardProjector } from "../projection/board-projection";
import type { Actor } from "./accounts";
import { assertId, authorize, authorizeForMeeting } from "./access";
import { recordAudit } from "./audit";
import type { DotVotes } from "./dot-votes";

export interface PolicyAreasView {
  areas: PolicyArea[];
  /** Whether the tavolo has its own list (else the default A–J, in the reader's language). */
  custom: boolean;
}

export interface NamedOrganization {
  id: string;
  name: string;
}

export interface ActionView {
  id: string;
  title: string;
  description: string | null;
  targetGroup: string;
  places: string[];
  responsibleOrganization: NamedOrganization | null;
  partners: NamedOrganization[];
  indicators: {
    id: string;
    kind: IndicatorKind;
    measure: string;
    baseline: string;
    target: string;
  }[];
  resources: { staffHours: number | null; euros: number | null; fundingSource: string };
  timeline: {
    start: string | null;
    end: string | null;
    milestones: { id: string; label: string; date: string | null }[];
  };
}

export interface ObjectiveView {
  id: string;
  title: string;
  description: string | null;
  policyArea: PolicyArea | null;
  clusterIds: string[];
  clusters: { id: string; label: string; cardIds: string[] }[];
  /** The cards of its clusters, clusters in the objective's order. */
  cardIds: string[];
  /** Cards by the group of who wrote them; never who wrote them. */
  voices: Record<string, number>;
  cardCount: number;
  /** Of which typed up from paper in the room. */
  inPerson: number;
  /** From the meeting's latest dot vote on objectives; null without one, or with no dots here. */
  priority: { dots: number; rank: number } | null;
  actions: ActionView[];
}

export interface ObjectivesView {
  meetingId: string;
  policyAreas: PolicyArea[];
  objectives: ObjectiveView[];
  /** Cards that feed no objective. */
  unheardCardIds: string[];
}

export interface UnheardView {
  meetings: { id: string; title: string; startsAt: Date }[];
  cards: {
    id: string;
    meetingId: string;
    text: string;
    group: string | null;
    /** A display label, "" for an anonymous card; never an email. */
    authorLabel: string;
    inPerson: boolean;
    clusterId: string | null;
    clusterLabel: string | null;
    createdAt: Date;
  }[];
}

interface MotionDetail {
  motion?: { id?: string; kind?: string; dotVote?: DotVoteRules | null };
}

/** Dots → rank among the items that got some: 1 for the most, equal dots share a rank. */
function ranks(totals: ReadonlyMap<string, number>): Map<string, { dots: number; rank: number }> {
  const counts = [...totals.values()];
  return new Map(
    [...totals].map(([id, dots]) => [
      id,
      { dots, rank: 1 + counts.filter((other) => other > dots).length },
    ]),
  );
}

const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * traceBoard over projected rows: it reads only the ids, links, groups and in-person marks of
 * cards and objectives, which the projection keeps (the rest of a BoardSnapshot it never looks at).
 */
function traceProjected(
  cards: readonly Pick<BoardCard, "id" | "clusterId" | "group" | "inPerson">[],
  objectives: readonly { id: string; clusterIds: string[] }[],
) {
  return traceBoard({ cards, objectives });
}

export function createObjectives(db: Db, deps: { dotVotes: DotVotes; projector: BoardProjector }) {
  /** The tavolo's own areas, or null for the default taxonomy. */
  async function customAreas(roundtableId: string): Promise<PolicyArea[] | null> {
    const row = await db
      .selectFrom("roundtables")
      .select("policy_areas")
      .where("id", "=", roundtableId)
      .executeTakeFirstOrThrow();
    return row.policy_areas && row.policy_areas.length > 0 ? row.policy_areas : null;
  }

  async function areasView(roundtableId: string, locale: Locale): Promise<PolicyAreasView> {
    const custom = await customAreas(roundtableId);
    return { areas: policyAreasOf(custom, locale), custom: custom !== null };
  }

  /** Cards the facilitator hid from the board: not shown, not counted. */
  async function hiddenCards(meetingIds: readonly string[]): Promise<Set<string>> {
    if (meetingIds.length === 0) return new Set();
    const rows = await db
      .selectFrom("meeting_live_state")
      .select(["meeting_id", "hidden_cards"])
      .where("meeting_id", "in", meetingIds)
      .execute();
    return new Set(
      rows.flatMap((r) => (r.hidden_cards ?? []).map((id) => `${r.meeting_id}/${id}`)),
    );
  }

  /** Total dots per objective in the meeting's latest dot vote on objectives (none: empty). */
  async function objectiveDots(meetingId: string): Promise<Map<string, number>> {
    // Every opened vote is in the meeting's record with its rules (what the minutes read too).
    const latest = await db
      .selectFrom("audit_events")
      .select("detail")
      .where("subject_id", "=", meetingId)
      .where("action", "=", "meeting.live_changed")
      .where(sql<string>`detail->'motion'->'dotVote'->>'target'`, "=", "objectives")
      .orderBy("at", "desc")
      .orderBy(sql`(detail->>'version')::int`, "desc")
      .limit(1)
      .executeTakeFirst();
    const motion = (latest?.detail as MotionDetail | undefined)?.motion;
    if (!motion?.id || !motion.dotVote) return new Map();
    const { totals } = await deps.dotVotes.tally(meetingId, motion.id, motion.dotVote);
    return new Map(Object.entries(totals).filter(([, dots]) => dots > 0));
  }

  /** The projected cards of some meetings, in the board's reading order; hidden ones left out. */
  async function projectedCards(meetingIds: readonly string[]) {
    const hidden = await hiddenCards(meetingIds);
    const rows = await db
      .selectFrom("board_cards as c")
      .leftJoin("board_clusters as k", (join) =>
        join.onRef("k.meeting_id", "=", "c.meeting_id").onRef("k.id", "=", "c.cluster_id"),
      )
      .select([
        "c.meeting_id as meetingId",
        "c.id",
        "c.text",
        "c.group_label as group",
        "c.author_label as authorLabel",
        "c.in_person as inPerson",
        "c.cluster_id as clusterId",
        "k.label as clusterLabel",
        "c.created_at as createdAt",
        "c.sort_order as order",
      ])
      .where("c.meeting_id", "in", meetingIds)
      .execute();
    // The board's order: by place in the cluster, then by creation time, then by id.
    return rows
      .filter((c) => !hidden.has(`${c.meetingId}/${c.id}`))
      .sort((a, b) =>
        byClusterOrder(
          { id: a.id, order: a.order, createdAt: a.createdAt.getTime() },
          { id: b.id, order: b.order, createdAt: b.createdAt.getTime() },
        ),
      );
  }

  /** Each projected objective's clusters, in the objective's order, by meeting. */
  async function objectiveLinks(meetingIds: readonly string[]) {
    const rows = await db
      .selectFrom("board_objective_clusters")
      .select(["meeting_id", "objective_id", "cluster_id", "position"])
      .where("meeting_id", "in", meetingIds)
      .execute();
    rows.sort((a, b) => a.position - b.position);
    const links = new Map<string, Map<string, string[]>>();
    for (const row of rows) {
      const byObjective = links.get(row.meeting_id) ?? new Map<string, string[]>();
      byObjective.set(row.objective_id, [
        ...(byObjective.get(row.objective_id) ?? []),
        row.cluster_id,
      ]);
      links.set(row.meeting_id, byObjective);
    }
    return links;
  }

  return {
    /** The tavolo's policy areas (its own list, else the default in `locale`). */
    async policyAreas(
      actor: Actor,
      roundtableId: string,
      locale: Locale,
    ): Promise<PolicyAreasView> {
      await authorize(db, actor, roundtableId, "roundtable.view");
      return areasView(assertId(roundtableId), locale);
    },

    /** Replaces the tavolo's policy areas; null goes back to the default taxonomy. */
    async setPolicyAreas(
      actor: Actor,
      roundtableId: string,
      areas: readonly PolicyArea[] | null,
      locale: Locale = "it",
    ): Promise<PolicyAreasView> {
      await authorize(db, actor, roundtableId, "roundtable.edit");
      const id = assertId(roundtableId);
      const list = parseInput(policyAreaList.nullable(), areas);
      await db
        .updateTable("roundtables")
        .set({ policy_areas: list ? JSON.stringify(list) : null })
        .where("id", "=", id)
        .execute();
      await recordAudit(db, {
        action: "roundtable.policy_areas_changed",
        actorUserId: actor.userId,
        roundtableId: id,
        subjectId: id,
        detail: { keys: list ? list.map((a) => a.key) : null },
      });
      return areasView(id, locale);
    },

    /** The meeting's objectives with their actions, traced back to clusters, cards and voices. */
    async list(actor: Actor, meetingId: string, locale: Locale): Promise<ObjectivesView> {
      const meeting = await authorizeForMeeting(db, actor, meetingId, "board.read");
      await deps.projector.settle(meeting.id);
      const areas = policyAreasOf(await customAreas(meeting.roundtable_id), locale);
      const cards = await projectedCards([meeting.id]);
      const links = (await objectiveLinks([meeting.id])).get(meeting.id);
      const objectives = (
        await db
          .selectFrom("board_objectives")
          .select(["id", "title", "description", "policy_area", "sort_order"])
          .where("meeting_id", "=", meeting.id)
          .execute()
      )
        .map((o) => ({ ...o, order: o.sort_order, clusterIds: links?.get(o.id) ?? [] }))
        .sort(byOrder);
      const trace = traceProjected(cards, objectives);

      const clusterLabels = new Map(
        (
          await db
            .selectFrom("board_clusters")
            .select(["id", "label"])
            .where("meeting_id", "=", meeting.id)
            .execute()
        ).map((c) => [c.id, c.label]),
      );
      const organizations = new Map(
        (
          await db
            .selectFrom("organizations")
            .select(["id", "name"])
            .where("roundtable_id", "=", meeting.roundtable_id)
            .execute()
        ).map((o) => [o.id, { id: o.id, name: o.name }]),
      );
      const actions = (
        await db
          .selectFrom("board_actions")
          .selectAll()
          .where("meeting_id", "=", meeting.id)
          .where("objective_id", "is not", null)
          .execute()
      )
        .map((a) => ({ ...a, order: a.sort_order }))
        .sort(byOrder);
      const indicators = (
        await db
          .selectFrom("board_indicators")
          .selectAll()
          .where("meeting_id", "=", meeting.id)
          .execute()
      )
        .map((i) => ({ ...i, order: i.sort_order }))
        .sort(byOrder);
      const dots = await objectiveDots(meeting.id);
      // Dots on objectives deleted since are left out: ranks are among those that still exist.
      const priorities = ranks(new Map([...dots].filter(([id]) => trace.objectives.has(id))));

      const toAction = (a: (typeof actions)[number]): ActionView => ({
        id: a.id,
        title: a.title,
        description: a.description,
        targetGroup: a.target_group,
        places: a.places,
        // Ids come from the board document: only the tavolo's own organisations are named.
        responsibleOrganization:
          (a.responsible_organization_id && organizations.get(a.responsible_organization_id)) ||
          null,
        partners: a.partner_organization_ids.flatMap((id) => {
          const organization = organizations.get(id);
          return organization ? [organization] : [];
        }),
        indicators: indicators
          .filter((i) => i.action_id === a.id)
          .map((i) => ({
            id: i.id,
            kind: i.kind,
            measure: i.measure,
            baseline: i.baseline,
            target: i.target,
          })),
        resources: {
          staffHours: a.resources.staffHours ?? null,
          euros: a.resources.euros ?? null,
          fundingSource: a.resources.fundingSource ?? "",
        },
        timeline: {
          start: a.timeline.start ?? null,
          end: a.timeline.end ?? null,
          milestones: (a.timeline.milestones ?? []).map((m) => ({
            id: m.id,
            label: m.label,
            date: m.date ?? null,
          })),
        },
      });

      return {
        meetingId: meeting.id,
        policyAreas: areas,
        objectives: objectives.map((o) => {
          const traced = trace.objectives.get(o.id)!;
          return {
            id: o.id,
            title: o.title,
            description: o.description,
            policyArea: findPolicyArea(areas, o.policy_area),
            clusterIds: traced.clusterIds,
            clusters: traced.clusterIds.map((clusterId) => ({
              id: clusterId,
              label: clusterLabels.get(clusterId) ?? "",
              cardIds: traced.cardIds.filter((id) => trace.cards.get(id)?.clusterId === clusterId),
            })),
            cardIds: traced.cardIds,
            voices: traced.voices,
            cardCount: traced.cardIds.length,
            inPerson: traced.inPerson,
            priority: priorities.get(o.id) ?? null,
            actions: actions.filter((a) => a.objective_id === o.id).map(toAction),
          };
        }),
        unheardCardIds: trace.unheard,
      };
    },

    /** Across the tavolo's meetings, the cards that feed no objective (what was not yet heard). */
    async unheard(actor: Actor, roundtableId: string): Promise<UnheardView> {
      await authorize(db, actor, roundtableId, "board.read");
      const meetings = await db
        .selectFrom("meetings")
        .select(["id", "title", "starts_at"])
        .where("roundtable_id", "=", assertId(roundtableId))
        .orderBy("starts_at")
        .orderBy("id")
        .execute();
      if (meetings.length === 0) return { meetings: [], cards: [] };
      for (const meeting of meetings) await deps.projector.settle(meeting.id);
      const ids = meetings.map((m) => m.id);
      const cards = await projectedCards(ids);
      const links = await objectiveLinks(ids);
      const unheard = new Set<string>();
      for (const meetingId of ids) {
        const objectives = [...(links.get(meetingId) ?? [])].map(([id, clusterIds]) => ({
          id,
          clusterIds,
        }));
        const trace = traceProjected(
          cards.filter((c) => c.meetingId === meetingId),
          objectives,
        );
        for (const cardId of trace.unheard) unheard.add(`${meetingId}/${cardId}`);
      }
      const place = new Map(ids.map((id, i) => [id, i]));
      return {
        meetings: meetings.map((m) => ({ id: m.id, title: m.title, startsAt: m.starts_at })),
        cards: cards
          .filter((c) => unheard.has(`${c.meetingId}/${c.id}`))
          .sort(
            (a, b) =>
              place.get(a.meetingId)! - place.get(b.meetingId)! ||
              a.createdAt.getTime() - b.createdAt.getTime() ||
              byCode(a.id, b.id),
          )
          .map(({ order: _order, ...card }) => card),
      };
    },
  };
}

export type Objectives = ReturnType<typeof createObjectives>;

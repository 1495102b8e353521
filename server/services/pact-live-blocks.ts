// The live blocks of pacts on the server (issue 6): each block's meeting read through the objectives
// service for whoever reads the pact, and only when the meeting belongs to the pact's own tavolo.
import type { JSONContent } from "@tiptap/core";
import type { Db } from "../../db/create-db";
import type { ExportObjective } from "../../core/export/model";
import { AppError, isAppError } from "../../core/errors";
import type { Locale } from "../../core/domain";
import {
  liveBlockMeetings,
  type LiveBlockData,
  type LiveBlockResolver,
} from "../../core/pact/live-block";
import type { PolicyArea } from "../../core/policy-areas";
import type { Actor } from "./accounts";
import { assertId, authorize } from "./access";
import type { ObjectiveView, ObjectivesView } from "./objectives";

/** What the live blocks need of the objectives service: a meeting's objectives, for an actor. */
export interface ObjectivesReader {
  list(actor: Actor, meetingId: string, locale: Locale): Promise<ObjectivesView>;
}

/** The stored text is Italian (core/pact/live-block.ts): the default areas are labelled so. */
const STORED_LOCALE: Locale = "it";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A block's data from what the objectives API serves (the board's projection, settled). */
export function liveBlockFromObjectives(view: ObjectivesView): LiveBlockData {
  return {
    objectives: view.objectives.map((objective) => ({
      id: objective.id,
      title: objective.title,
      area: objective.policyArea,
      actions: objective.actions.map((action) => ({
        title: action.title,
        responsible: action.responsibleOrganization?.name ?? null,
        indicators: action.indicators.map((i) => ({
          measure: i.measure,
          baseline: i.baseline,
          target: i.target,
        })),
        start: action.timeline.start,
        end: action.timeline.end,
      })),
    })),
  };
}

/** What the editor needs to label a block's rows as the server does. */
export interface LiveBlockLabels {
  /** The tavolo's own policy areas; null when it uses the default list (labelled by the page). */
  policyAreas: PolicyArea[] | null;
  organizations: { id: string; name: string }[];
}

/** An objective as exports print it: the area by its label, organisations by name. */
function exportObjective(objective: ObjectiveView): ExportObjective {
  return {
    id: objective.id,
    title: objective.title,
    area: objective.policyArea?.label ?? null,
    voices: objective.voices,
    actions: objective.actions.map((action) => ({
      title: action.title,
      responsible: action.responsibleOrganization?.name ?? null,
      partners: action.partners.map((p) => p.name),
      indicators: action.indicators.map((i) => ({
        measure: i.measure,
        baseline: i.baseline,
        target: i.target,
      })),
      resources: { ...action.resources },
      start: action.timeline.start,
      end: action.timeline.end,
    })),
  };
}

export function createPactLiveBlocks(db: Db, objectives: ObjectivesReader) {
  /**
   * The objectives of the live blocks' meetings, as `actor` may read them, in the blocks' order.
   * A meeting that is not of the tavolo `roundtableId` is never read (even by someone who could
   * read it elsewhere); one the actor may not read, or that is gone, is left out.
   */
  async function readMeetings(
    actor: Actor,
    roundtableId: string,
    sections: readonly JSONContent[],
  ): Promise<Map<string, ObjectivesView>> {
    const wanted = liveBlockMeetings(sections)
      .filter((id) => UUID.test(id))
      .map((id) => id.toLowerCase());
    const views = new Map<string, ObjectivesView>();
    if (wanted.length === 0) return views;
    const own = await db
      .selectFrom("meetings")
      .select("id")
      .where("id", "in", wanted)
      .where("roundtable_id", "=", roundtableId)
      .execute();
    const owned = new Set(own.map((row) => row.id));
    for (const id of wanted.filter((id) => owned.has(id))) {
      if (views.has(id)) continue;
      try {
        views.set(id, await objectives.list(actor, id, STORED_LOCALE));
      } catch (error) {
        // Not allowed, or gone since: the block is unreadable; anything else is a real failure.
        if (!isAppError(error)) throw error;
      }
    }
    return views;
  }

  return {
    /**
     * The data of the live blocks in these sections, as `actor` may read it. A meeting that is not
     * of the tavolo `roundtableId` is never read (even by someone who could read it elsewhere);
     * one the actor may not read, or that is gone, resolves to null (written as unreadable).
     */
    async resolverFor(
      actor: Actor,
      roundtableId: string,
      sections: readonly JSONContent[],
    ): Promise<LiveBlockResolver> {
      const views = await readMeetings(actor, roundtableId, sections);
      const data = new Map([...views].map(([id, view]) => [id, liveBlockFromObjectives(view)]));
      return (meetingId) => data.get(meetingId.toLowerCase()) ?? null;
    },

    /**
     * The objectives and actions of the meetings these sections' live blocks show, in the order
     * the blocks come, each meeting once: what an export prints in its tables and a version keeps.
     */
    async objectivesFor(
      actor: Actor,
      roundtableId: string,
      sections: readonly JSONContent[],
    ): Promise<ExportObjective[]> {
      const views = await readMeetings(actor, roundtableId, sections);
      return [...views.values()].flatMap((view) => view.objectives.map(exportObjective));
    },

    /** The names a pact's blocks show: the tavolo's organisations and its own policy areas. */
    async labels(actor: Actor, pactId: string): Promise<LiveBlockLabels> {
      const pact = await db
        .selectFrom("pacts")
        .select("roundtable_id")
        .where("id", "=", assertId(pactId))
        .executeTakeFirst();
      if (!pact) throw new AppError("not_found", "error.not_found");
      await authorize(db, actor, pact.roundtable_id, "pact.view");
      const [roundtable, organizations] = await Promise.all([
        db
          .selectFrom("roundtables")
          .select("policy_areas")
          .where("id", "=", pact.roundtable_id)
          .executeTakeFirstOrThrow(),
        db
          .selectFrom("organizations")
          .select(["id", "name"])
          .where("roundtable_id", "=", pact.roundtable_id)
          .orderBy("name")
          .execute(),
      ]);
      const custom = roundtable.policy_areas;
      return {
        policyAreas: custom && custom.length > 0 ? custom : null,
        organizations,
      };
    },
  };
}

export type PactLiveBlocks = ReturnType<typeof createPactLiveBlocks>;

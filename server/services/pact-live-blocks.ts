// The live blocks of pacts on the server (issue 6): each block's meeting read through the objectives
// service for whoever reads the pact, and only when the meeting belongs to the pact's own tavolo.
import type { JSONContent } from "@tiptap/core";
import type { Db } from "../../db/create-db";
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
import type { ObjectivesView } from "./objectives";

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

export function createPactLiveBlocks(db: Db, objectives: ObjectivesReader) {
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
      const wanted = liveBlockMeetings(sections).filter((id) => UUID.test(id));
      if (wanted.length === 0) return () => null;
      const own = await db
        .selectFrom("meetings")
        .select("id")
        .where(
          "id",
          "in",
          wanted.map((id) => id.toLowerCase()),
        )
        .where("roundtable_id", "=", roundtableId)
        .execute();
      const data = new Map<string, LiveBlockData>();
      for (const { id } of own) {
        try {
          data.set(id, liveBlockFromObjectives(await objectives.list(actor, id, STORED_LOCALE)));
        } catch (error) {
          // Not allowed, or gone since: the block is unreadable; anything else is a real failure.
          if (!isAppError(error)) throw error;
        }
      }
      return (meetingId) => data.get(meetingId.toLowerCase()) ?? null;
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

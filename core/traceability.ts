// Where every objective comes from and where every card went (DESIGN.md "traceability"):
// objective → clusters → cards, with how many voices from each group, and the cards that ended in
// no objective ("unheard"). Counts by group only: who wrote an anonymous card is never needed.
import type { BoardCard, BoardObjective } from "./board";

/** Cards with no group (typed by an API client, or older boards) are counted here. */
export const UNKNOWN_GROUP = "unknown";

export interface ObjectiveTrace {
  objectiveId: string;
  clusterIds: string[];
  /** The cards of its clusters, in board order of clusters then cards. */
  cardIds: string[];
  /** Cards by the group of who wrote them: {family: 12, school: 4}. One card, one voice. */
  voices: Record<string, number>;
  /** Of which typed up from paper in the room. */
  inPerson: number;
}

export interface CardDestination {
  clusterId: string | null;
  /** The objectives its cluster feeds (none: the card is not heard in any objective yet). */
  objectiveIds: string[];
}

export interface BoardTrace {
  objectives: Map<string, ObjectiveTrace>;
  cards: Map<string, CardDestination>;
  /** Cards that feed no objective, in board order. */
  unheard: string[];
}

export function countVoices(cards: readonly { group: string | null }[]): Record<string, number> {
  const voices: Record<string, number> = {};
  for (const card of cards) {
    const group = card.group ?? UNKNOWN_GROUP;
    voices[group] = (voices[group] ?? 0) + 1;
  }
  return voices;
}

/** What tracing reads of a card: where it is, and who (by group) wrote it. */
export type TraceableCard = Pick<BoardCard, "id" | "clusterId" | "group" | "inPerson">;

export function traceBoard<C extends TraceableCard>(board: {
  cards: readonly C[];
  objectives: readonly Pick<BoardObjective, "id" | "clusterIds">[];
}): BoardTrace {
  const cardsByCluster = new Map<string, C[]>();
  for (const card of board.cards) {
    if (card.clusterId === null) continue;
    const members = cardsByCluster.get(card.clusterId) ?? [];
    members.push(card);
    cardsByCluster.set(card.clusterId, members);
  }
  const objectivesByCluster = new Map<string, string[]>();
  const objectives = new Map<string, ObjectiveTrace>();
  for (const objective of board.objectives) {
    const cards = objective.clusterIds.flatMap((id) => cardsByCluster.get(id) ?? []);
    for (const clusterId of objective.clusterIds) {
      objectivesByCluster.set(clusterId, [
        ...(objectivesByCluster.get(clusterId) ?? []),
        objective.id,
      ]);
    }
    objectives.set(objective.id, {
      objectiveId: objective.id,
      clusterIds: [...objective.clusterIds],
      cardIds: cards.map((c) => c.id),
      voices: countVoices(cards),
      inPerson: cards.filter((c) => c.inPerson).length,
    });
  }
  const cards = new Map<string, CardDestination>();
  const unheard: string[] = [];
  for (const card of board.cards) {
    const objectiveIds = card.clusterId ? (objectivesByCluster.get(card.clusterId) ?? []) : [];
    cards.set(card.id, { clusterId: card.clusterId, objectiveIds });
    if (objectiveIds.length === 0) unheard.push(card.id);
  }
  return { objectives, cards, unheard };
}

// Where the board's cards and clusters lead (core/traceability.ts), worded for the board's menus
// and frames: a card's cluster and the objectives it feeds, a cluster's objectives.
import type { BoardObjective } from "../../../core/board";
import { traceBoard } from "../../../core/traceability";
import type { Translate } from "../../i18n/use-i18n";
import type { ShownCard } from "../board/board-layout";

export interface FedObjective {
  id: string;
  title: string;
}

/** The objectives each cluster feeds, for the badges on frames (clusters that exist only). */
export function objectivesByCluster(
  objectives: readonly BoardObjective[],
  clusters: ReadonlyMap<string, unknown>,
): Map<string, FedObjective[]> {
  const fed = new Map<string, FedObjective[]>();
  for (const objective of objectives) {
    for (const clusterId of new Set(objective.clusterIds)) {
      if (!clusters.has(clusterId)) continue;
      const list = fed.get(clusterId) ?? [];
      list.push({ id: objective.id, title: objective.title });
      fed.set(clusterId, list);
    }
  }
  return fed;
}

/** "Where did this card go": its cluster and the objectives it feeds, or that it feeds none yet. */
export function whereItWent(
  t: Translate,
  shown: ShownCard,
  objectives: readonly BoardObjective[],
  clusterLabel: (id: string) => string,
): string {
  const { card } = shown;
  // Only this card's destination is asked for; its cluster is the one the view checked exists.
  const trace = traceBoard({
    cards: [
      {
        id: card.id,
        text: card.text,
        clusterId: shown.clusterId,
        createdAt: new Date(card.createdAt),
        authorLabel: card.authorLabel,
        group: card.group,
        inPerson: card.inPerson,
        order: card.order,
      },
    ],
    objectives: [...objectives],
  });
  const destination = trace.cards.get(card.id);
  const titles = (destination?.objectiveIds ?? [])
    .map((id) => objectives.find((o) => o.id === id)?.title)
    .filter((title): title is string => title !== undefined)
    .map((title) => t("board.quote", { text: title }))
    .join(", ");
  if (!destination?.clusterId) return t("board.trace.loose");
  const label = clusterLabel(destination.clusterId);
  return titles
    ? t("board.trace.feeds", { label, objectives: titles })
    : t("board.trace.not_yet", { label });
}

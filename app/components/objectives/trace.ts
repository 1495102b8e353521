// What the objectives page shows of where an objective comes from and of the cards that fed none:
// clusters with their cards in board order, voices counted by group under the board's group labels,
// and what a viewer may read of a card the facilitator hid or has not turned over yet.
import type { BoardCard, BoardSnapshot } from "../../../core/board";
import { byClusterOrder } from "../../../core/board-ops";
import { CONTRIBUTOR_GROUPS, isContributorGroup } from "../../../core/domain";
import type { MessageKey } from "../../../core/i18n";
import { countVoices, UNKNOWN_GROUP } from "../../../core/traceability";
import type { UnheardView } from "../../../server/services/objectives";

/** The board's label of a card's group ("board.group.family"); no group and unknown ones apart. */
export function groupLabelKey(group: string | null): MessageKey {
  if (group === null || group === UNKNOWN_GROUP) return "board.group.none";
  return isContributorGroup(group) ? `board.group.${group}` : "board.group.other";
}

/** The id of an objective's trace on the objectives page, which links (the pact's tables) point at. */
export const traceAnchor = (objectiveId: string) => `trace-${objectiveId}`;

/** Where an objective's trace is: its meeting's objectives page, at the objective's trace. */
export const traceHref = (meetingId: string, objectiveId: string) =>
  `/meetings/${encodeURIComponent(meetingId)}/objectives#${encodeURIComponent(traceAnchor(objectiveId))}`;

export interface VoiceCount {
  labelKey: MessageKey;
  count: number;
}

const LABEL_ORDER: MessageKey[] = [
  ...CONTRIBUTOR_GROUPS.map((g): MessageKey => `board.group.${g}`),
  "board.group.none",
];

/** Voices by group as a list to read: the most first, then in the board's order of groups. */
export function voiceList(voices: Readonly<Record<string, number>>): VoiceCount[] {
  const byLabel = new Map<MessageKey, number>();
  for (const [group, count] of Object.entries(voices)) {
    if (count <= 0) continue;
    const key = groupLabelKey(group);
    byLabel.set(key, (byLabel.get(key) ?? 0) + count);
  }
  return [...byLabel]
    .map(([labelKey, count]) => ({ labelKey, count }))
    .sort(
      (a, b) =>
        b.count - a.count || LABEL_ORDER.indexOf(a.labelKey) - LABEL_ORDER.indexOf(b.labelKey),
    );
}

/** Voices of a list of cards (one card, one voice), as a list to read. */
export function voicesOfCards(cards: readonly { group: string | null }[]): VoiceCount[] {
  return voiceList(countVoices(cards));
}

export interface TracedCluster {
  id: string;
  label: string;
  cards: BoardCard[];
}

/** The clusters an objective cites, each with its cards in the order the board shows them. */
export function tracedClusters(
  board: Pick<BoardSnapshot, "cards" | "clusters">,
  clusterIds: readonly string[],
): TracedCluster[] {
  const wanted = new Set(clusterIds);
  const cards = new Map<string, BoardCard[]>();
  for (const card of board.cards) {
    if (card.clusterId === null || !wanted.has(card.clusterId)) continue;
    cards.set(card.clusterId, [...(cards.get(card.clusterId) ?? []), card]);
  }
  const labels = new Map(board.clusters.map((c) => [c.id, c.label]));
  return clusterIds
    .filter((id) => labels.has(id))
    .map((id) => ({
      id,
      label: labels.get(id)!,
      cards: (cards.get(id) ?? []).sort((a, b) =>
        byClusterOrder(
          { id: a.id, order: a.order, createdAt: a.createdAt.getTime() },
          { id: b.id, order: b.order, createdAt: b.createdAt.getTime() },
        ),
      ),
    }));
}

/** What the viewer of the page is shown of the meeting's cards (the board's rule). */
export interface CardViewer {
  facilitator: boolean;
  hiddenCards: ReadonlySet<string>;
  privateWriting: boolean;
}

/**
 * Whether a card's words are kept from this viewer: a card the facilitator hid, or any card while
 * writing is private, shows to facilitators only. It still counts as a voice.
 */
export function isConcealed(cardId: string, viewer: CardViewer): boolean {
  if (viewer.facilitator) return false;
  return viewer.privateWriting || viewer.hiddenCards.has(cardId);
}

/** A card of the tavolo-wide list of unheard cards (`services.objectives.unheard`), as served. */
export type UnheardCard = Omit<UnheardView["cards"][number], "createdAt"> & {
  createdAt: string | Date;
};

export interface UnheardMeeting<C extends UnheardCard = UnheardCard> {
  meeting: { id: string; title: string; startsAt: string | Date };
  cards: C[];
  voices: VoiceCount[];
}

/** Unheard cards by meeting, in the meetings' order, leaving out meetings with none. */
export function unheardByMeeting<C extends UnheardCard>(view: {
  meetings: readonly { id: string; title: string; startsAt: string | Date }[];
  cards: readonly C[];
}): UnheardMeeting<C>[] {
  const byMeeting = new Map<string, C[]>();
  for (const card of view.cards) {
    byMeeting.set(card.meetingId, [...(byMeeting.get(card.meetingId) ?? []), card]);
  }
  return view.meetings
    .filter((meeting) => byMeeting.has(meeting.id))
    .map((meeting) => {
      const cards = byMeeting.get(meeting.id)!;
      return { meeting, cards, voices: voicesOfCards(cards) };
    });
}

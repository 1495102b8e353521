// The facilitator's edits of suggested clusters before they reach the board (issue 5): rename,
// split, merge, accept or not. Pure functions over a list in which every card sits in exactly one
// suggestion and no suggestion is empty; each edit keeps it so.
import { MAX_CLUSTER_LABEL } from "../../../core/board-ops";
import type { AcceptedCluster } from "../../../core/sensemaking";

export interface Suggestion {
  /** Fresh board id: it becomes the cluster's id when the suggestion is applied. */
  id: string;
  label: string;
  cardIds: string[];
  /** Ticked to be applied. */
  accepted: boolean;
}

/** Two cards saying nearly the same thing. */
export interface NearDuplicate {
  a: string;
  b: string;
}

/** What clusterStatements (core/clustering) answers: members are indices into its input. */
export interface ClusteringOutput {
  clusters: readonly { label: string; members: readonly number[] }[];
  nearDuplicates: readonly (readonly [number, number])[];
}

function cleanLabel(label: string): string {
  return label.replace(/\s+/g, " ").trim().slice(0, MAX_CLUSTER_LABEL);
}

/**
 * The suggestions of a clustering run over `cardIds` (its input, in order), all accepted. A group
 * without keywords gets `fallbackLabel(n)` (n from 1), so every suggestion can become a cluster.
 */
export function suggestionsFrom(
  output: ClusteringOutput,
  cardIds: readonly string[],
  options: { newId: () => string; fallbackLabel: (n: number) => string },
): { suggestions: Suggestion[]; nearDuplicates: NearDuplicate[] } {
  const seen = new Set<string>();
  const suggestions: Suggestion[] = [];
  for (const cluster of output.clusters) {
    const ids = cluster.members
      .map((i) => cardIds[i])
      .filter((id): id is string => id !== undefined && !seen.has(id));
    ids.forEach((id) => seen.add(id));
    if (ids.length === 0) continue;
    suggestions.push({
      id: options.newId(),
      label: cleanLabel(cluster.label) || options.fallbackLabel(suggestions.length + 1),
      cardIds: ids,
      accepted: true,
    });
  }
  const nearDuplicates = output.nearDuplicates
    .map(([i, j]) => ({ a: cardIds[i], b: cardIds[j] }))
    .filter((p): p is NearDuplicate => p.a !== undefined && p.b !== undefined && p.a !== p.b);
  return { suggestions, nearDuplicates };
}

/** A new name; a blank one leaves the suggestion as it was. */
export function renameSuggestion(
  list: readonly Suggestion[],
  id: string,
  label: string,
): Suggestion[] {
  const clean = cleanLabel(label);
  return list.map((s) => (s.id === id && clean ? { ...s, label: clean } : s));
}

export function setAccepted(
  list: readonly Suggestion[],
  id: string,
  accepted: boolean,
): Suggestion[] {
  return list.map((s) => (s.id === id ? { ...s, accepted } : s));
}

export function setAllAccepted(list: readonly Suggestion[], accepted: boolean): Suggestion[] {
  return list.map((s) => ({ ...s, accepted }));
}

/**
 * Moves some cards of a suggestion into a new one placed right after it. Nothing changes unless
 * at least one card moves and at least one stays. A blank label takes the source's.
 */
export function splitSuggestion(
  list: readonly Suggestion[],
  id: string,
  cardIds: readonly string[],
  next: { id: string; label: string },
): Suggestion[] {
  const index = list.findIndex((s) => s.id === id);
  const source = list[index];
  if (!source || list.some((s) => s.id === next.id)) return [...list];
  const moving = new Set(cardIds);
  const moved = source.cardIds.filter((c) => moving.has(c));
  const kept = source.cardIds.filter((c) => !moving.has(c));
  if (moved.length === 0 || kept.length === 0) return [...list];
  const created: Suggestion = {
    id: next.id,
    label: cleanLabel(next.label) || source.label,
    cardIds: moved,
    accepted: source.accepted,
  };
  return [...list.slice(0, index), { ...source, cardIds: kept }, created, ...list.slice(index + 1)];
}

/**
 * Merges two or more suggestions into the first of them (in list order), which keeps its id and
 * name and takes the others' cards after its own; accepted if any of them was.
 */
export function mergeSuggestions(
  list: readonly Suggestion[],
  ids: readonly string[],
): Suggestion[] {
  const chosen = new Set(ids);
  const merging = list.filter((s) => chosen.has(s.id));
  if (merging.length < 2) return [...list];
  const [target] = merging;
  const merged: Suggestion = {
    ...target!,
    cardIds: merging.flatMap((s) => s.cardIds),
    accepted: merging.some((s) => s.accepted),
  };
  return list
    .filter((s) => s === target || !chosen.has(s.id))
    .map((s) => (s === target ? merged : s));
}

/** Drops cards that are no longer on the board, and suggestions left with none. */
export function keepCards(list: readonly Suggestion[], present: ReadonlySet<string>): Suggestion[] {
  const kept: Suggestion[] = [];
  for (const s of list) {
    if (s.cardIds.every((c) => present.has(c))) kept.push(s);
    else {
      const cardIds = s.cardIds.filter((c) => present.has(c));
      if (cardIds.length > 0) kept.push({ ...s, cardIds });
    }
  }
  return kept;
}

/** What applyClusterSuggestions (core/sensemaking) takes: the accepted suggestions. */
export function acceptedClusters(list: readonly Suggestion[]): AcceptedCluster[] {
  return list
    .filter((s) => s.accepted && s.cardIds.length > 0)
    .map((s) => ({ id: s.id, label: s.label, cardIds: [...s.cardIds] }));
}

/** The suggestions left once the accepted ones were applied. */
export function withoutAccepted(list: readonly Suggestion[]): Suggestion[] {
  return list.filter((s) => !s.accepted);
}

export interface DuplicateHint extends NearDuplicate {
  /** The suggestions the two cards are in (the same one when they are already together). */
  suggestionA: string;
  suggestionB: string;
}

/** Near-duplicate pairs of cards still in the list, with where each card is. */
export function duplicateHints(
  list: readonly Suggestion[],
  pairs: readonly NearDuplicate[],
): DuplicateHint[] {
  const where = new Map<string, string>();
  for (const s of list) for (const c of s.cardIds) where.set(c, s.id);
  const hints: DuplicateHint[] = [];
  for (const { a, b } of pairs) {
    const suggestionA = where.get(a);
    const suggestionB = where.get(b);
    if (suggestionA && suggestionB) hints.push({ a, b, suggestionA, suggestionB });
  }
  return hints;
}

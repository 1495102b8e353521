// Suggested groups for a listening session's statements: clusterStatements and what it returns.
import { communityHierarchy, cutDendrogram, type Linkage, type Merge } from "./cluster";
import { louvain, nearestNeighbours, sharedNeighbourGraph } from "./graph";
import { canonicalKey } from "./normalize";
import type { ClusteringLanguage } from "./stopwords";
import {
  analyzeStatement,
  CHAR_WEIGHT,
  concatenate,
  forEachSimilarityRow,
  tfIdf,
  WORD_WEIGHT,
  type Analysis,
  type SparseVector,
} from "./vectors";

export type { ClusteringLanguage } from "./stopwords";

export interface ClusterOptions {
  lang: ClusteringLanguage;
  /** −1 (fewer, broader groups) … 0 (as chosen) … +1 (more, narrower groups). */
  granularity?: number;
}

export interface StatementCluster {
  label: string;
  /** Indices into the input, ascending. */
  members: number[];
}

export interface ClusteringResult {
  /** Every input in exactly one cluster; largest first, then by first member. */
  clusters: StatementCluster[];
  /** Pairs of inputs (lower index first) saying nearly the same thing: candidates for merging. */
  nearDuplicates: [number, number][];
}

/**
 * Ward's criterion keeps groups compact and of comparable size, which suits topics; average
 * linkage on sparse short texts tends to one large group and many singletons.
 */
const LINKAGE: Linkage = "ward";
/** Word-level cosine (stems and synonyms) from which two statements are flagged as duplicates. */
export const NEAR_DUPLICATE_SIMILARITY = 0.8;
/**
 * Neighbours per statement in the graph whose communities are the groups: ⌈log₂ n⌉, of the order
 * of log n that keeps a k-nearest-neighbour graph connected (von Luxburg 2007, §8.1) while staying
 * below the size of a small board's groups (6 statements: 3 neighbours, 120: 7, 5,000: 13).
 */
const neighbourCount = (n: number): number => Math.max(2, Math.ceil(Math.log2(n)));
/**
 * At most 2√n groups before the facilitator's knob: beyond that a board is no longer summarised.
 * Modularity rarely reaches it; when it does, Ward merges whole communities down to it.
 */
const maxGroups = (n: number): number => Math.ceil(2 * Math.sqrt(n));
/** Two statements alone are one group if at least this similar. */
const PAIR_SIMILARITY = 0.3;
/** Heights below this are identical statements, which are never split. */
const SAME = 1e-6;

const EMPTY_LABEL: Record<ClusteringLanguage, string> = {
  it: "(senza parole chiave)",
  en: "(no keywords)",
};

/** The order statements are processed in: by their normalised text, so input order is irrelevant. */
function canonicalOrder(texts: readonly string[]): number[] {
  const keys = texts.map(canonicalKey);
  const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return texts
    .map((_, i) => i)
    .sort((a, b) => compare(keys[a]!, keys[b]!) || compare(texts[a]!, texts[b]!) || a - b);
}

const toDistance = (sim: number): number =>
  LINKAGE === "ward" ? Math.max(0, 2 - 2 * sim) : Math.max(0, 1 - sim);

function distanceMatrix(vectors: SparseVector[], featureCount: number): Float32Array {
  const m = vectors.length;
  const distances = new Float32Array(m * m);
  distances.fill(toDistance(0));
  for (let i = 0; i < m; i++) distances[i * m + i] = 0;
  forEachSimilarityRow(vectors, featureCount, (i, row, touched, count) => {
    for (let t = 0; t < count; t++) {
      const j = touched[t]!;
      const d = toDistance(row[j]!);
      distances[i * m + j] = d;
      distances[j * m + i] = d;
    }
  });
  return distances;
}

/**
 * The statements' communities in their shared-nearest-neighbour graph, by modularity: the number
 * of groups comes out of the graph instead of being searched for. Identical statements (each
 * other's nearest, the lower index first) are kept in the community of the first of them.
 */
function communities(distances: Float32Array, m: number): Int32Array {
  if (m < 3) return new Int32Array(m);
  const knn = nearestNeighbours(distances, m, neighbourCount(m));
  const community = louvain(sharedNeighbourGraph(knn));
  for (let i = 0; i < m; i++) {
    for (const j of knn[i]!) {
      if (distances[i * m + j]! > SAME) break;
      if (j < i) {
        community[i] = community[j]!;
        break;
      }
    }
  }
  const number = new Map<number, number>();
  return community.map((c) => {
    let id = number.get(c);
    if (id === undefined) number.set(c, (id = number.size));
    return id;
  });
}

/** The hierarchy the knob cuts, and how many groups it suggests before the knob. */
function suggestGroups(
  vectors: SparseVector[],
  featureCount: number,
): { merges: Merge[]; natural: number; distinct: number } {
  const m = vectors.length;
  const distances = distanceMatrix(vectors, featureCount);
  const community = communities(distances, m);
  const merges = communityHierarchy(distances, m, community);
  const distinct = m - merges.filter((merge) => merge.height <= SAME).length;
  if (distinct <= 2) {
    const pairSimilarity = m === 2 ? 1 - distances[1]! / 2 : 0;
    const natural = distinct === 2 && m === 2 && pairSimilarity < PAIR_SIMILARITY ? 2 : 1;
    return { merges, natural: Math.min(natural, distinct), distinct };
  }
  const found = m === 0 ? 0 : Math.max(...community) + 1;
  return { merges, natural: Math.min(found, maxGroups(m), distinct), distinct };
}

function labelFor(
  members: readonly number[],
  analyses: readonly Analysis[],
  word: ReturnType<typeof tfIdf>,
): string {
  const inside = new Set(members);
  const mass = new Float64Array(word.features.length);
  word.vectors.forEach((v, doc) => {
    const sign = inside.has(doc)
      ? 1 / members.length
      : -1 / Math.max(1, word.vectors.length - members.length);
    v.indices.forEach((id, k) => (mass[id]! += sign * v.values[k]!));
  });
  const ranked = [...mass.keys()]
    .filter((id) => mass[id]! > 0)
    .sort((a, b) => mass[b]! - mass[a]! || (word.features[a]! < word.features[b]! ? -1 : 1));
  const top = mass[ranked[0] ?? 0] ?? 0;
  const words: string[] = [];
  for (const id of ranked.slice(0, 3)) {
    if (mass[id]! < top / 2) break;
    const term = word.features[id]!;
    const counts = new Map<string, number>();
    for (const doc of members) {
      const a = analyses[doc]!;
      a.terms.forEach((t, k) => {
        if (t === term) counts.set(a.surfaces[k]!, (counts.get(a.surfaces[k]!) ?? 0) + 1);
      });
    }
    const surface = [...counts].sort((p, q) => q[1] - p[1] || (p[0] < q[0] ? -1 : 1))[0]?.[0];
    if (surface && !words.includes(surface)) words.push(surface);
  }
  return words.join(", ");
}

export function clusterStatements(
  texts: readonly string[],
  options: ClusterOptions,
): ClusteringResult {
  const { lang } = options;
  const granularity = Math.max(-1, Math.min(1, options.granularity ?? 0));
  const order = canonicalOrder(texts);
  const analyzed = order.map((i) => ({ input: i, analysis: analyzeStatement(texts[i]!, lang) }));
  const empty = analyzed.filter((a) => a.analysis.terms.length === 0).map((a) => a.input);
  const kept = analyzed.filter((a) => a.analysis.terms.length > 0);
  const analyses = kept.map((a) => a.analysis);
  const m = kept.length;

  const word = tfIdf(analyses.map((a) => a.terms));
  const char = tfIdf(analyses.map((a) => a.grams));
  const vectors = word.vectors.map((w, i) =>
    concatenate(w, WORD_WEIGHT, char.vectors[i]!, CHAR_WEIGHT, word.features.length),
  );

  const clusters: StatementCluster[] = [];
  if (m > 0) {
    const { merges, natural, distinct } = suggestGroups(
      vectors,
      word.features.length + char.features.length,
    );
    const k = Math.max(1, Math.min(distinct, Math.round(natural * 2 ** granularity)));
    const label = cutDendrogram(merges, m, k);
    const groups = new Map<number, number[]>();
    label.forEach((g, i) => groups.set(g, [...(groups.get(g) ?? []), i]));
    for (const local of groups.values()) {
      clusters.push({
        label: labelFor(local, analyses, word),
        members: local.map((i) => kept[i]!.input).sort((a, b) => a - b),
      });
    }
  }
  if (empty.length > 0)
    clusters.push({ label: EMPTY_LABEL[lang], members: [...empty].sort((a, b) => a - b) });
  clusters.sort((a, b) => b.members.length - a.members.length || a.members[0]! - b.members[0]!);

  const nearDuplicates: [number, number][] = [];
  forEachSimilarityRow(word.vectors, word.features.length, (i, row, touched, count) => {
    for (let t = 0; t < count; t++) {
      const j = touched[t]!;
      if (row[j]! >= NEAR_DUPLICATE_SIMILARITY - 1e-9) {
        const [a, b] = [kept[i]!.input, kept[j]!.input];
        nearDuplicates.push(a < b ? [a, b] : [b, a]);
      }
    }
  });
  nearDuplicates.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  return { clusters, nearDuplicates };
}

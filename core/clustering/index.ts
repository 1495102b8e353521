// Suggested groups for a listening session's statements: clusterStatements and what it returns.
import {
  buildDendrogram,
  cutDendrogram,
  SILHOUETTE_SAMPLE,
  silhouettes,
  type Linkage,
} from "./cluster";
import { louvain, nearestNeighbours, sharedNeighbourGraph } from "./graph";
import { latentSemanticVectors } from "./lsa";
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
 * The silhouette looks at 2 … 2√n groups: beyond that a board is no longer summarised. On short
 * statements the silhouette tends to keep rising up to this cap, which then decides; the
 * facilitator's knob halves or doubles the count.
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

export interface Variant {
  representation: "sparse" | "lsa";
  count: "silhouette" | "modularity";
  partition: "ward" | "louvain";
}
export const CURRENT: Variant = { representation: "sparse", count: "silhouette", partition: "ward" };

const lsaDims = (n: number): number => Math.min(100, Math.ceil(2 * Math.sqrt(n)));
const neighbourCount = (n: number): number => Math.max(5, Math.ceil(Math.log2(n)));

const toDistance = (sim: number): number =>
  LINKAGE === "ward" ? Math.max(0, 2 - 2 * sim) : Math.max(0, 1 - sim);

function sparseDistances(vectors: SparseVector[], featureCount: number): Float32Array {
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

function denseDistances(coordinates: Float64Array, m: number, dims: number): Float32Array {
  const distances = new Float32Array(m * m);
  for (let i = 0; i < m; i++) {
    const a = i * dims;
    for (let j = i + 1; j < m; j++) {
      const b = j * dims;
      let dot = 0;
      for (let c = 0; c < dims; c++) dot += coordinates[a + c]! * coordinates[b + c]!;
      const d = toDistance(dot);
      distances[i * m + j] = d;
      distances[j * m + i] = d;
    }
  }
  return distances;
}

/** How many groups the silhouette prefers, before the facilitator's knob. */
function chooseGroupCount(
  distances: Float32Array,
  m: number,
  variant: Variant,
): { merges: ReturnType<typeof buildDendrogram>; natural: number; distinct: number; communities?: Int32Array } {
  const sampleStep = Math.max(1, Math.ceil(m / SILHOUETTE_SAMPLE));
  const sample: number[] = [];
  for (let i = 0; i < m; i += sampleStep) sample.push(i);
  const rows = sample.map((i) => distances.slice(i * m, (i + 1) * m));
  const pairSimilarity = m === 2 ? 1 - (LINKAGE === "ward" ? distances[1]! / 2 : distances[1]!) : 0;
  let communities: Int32Array | undefined;
  if (variant.count === "modularity" || variant.partition === "louvain") {
    communities = louvain(sharedNeighbourGraph(nearestNeighbours(distances, m, neighbourCount(m))));
  }

  const merges = buildDendrogram(distances, m, LINKAGE);
  const distinct = m - merges.filter((merge) => merge.height <= SAME).length;
  if (distinct <= 2) {
    const natural = distinct === 2 && m === 2 && pairSimilarity < PAIR_SIMILARITY ? 2 : 1;
    return { merges, natural: Math.min(natural, distinct), distinct };
  }
  if (variant.count === "modularity") {
    const natural = Math.max(...communities!) + 1;
    return { merges, natural: Math.min(natural, distinct), distinct, communities };
  }
  const kMax = Math.min(distinct, maxGroups(m), m - 1);
  let natural = 1;
  let best = -Infinity;
  for (const [k, score] of silhouettes(merges, m, kMax, sample, rows)) {
    if (score > best || (score === best && k < natural)) [best, natural] = [score, k];
  }
  return { merges, natural, distinct, communities };
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
  return clusterStatementsWith(texts, options, CURRENT);
}

export function clusterStatementsWith(
  texts: readonly string[],
  options: ClusterOptions,
  variant: Variant,
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
    const featureCount = word.features.length + char.features.length;
    let distances: Float32Array;
    if (variant.representation === "lsa") {
      const lsa = latentSemanticVectors(vectors, featureCount, lsaDims(m));
      distances = denseDistances(lsa.coordinates, m, lsa.dims);
    } else distances = sparseDistances(vectors, featureCount);
    const { merges, natural, distinct, communities } = chooseGroupCount(distances, m, variant);
    const k = Math.max(1, Math.min(distinct, Math.round(natural * 2 ** granularity)));
    const label =
      variant.partition === "louvain" && communities && granularity === 0
        ? communities
        : cutDendrogram(merges, m, k);
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

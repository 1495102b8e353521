// Agglomerative clustering of statements on cosine similarity, the number of groups chosen by
// silhouette and moved by the facilitator's granularity knob.

export type Linkage = "ward" | "average";

export interface Merge {
  /** A statement in each of the two groups merged (their representatives). */
  a: number;
  b: number;
  /** Ward: the merge's increase in within-group variance; average: mean distance. */
  height: number;
}

/**
 * The dendrogram of n points from their n×n distance matrix (squared Euclidean for Ward, which on
 * unit vectors is 2 − 2·cosine), merges sorted by height. Nearest-neighbour chain with
 * Lance–Williams updates: O(n²) time, and `distances` is overwritten. Ties go to the lower index,
 * so the same matrix always gives the same tree.
 */
export function buildDendrogram(distances: Float32Array, n: number, linkage: Linkage): Merge[] {
  const size = new Float64Array(n).fill(1);
  const active = Array.from({ length: n }, (_, i) => i);
  const merges: Merge[] = [];
  const chain: number[] = [];
  while (active.length > 1) {
    if (chain.length === 0) chain.push(active[0]!);
    for (;;) {
      const x = chain[chain.length - 1]!;
      const previous = chain.length >= 2 ? chain[chain.length - 2]! : -1;
      let nearest = previous;
      let best = previous >= 0 ? distances[x * n + previous]! : Infinity;
      const row = x * n;
      for (const y of active) {
        if (y === x) continue;
        const d = distances[row + y]!;
        if (d < best || (d === best && y < nearest && nearest !== previous)) {
          best = d;
          nearest = y;
        }
      }
      if (nearest === previous) {
        chain.length -= 2;
        const keep = Math.min(x, nearest);
        const drop = Math.max(x, nearest);
        merges.push({ a: keep, b: drop, height: best });
        const [si, sj] = [size[keep]!, size[drop]!];
        for (const k of active) {
          if (k === keep || k === drop) continue;
          const dki = distances[k * n + keep]!;
          const dkj = distances[k * n + drop]!;
          const sk = size[k]!;
          const updated =
            linkage === "ward"
              ? ((sk + si) * dki + (sk + sj) * dkj - sk * best) / (si + sj + sk)
              : (si * dki + sj * dkj) / (si + sj);
          distances[k * n + keep] = updated;
          distances[keep * n + k] = updated;
        }
        size[keep] = si + sj;
        active.splice(active.indexOf(drop), 1);
        break;
      }
      chain.push(nearest);
    }
  }
  // Stable: equal heights keep the chain's order, in which a group is formed before it merges.
  return merges
    .map((m, order) => ({ m, order }))
    .sort((p, q) => p.m.height - q.m.height || p.order - q.order)
    .map(({ m }) => m);
}

class UnionFind {
  private readonly parent: Int32Array;
  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
  }
  find(x: number): number {
    let root = x;
    while (this.parent[root] !== root) root = this.parent[root]!;
    while (this.parent[x] !== root) {
      const next = this.parent[x]!;
      this.parent[x] = root;
      x = next;
    }
    return root;
  }
  union(a: number, b: number): void {
    const [ra, rb] = [this.find(a), this.find(b)];
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/** The groups left after the first n − k merges: each point's group, numbered from 0 by first point. */
export function cutDendrogram(merges: readonly Merge[], n: number, k: number): Int32Array {
  const sets = new UnionFind(n);
  const count = Math.max(0, Math.min(merges.length, n - k));
  for (let i = 0; i < count; i++) sets.union(merges[i]!.a, merges[i]!.b);
  const label = new Int32Array(n);
  const number = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const root = sets.find(i);
    let id = number.get(root);
    if (id === undefined) number.set(root, (id = number.size));
    label[i] = id;
  }
  return label;
}

/** Statements compared for the silhouette: all of them up to this many, else an even sample. */
export const SILHOUETTE_SAMPLE = 1000;

/**
 * Mean silhouette of every cut from `kMax` groups down to 2, using cosine distance. Sums of
 * distances from each sampled point to each group are kept and added up as groups merge, so all
 * cuts together cost O(sample × n + sample × kMax²).
 * `distanceRows[s]` holds the distances from sample point `sample[s]` to every point.
 */
export function silhouettes(
  merges: readonly Merge[],
  n: number,
  kMax: number,
  sample: readonly number[],
  distanceRows: readonly Float32Array[],
): Map<number, number> {
  const scores = new Map<number, number>();
  if (kMax < 2) return scores;
  const label = cutDendrogram(merges, n, kMax);
  const groups = Math.max(...label) + 1;
  const size = new Float64Array(groups);
  for (const l of label) size[l]! += 1;
  const sums = sample.map((_, s) => {
    const row = distanceRows[s]!;
    const sum = new Float64Array(groups);
    for (let j = 0; j < n; j++) sum[label[j]!]! += row[j]!;
    return sum;
  });
  const own = Int32Array.from(sample, (p) => label[p]!);
  // Group slots after the kMax cut; a later merge folds slot b into slot a.
  const slotOf = new UnionFind(groups);
  const alive = new Set<number>(Array.from({ length: groups }, (_, i) => i));
  const score = (): number => {
    let total = 0;
    sample.forEach((_, s) => {
      const mine = slotOf.find(own[s]!);
      if (size[mine]! <= 1) return;
      const sum = sums[s]!;
      const a = sum[mine]! / (size[mine]! - 1);
      let b = Infinity;
      for (const g of alive) if (g !== mine) b = Math.min(b, sum[g]! / size[g]!);
      total += b === Infinity ? 0 : (b - a) / Math.max(a, b, 1e-12);
    });
    return total / sample.length;
  };
  scores.set(groups, score());
  for (let i = n - kMax; i < merges.length && alive.size > 2; i++) {
    const m = merges[i]!;
    const sa = slotOf.find(label[m.a]!);
    const sb = slotOf.find(label[m.b]!);
    if (sa === sb) continue;
    const [keep, drop] = [Math.min(sa, sb), Math.max(sa, sb)];
    slotOf.union(keep, drop);
    size[keep]! += size[drop]!;
    for (const sum of sums) sum[keep]! += sum[drop]!;
    alive.delete(drop);
    scores.set(alive.size, score());
  }
  return scores;
}

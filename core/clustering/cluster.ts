// Agglomerative clustering of statements on cosine similarity: Ward's dendrogram, and the one
// hierarchy built around a partition into communities that the facilitator's knob cuts.

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
 * so the same matrix always gives the same tree. The "points" may be groups already: then
 * `sizes` holds how many statements each stands for, and `distances` their Ward distances.
 */
export function buildDendrogram(
  distances: Float32Array | Float64Array,
  n: number,
  linkage: Linkage,
  sizes?: ArrayLike<number>,
): Merge[] {
  const size = Float64Array.from({ length: n }, (_, i) => sizes?.[i] ?? 1);
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

/**
 * One hierarchy whose cut at the number of communities is exactly `community` (numbered from 0):
 * first the merges inside each community (its own Ward dendrogram), lowest first across all of
 * them, so that cutting into more groups undoes the costliest ones; then Ward's merges of whole
 * communities, from the Ward distance between groups A and B, 2·|A||B|/(|A|+|B|)·‖c_A − c_B‖²,
 * which is what Lance–Williams keeps for groups when singletons start at ‖a − b‖².
 * `distances` are squared Euclidean (2 − 2·cosine) and are left as they are.
 */
export function communityHierarchy(
  distances: Float32Array,
  n: number,
  community: Int32Array,
): Merge[] {
  const count = n === 0 ? 0 : Math.max(...community) + 1;
  const members: number[][] = Array.from({ length: count }, () => []);
  for (let i = 0; i < n; i++) members[community[i]!]!.push(i);
  // Sums of distances between and within communities, from which centroid distances follow.
  const sums = new Float64Array(count * count);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    const ci = community[i]! * count;
    for (let j = 0; j < n; j++) sums[ci + community[j]!]! += distances[row + j]!;
  }
  const inside: Merge[] = [];
  for (const group of members) {
    const s = group.length;
    const local = new Float32Array(s * s);
    group.forEach((i, a) => group.forEach((j, b) => (local[a * s + b] = distances[i * n + j]!)));
    for (const m of buildDendrogram(local, s, "ward"))
      inside.push({ a: group[m.a]!, b: group[m.b]!, height: m.height });
  }
  inside.sort((p, q) => p.height - q.height);
  const size = members.map((g) => g.length);
  const between = new Float64Array(count * count);
  for (let a = 0; a < count; a++)
    for (let b = a + 1; b < count; b++) {
      const [sa, sb] = [size[a]!, size[b]!];
      const centroids =
        sums[a * count + b]! / (sa * sb) -
        sums[a * count + a]! / (2 * sa * sa) -
        sums[b * count + b]! / (2 * sb * sb);
      const d = ((2 * sa * sb) / (sa + sb)) * Math.max(0, centroids);
      between[a * count + b] = d;
      between[b * count + a] = d;
    }
  const outside = buildDendrogram(between, count, "ward", size).map((m) => ({
    a: members[m.a]![0]!,
    b: members[m.b]![0]!,
    height: m.height,
  }));
  return [...inside, ...outside];
}

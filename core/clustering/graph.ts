// Groups of statements as communities of a shared-nearest-neighbour graph (the construction of
// PhenoGraph and Seurat), found by maximising modularity with the Louvain method.

/**
 * Each point's k nearest neighbours (itself excluded) from an n×n distance matrix, nearest first;
 * ties go to the lower index.
 */
export function nearestNeighbours(distances: Float32Array, n: number, k: number): Int32Array[] {
  const count = Math.min(k, n - 1);
  return Array.from({ length: n }, (_, i) => {
    const best = new Int32Array(count);
    const bestDistance = new Float64Array(count).fill(Infinity);
    let filled = 0;
    const row = i * n;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const d = distances[row + j]!;
      if (filled === count && d >= bestDistance[count - 1]!) continue;
      let at = filled < count ? filled++ : count - 1;
      while (at > 0 && bestDistance[at - 1]! > d) {
        best[at] = best[at - 1]!;
        bestDistance[at] = bestDistance[at - 1]!;
        at--;
      }
      best[at] = j;
      bestDistance[at] = d;
    }
    return best;
  });
}

export interface WeightedGraph {
  /** For each node, its neighbours (ascending) and the weights of those edges. */
  neighbours: Int32Array[];
  weights: Float64Array[];
}

/**
 * Points joined when either is among the other's nearest neighbours, each edge weighted by the
 * Jaccard index of the two neighbourhoods (each point counted in its own).
 */
export function sharedNeighbourGraph(knn: readonly Int32Array[]): WeightedGraph {
  const n = knn.length;
  const sets = knn.map((list, i) => new Set([i, ...list]));
  const edges = Array.from({ length: n }, () => new Set<number>());
  knn.forEach((list, i) => {
    for (const j of list) {
      edges[i]!.add(j);
      edges[j]!.add(i);
    }
  });
  const neighbours: Int32Array[] = [];
  const weights: Float64Array[] = [];
  edges.forEach((set, i) => {
    const list = Int32Array.from([...set].sort((a, b) => a - b));
    neighbours.push(list);
    weights.push(
      Float64Array.from(list, (j) => {
        let shared = 0;
        for (const x of sets[i]!) if (sets[j]!.has(x)) shared++;
        return shared / (sets[i]!.size + sets[j]!.size - shared);
      }),
    );
  });
  return { neighbours, weights };
}

interface Level {
  /** Adjacency with self-loops: a node's degree is the sum of its row. */
  neighbours: Int32Array[];
  weights: Float64Array[];
  selfLoops: Float64Array;
}

/** One pass of local moves: each node's community, numbered from 0 in order of first node. */
function moveNodes(level: Level, resolution: number): { community: Int32Array; moved: boolean } {
  const n = level.neighbours.length;
  const degree = Float64Array.from(
    { length: n },
    (_, i) => level.selfLoops[i]! + level.weights[i]!.reduce((s, w) => s + w, 0),
  );
  const twoM = degree.reduce((s, d) => s + d, 0);
  const community = Int32Array.from({ length: n }, (_, i) => i);
  const total = Float64Array.from(degree);
  const linkTo = new Float64Array(n);
  const touched: number[] = [];
  let moved = false;
  for (let improved = true, rounds = 0; improved && rounds < 100; rounds++) {
    improved = false;
    for (let i = 0; i < n; i++) {
      const own = community[i]!;
      const list = level.neighbours[i]!;
      const w = level.weights[i]!;
      for (let t = 0; t < list.length; t++) {
        const c = community[list[t]!]!;
        if (linkTo[c] === 0) touched.push(c);
        linkTo[c]! += w[t]!;
      }
      total[own]! -= degree[i]!;
      const gain = (c: number): number => linkTo[c]! - (resolution * total[c]! * degree[i]!) / twoM;
      let best = own;
      let bestGain = gain(own);
      for (const c of touched) {
        const g = gain(c);
        if (g > bestGain + 1e-12 || (Math.abs(g - bestGain) <= 1e-12 && c < best && best !== own))
          [best, bestGain] = [c, g];
      }
      total[best]! += degree[i]!;
      if (best !== own) {
        community[i] = best;
        improved = true;
        moved = true;
      }
      for (const c of touched) linkTo[c] = 0;
      touched.length = 0;
    }
  }
  const number = new Map<number, number>();
  const renumbered = community.map((c) => {
    let id = number.get(c);
    if (id === undefined) number.set(c, (id = number.size));
    return id;
  });
  return { community: renumbered, moved };
}

function aggregate(level: Level, community: Int32Array): Level {
  const count = Math.max(-1, ...community) + 1;
  const rows = Array.from({ length: count }, () => new Map<number, number>());
  const selfLoops = new Float64Array(count);
  level.neighbours.forEach((list, i) => {
    const ci = community[i]!;
    selfLoops[ci]! += level.selfLoops[i]!;
    list.forEach((j, t) => {
      const cj = community[j]!;
      const w = level.weights[i]![t]!;
      if (ci === cj) selfLoops[ci]! += w;
      else rows[ci]!.set(cj, (rows[ci]!.get(cj) ?? 0) + w);
    });
  });
  const neighbours = rows.map((row) => Int32Array.from([...row.keys()].sort((a, b) => a - b)));
  const weights = rows.map((row, c) => Float64Array.from(neighbours[c]!, (j) => row.get(j)!));
  return { neighbours, weights, selfLoops };
}

/**
 * Communities by the Louvain method (Blondel et al. 2008) at the given resolution: each node's
 * community, numbered from 0 in order of first node. Nodes are visited in index order and ties
 * go to the lower community, so the same graph always gives the same partition.
 */
export function louvain(graph: WeightedGraph, resolution = 1): Int32Array {
  const n = graph.neighbours.length;
  let membership = Int32Array.from({ length: n }, (_, i) => i);
  let level: Level = { ...graph, selfLoops: new Float64Array(n) };
  for (;;) {
    const { community, moved } = moveNodes(level, resolution);
    if (!moved) break;
    membership = membership.map((c) => community[c]!);
    level = aggregate(level, community);
  }
  return membership;
}

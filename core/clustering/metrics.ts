// Agreement between a clustering and reference labels: adjusted Rand index and normalised mutual
// information (arithmetic-mean normalisation, as scikit-learn's default).

function contingency(a: readonly (string | number)[], b: readonly (string | number)[]) {
  if (a.length !== b.length) throw new Error("Labellings of different lengths");
  const rows = new Map<string | number, number>();
  const cols = new Map<string | number, number>();
  const cells = new Map<string, number>();
  a.forEach((x, i) => {
    const y = b[i]!;
    rows.set(x, (rows.get(x) ?? 0) + 1);
    cols.set(y, (cols.get(y) ?? 0) + 1);
    const key = JSON.stringify([x, y]);
    cells.set(key, (cells.get(key) ?? 0) + 1);
  });
  return {
    rows: [...rows.values()],
    cols: [...cols.values()],
    cells: [...cells.values()],
    n: a.length,
  };
}

const pairs = (x: number): number => (x * (x - 1)) / 2;

/** Adjusted Rand index: 1 for identical partitions, about 0 for chance agreement. */
export function adjustedRandIndex(
  a: readonly (string | number)[],
  b: readonly (string | number)[],
): number {
  const { rows, cols, cells, n } = contingency(a, b);
  const index = cells.reduce((s, c) => s + pairs(c), 0);
  const sumRows = rows.reduce((s, c) => s + pairs(c), 0);
  const sumCols = cols.reduce((s, c) => s + pairs(c), 0);
  const expected = (sumRows * sumCols) / pairs(n || 1);
  const max = (sumRows + sumCols) / 2;
  // Both partitions all singletons, or both one group: they agree perfectly.
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}

const entropy = (counts: readonly number[], n: number): number =>
  -counts.reduce((s, c) => (c > 0 ? s + (c / n) * Math.log(c / n) : s), 0);

/** Normalised mutual information, I(A;B) / ((H(A) + H(B)) / 2), in [0, 1]. */
export function normalizedMutualInformation(
  a: readonly (string | number)[],
  b: readonly (string | number)[],
): number {
  const { rows, cols, n } = contingency(a, b);
  const ha = entropy(rows, n);
  const hb = entropy(cols, n);
  if (ha === 0 && hb === 0) return 1;
  // I = H(A) + H(B) − H(A,B)
  const { cells } = contingency(a, b);
  const mutual = ha + hb - entropy(cells, n);
  const mean = (ha + hb) / 2;
  return mean === 0 ? 0 : Math.max(0, Math.min(1, mutual / mean));
}

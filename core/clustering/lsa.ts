// Latent semantic analysis: statements as their coordinates on the leading singular vectors of the
// TF-IDF matrix, so that words which occur in similar company (and the statements using them)
// come close even when two statements share no word.
import type { SparseVector } from "./vectors";

/** Extra random directions beyond the ones kept, and passes of A·Aᵀ (Halko et al. 2011, §4). */
const OVERSAMPLING = 10;
const POWER_ITERATIONS = 2;
/** A fixed seed: the same statements in the same order always give the same coordinates. */
const SEED = 0x5eed;

/** Mulberry32 and Box–Muller: standard normal numbers from a seed. */
function gaussians(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** Y = A·Z for sparse rows A and a dense features × width Z (row-major); Y is rows × width. */
function multiply(rows: readonly SparseVector[], z: Float64Array, width: number): Float64Array {
  const y = new Float64Array(rows.length * width);
  rows.forEach((v, i) => {
    const out = i * width;
    for (let k = 0; k < v.indices.length; k++) {
      const from = v.indices[k]! * width;
      const value = v.values[k]!;
      for (let c = 0; c < width; c++) y[out + c]! += value * z[from + c]!;
    }
  });
  return y;
}

/** Z = Aᵀ·Q for sparse rows A and a dense rows × width Q; Z is features × width. */
function multiplyTransposed(
  rows: readonly SparseVector[],
  featureCount: number,
  q: Float64Array,
  width: number,
): Float64Array {
  const z = new Float64Array(featureCount * width);
  rows.forEach((v, i) => {
    const from = i * width;
    for (let k = 0; k < v.indices.length; k++) {
      const out = v.indices[k]! * width;
      const value = v.values[k]!;
      for (let c = 0; c < width; c++) z[out + c]! += value * q[from + c]!;
    }
  });
  return z;
}

/**
 * Orthonormal columns spanning those of the rows × width matrix y (row-major, in place), by
 * modified Gram–Schmidt run twice; a column that is (nearly) dependent on earlier ones becomes
 * zero, so a matrix of low rank is handled.
 */
function orthonormalize(y: Float64Array, rows: number, width: number): void {
  const columns = Array.from({ length: width }, (_, c) =>
    Float64Array.from({ length: rows }, (_, i) => y[i * width + c]!),
  );
  const scale = Math.max(1e-300, ...columns.map((col) => Math.hypot(...col)));
  for (let c = 0; c < width; c++) {
    const col = columns[c]!;
    for (let pass = 0; pass < 2; pass++) {
      for (let p = 0; p < c; p++) {
        const prev = columns[p]!;
        let dot = 0;
        for (let i = 0; i < rows; i++) dot += col[i]! * prev[i]!;
        for (let i = 0; i < rows; i++) col[i]! -= dot * prev[i]!;
      }
    }
    let norm = 0;
    for (let i = 0; i < rows; i++) norm += col[i]! * col[i]!;
    norm = Math.sqrt(norm);
    if (norm <= 1e-10 * scale) col.fill(0);
    else for (let i = 0; i < rows; i++) col[i]! /= norm;
  }
  for (let c = 0; c < width; c++) {
    const col = columns[c]!;
    for (let i = 0; i < rows; i++) y[i * width + c] = col[i]!;
  }
}

/**
 * Eigenvalues (descending) and eigenvectors (columns of a size × size row-major matrix) of a
 * small symmetric matrix, by cyclic Jacobi rotations; `m` is overwritten.
 */
function symmetricEigen(m: Float64Array, size: number): { values: number[]; vectors: Float64Array } {
  const v = new Float64Array(size * size);
  for (let i = 0; i < size; i++) v[i * size + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let total = 0;
    for (let i = 0; i < size; i++)
      for (let j = 0; j < size; j++) {
        const x = m[i * size + j]! ** 2;
        total += x;
        if (i !== j) off += x;
      }
    if (off <= 1e-24 * total || total === 0) break;
    for (let p = 0; p < size - 1; p++) {
      for (let q = p + 1; q < size; q++) {
        const apq = m[p * size + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (m[q * size + q]! - m[p * size + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < size; k++) {
          const mkp = m[k * size + p]!;
          const mkq = m[k * size + q]!;
          m[k * size + p] = c * mkp - s * mkq;
          m[k * size + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < size; k++) {
          const mpk = m[p * size + k]!;
          const mqk = m[q * size + k]!;
          m[p * size + k] = c * mpk - s * mqk;
          m[q * size + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < size; k++) {
          const vkp = v[k * size + p]!;
          const vkq = v[k * size + q]!;
          v[k * size + p] = c * vkp - s * vkq;
          v[k * size + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: size }, (_, i) => i).sort(
    (a, b) => m[b * size + b]! - m[a * size + a]! || a - b,
  );
  const vectors = new Float64Array(size * size);
  order.forEach((from, to) => {
    for (let k = 0; k < size; k++) vectors[k * size + to] = v[k * size + from]!;
  });
  return { values: order.map((i) => m[i * size + i]!), vectors };
}

/**
 * Each statement's coordinates U·Σ on the `dims` leading singular directions of the matrix whose
 * rows are `vectors`, scaled to unit length (a statement with nothing there stays zero): a
 * rows × dims row-major matrix. Randomized range finder with power iterations (Halko, Martinsson
 * & Tropp 2011), exact when there are no more statements than directions sought.
 */
export function latentSemanticVectors(
  vectors: readonly SparseVector[],
  featureCount: number,
  dims: number,
): { coordinates: Float64Array; dims: number } {
  const n = vectors.length;
  const width = Math.min(n, dims + OVERSAMPLING);
  let q: Float64Array;
  if (width === n) {
    q = new Float64Array(n * n);
    for (let i = 0; i < n; i++) q[i * n + i] = 1;
  } else {
    const random = gaussians(SEED);
    const omega = Float64Array.from({ length: featureCount * width }, random);
    q = multiply(vectors, omega, width);
    orthonormalize(q, n, width);
    for (let pass = 0; pass < POWER_ITERATIONS; pass++) {
      q = multiply(vectors, multiplyTransposed(vectors, featureCount, q, width), width);
      orthonormalize(q, n, width);
    }
  }
  // Qᵀ·A·Aᵀ·Q = W·Σ²·Wᵀ, and A ≈ (Q·W)·Σ·Vᵀ.
  const aat = multiply(vectors, multiplyTransposed(vectors, featureCount, q, width), width);
  const small = new Float64Array(width * width);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < width; a++) {
      const qa = q[i * width + a]!;
      if (qa === 0) continue;
      for (let b = 0; b < width; b++) small[a * width + b]! += qa * aat[i * width + b]!;
    }
  for (let a = 0; a < width; a++)
    for (let b = a + 1; b < width; b++) {
      const mean = (small[a * width + b]! + small[b * width + a]!) / 2;
      small[a * width + b] = mean;
      small[b * width + a] = mean;
    }
  const { values, vectors: w } = symmetricEigen(small, width);
  const kept = Math.max(1, Math.min(dims, width));
  const sigma = values.slice(0, kept).map((x) => Math.sqrt(Math.max(0, x)));
  const coordinates = new Float64Array(n * kept);
  for (let i = 0; i < n; i++) {
    let norm = 0;
    for (let c = 0; c < kept; c++) {
      let sum = 0;
      for (let a = 0; a < width; a++) sum += q[i * width + a]! * w[a * width + c]!;
      const x = sum * sigma[c]!;
      coordinates[i * kept + c] = x;
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    if (norm > 1e-12) for (let c = 0; c < kept; c++) coordinates[i * kept + c]! /= norm;
    else for (let c = 0; c < kept; c++) coordinates[i * kept + c] = 0;
  }
  return { coordinates, dims: kept };
}

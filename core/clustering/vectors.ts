// Statements as sparse TF-IDF vectors: word stems (with near-synonyms read as one) and character
// n-grams within words, and the cosine similarities between them.
import { foldAccents, tokenize } from "./normalize";
import { stemEnglish, stemItalian } from "./stemmer";
import { isStopWord, type ClusteringLanguage } from "./stopwords";
import { SYNONYM_GROUPS } from "./synonyms";

/** What a statement contributes: its terms (stems), the words they came from, its n-grams. */
export interface Analysis {
  terms: string[];
  /** The word each term was read from, lower case with accents: labels show these. */
  surfaces: string[];
  grams: string[];
}

export interface SparseVector {
  /** Feature indices, ascending. */
  indices: Int32Array;
  values: Float64Array;
}

/** Character n-grams from 3 to 5 letters, within a word padded by one boundary mark each side. */
export const CHAR_NGRAM_SIZES = [3, 4, 5] as const;

/**
 * How much each kind of feature counts in the similarity (they sum to 1). Stems carry the topic;
 * n-grams catch what the stemmer misses (derived words, typos, compounds) and give short
 * statements something to compare. Set on those general grounds, not fitted to a data set.
 */
export const WORD_WEIGHT = 0.6;
export const CHAR_WEIGHT = 0.4;

export function stem(word: string, lang: ClusteringLanguage): string {
  return foldAccents(lang === "it" ? stemItalian(word) : stemEnglish(word));
}

const synonymMaps = new Map<ClusteringLanguage, Map<string, string>>();
function synonymMap(lang: ClusteringLanguage): Map<string, string> {
  let map = synonymMaps.get(lang);
  if (!map) {
    map = new Map();
    for (const group of SYNONYM_GROUPS[lang]) {
      const head = stem(group[0] ?? "", lang);
      for (const word of group) map.set(stem(word, lang), head);
    }
    synonymMaps.set(lang, map);
  }
  return map;
}

/** A word's term: its stem, or the stem of its synonym group's first word. */
export function termOf(word: string, lang: ClusteringLanguage): string {
  const stemmed = stem(word, lang);
  return synonymMap(lang).get(stemmed) ?? stemmed;
}

export function analyzeStatement(text: string, lang: ClusteringLanguage): Analysis {
  const terms: string[] = [];
  const surfaces: string[] = [];
  const grams: string[] = [];
  for (const word of tokenize(text)) {
    // One-letter words are elided articles and initials; they carry no topic.
    if (word.length < 2 || isStopWord(word, lang)) continue;
    terms.push(termOf(word, lang));
    surfaces.push(word);
    const padded = `^${foldAccents(word)}$`;
    for (const size of CHAR_NGRAM_SIZES) {
      for (let i = 0; i + size <= padded.length; i++) grams.push(padded.slice(i, i + size));
    }
  }
  return { terms, surfaces, grams };
}

export interface TfIdf {
  vectors: SparseVector[];
  /** Feature index → feature. */
  features: string[];
  idf: Float64Array;
}

/**
 * TF-IDF with sublinear term frequency (1 + ln tf), smoothed idf (ln((1 + n) / (1 + df)) + 1)
 * and each vector scaled to unit length; a document without features stays the zero vector.
 * Features are numbered in order of first appearance, so the same documents in the same order
 * always give the same vectors.
 */
export function tfIdf(documents: string[][]): TfIdf {
  const index = new Map<string, number>();
  const features: string[] = [];
  const df: number[] = [];
  const counts = documents.map((doc) => {
    const tf = new Map<number, number>();
    for (const feature of doc) {
      let id = index.get(feature);
      if (id === undefined) {
        id = features.length;
        index.set(feature, id);
        features.push(feature);
        df.push(0);
      }
      tf.set(id, (tf.get(id) ?? 0) + 1);
    }
    for (const id of tf.keys()) df[id] = (df[id] ?? 0) + 1;
    return tf;
  });
  const n = documents.length;
  const idf = Float64Array.from(df, (d) => Math.log((1 + n) / (1 + d)) + 1);
  const vectors = counts.map((tf) => {
    const ids = [...tf.keys()].sort((a, b) => a - b);
    const values = Float64Array.from(ids, (id) => (1 + Math.log(tf.get(id) ?? 1)) * (idf[id] ?? 0));
    const norm = Math.hypot(...values);
    if (norm > 0) for (let i = 0; i < values.length; i++) values[i] = (values[i] ?? 0) / norm;
    return { indices: Int32Array.from(ids), values };
  });
  return { vectors, features, idf };
}

/** Two unit vectors side by side, weighted so that the cosine is the weighted sum of cosines. */
export function concatenate(
  a: SparseVector,
  weightA: number,
  b: SparseVector,
  weightB: number,
  offsetB: number,
): SparseVector {
  const sa = Math.sqrt(weightA);
  const sb = Math.sqrt(weightB);
  const indices = new Int32Array(a.indices.length + b.indices.length);
  const values = new Float64Array(indices.length);
  indices.set(a.indices);
  a.values.forEach((v, i) => (values[i] = v * sa));
  b.indices.forEach((id, i) => {
    indices[a.indices.length + i] = id + offsetB;
    values[a.indices.length + i] = (b.values[i] ?? 0) * sb;
  });
  // Both parts unit length (or zero): renormalise so a statement with words but no n-grams counts.
  const norm = Math.hypot(...values);
  if (norm > 0) for (let i = 0; i < values.length; i++) values[i] = (values[i] ?? 0) / norm;
  return { indices, values };
}

export function cosine(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.indices.length && j < b.indices.length) {
    const x = a.indices[i] ?? 0;
    const y = b.indices[j] ?? 0;
    if (x === y) sum += (a.values[i++] ?? 0) * (b.values[j++] ?? 0);
    else if (x < y) i++;
    else j++;
  }
  return sum;
}

/**
 * Calls `visit(i, row)` for every vector i, with row[j] the dot product of i and j for j > i
 * (other entries are stale). Goes through an inverted index, so pairs sharing no feature cost
 * nothing.
 */
export function forEachSimilarityRow(
  vectors: SparseVector[],
  featureCount: number,
  visit: (i: number, row: Float64Array, touched: Int32Array, touchedCount: number) => void,
): void {
  const n = vectors.length;
  const postingLength = new Int32Array(featureCount + 1);
  for (const v of vectors) for (const id of v.indices) postingLength[id + 1]! += 1;
  for (let f = 0; f < featureCount; f++) postingLength[f + 1]! += postingLength[f]!;
  const start = postingLength;
  const docs = new Int32Array(start[featureCount] ?? 0);
  const weights = new Float64Array(docs.length);
  const fill = Int32Array.from(start.subarray(0, featureCount));
  vectors.forEach((v, doc) => {
    v.indices.forEach((id, k) => {
      const at = fill[id]!++;
      docs[at] = doc;
      weights[at] = v.values[k] ?? 0;
    });
  });
  // Postings are in document order: cursor[f] is where documents after the current one begin.
  const cursor = Int32Array.from(start.subarray(0, featureCount));
  const row = new Float64Array(n);
  const seen = new Uint8Array(n);
  const touched = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let count = 0;
    const v = vectors[i]!;
    for (let k = 0; k < v.indices.length; k++) {
      const f = v.indices[k]!;
      const w = v.values[k]!;
      const end = start[f + 1]!;
      const from = ++cursor[f]!;
      for (let p = from; p < end; p++) {
        const j = docs[p]!;
        if (!seen[j]) {
          seen[j] = 1;
          row[j] = 0;
          touched[count++] = j;
        }
        row[j]! += w * weights[p]!;
      }
    }
    visit(i, row, touched, count);
    for (let t = 0; t < count; t++) seen[touched[t]!] = 0;
  }
}

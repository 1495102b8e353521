// `npm run bench:clustering`: the quality of clusterStatements on every labelled set in
// ../shared/datasets (adjusted Rand index and NMI against the labels) beside a plain baseline, and
// the time to cluster 5,000 generated statements on one core. Prints figures and the goals.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { clusterStatements, type ClusteringLanguage } from "../core/clustering/index";
import { adjustedRandIndex, normalizedMutualInformation } from "../core/clustering/metrics";
import { tokenize } from "../core/clustering/normalize";
import { isStopWord } from "../core/clustering/stopwords";
import { tfIdf, type SparseVector } from "../core/clustering/vectors";
import { generateStatements, seededRandom, THEME_COUNT } from "./clustering-corpus";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DATASETS = path.resolve(ROOT, "../shared/datasets");
const SPEED_COUNT = 5000;
const GOALS = { nmiOnDev: 0.6, devSet: "ascolto-dev.jsonl", speedMs: 5000 };
/** The baseline's k-means: restarts kept by lowest inertia, and its fixed seed. */
const BASELINE = { restarts: 10, iterations: 100, seed: 42 };

interface LabelledSet {
  name: string;
  texts: string[];
  labels: string[];
}

interface Row {
  method: string;
  clusters: number;
  ari: number;
  nmi: number;
  ms: number;
}

function readSets(): LabelledSet[] {
  if (!existsSync(DATASETS)) {
    console.log(`No labelled sets: ${DATASETS} does not exist; quality is skipped.`);
    return [];
  }
  return readdirSync(DATASETS)
    .filter((f) => f.endsWith(".jsonl"))
    .sort()
    .map((name) => {
      const rows = readFileSync(path.join(DATASETS, name), "utf8")
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line) as { text: string; label: string });
      return { name, texts: rows.map((r) => r.text), labels: rows.map((r) => r.label) };
    });
}

function assignment(clusters: { members: number[] }[], n: number): number[] {
  const label = new Array<number>(n).fill(-1);
  clusters.forEach((c, i) => c.members.forEach((m) => (label[m] = i)));
  return label;
}

function runTavolo(set: LabelledSet, lang: ClusteringLanguage, granularity: number): Row {
  const start = performance.now();
  const result = clusterStatements(set.texts, { lang, granularity });
  const ms = performance.now() - start;
  const predicted = assignment(result.clusters, set.texts.length);
  const name =
    granularity === 0
      ? "tavolo"
      : `tavolo, granularity ${granularity > 0 ? "+" : ""}${granularity}`;
  return {
    method: name,
    clusters: result.clusters.length,
    ari: adjustedRandIndex(set.labels, predicted),
    nmi: normalizedMutualInformation(set.labels, predicted),
    ms,
  };
}

// --- Baseline: k-means on plain word TF-IDF, told the true number of groups ---

function squaredDistance(v: SparseVector, centroid: Float64Array, centroidNorm: number): number {
  let dot = 0;
  v.indices.forEach((id, k) => (dot += v.values[k]! * centroid[id]!));
  const norm = v.values.reduce((s, x) => s + x * x, 0);
  return Math.max(0, norm - 2 * dot + centroidNorm);
}

function kMeans(vectors: SparseVector[], dims: number, k: number, random: () => number) {
  const n = vectors.length;
  const centroids: Float64Array[] = [];
  const norms: number[] = [];
  const setCentroid = (c: number, v: SparseVector): void => {
    const centroid = new Float64Array(dims);
    v.indices.forEach((id, i) => (centroid[id] = v.values[i]!));
    centroids[c] = centroid;
    norms[c] = centroid.reduce((s, x) => s + x * x, 0);
  };
  // k-means++ seeding.
  setCentroid(0, vectors[Math.floor(random() * n)]!);
  const nearest = vectors.map((v) => squaredDistance(v, centroids[0]!, norms[0]!));
  for (let c = 1; c < k; c++) {
    const total = nearest.reduce((s, d) => s + d, 0);
    let target = random() * total;
    let chosen = n - 1;
    for (let i = 0; i < n; i++) {
      target -= nearest[i]!;
      if (target <= 0) {
        chosen = i;
        break;
      }
    }
    setCentroid(c, vectors[chosen]!);
    vectors.forEach(
      (v, i) => (nearest[i] = Math.min(nearest[i]!, squaredDistance(v, centroids[c]!, norms[c]!))),
    );
  }
  const label = new Int32Array(n).fill(-1);
  let inertia = 0;
  for (let iteration = 0; iteration < BASELINE.iterations; iteration++) {
    let changed = false;
    inertia = 0;
    vectors.forEach((v, i) => {
      let best = 0;
      let bestDistance = Infinity;
      for (let c = 0; c < k; c++) {
        const d = squaredDistance(v, centroids[c]!, norms[c]!);
        if (d < bestDistance) [best, bestDistance] = [c, d];
      }
      if (label[i] !== best) changed = true;
      label[i] = best;
      inertia += bestDistance;
    });
    if (!changed) break;
    const sums = Array.from({ length: k }, () => new Float64Array(dims));
    const counts = new Float64Array(k);
    vectors.forEach((v, i) => {
      counts[label[i]!]! += 1;
      v.indices.forEach((id, j) => (sums[label[i]!]![id]! += v.values[j]!));
    });
    for (let c = 0; c < k; c++) {
      // An emptied group keeps its centroid.
      if (counts[c] === 0) continue;
      const centroid = sums[c]!.map((x) => x / counts[c]!);
      centroids[c] = centroid;
      norms[c] = centroid.reduce((s, x) => s + x * x, 0);
    }
  }
  return { label: [...label], inertia };
}

function runBaseline(set: LabelledSet, lang: ClusteringLanguage): Row {
  const start = performance.now();
  // Plain words: lower case, stop words out (as a fair baseline would), no stemming, no n-grams.
  const words = set.texts.map((t) => tokenize(t).filter((w) => !isStopWord(w, lang)));
  const { vectors, features } = tfIdf(words);
  const k = new Set(set.labels).size;
  const random = seededRandom(BASELINE.seed);
  let best: { label: number[]; inertia: number } | undefined;
  for (let r = 0; r < BASELINE.restarts; r++) {
    const run = kMeans(vectors, features.length, k, random);
    if (!best || run.inertia < best.inertia) best = run;
  }
  const predicted = best!.label;
  return {
    method: `baseline: k-means, word TF-IDF, true k`,
    clusters: new Set(predicted).size,
    ari: adjustedRandIndex(set.labels, predicted),
    nmi: normalizedMutualInformation(set.labels, predicted),
    ms: performance.now() - start,
  };
}

// --- Output ---

function table(title: string, rows: Row[]): void {
  const header = ["method", "clusters", "ARI", "NMI", "time (ms)"];
  const cells = rows.map((r) => [
    r.method,
    String(r.clusters),
    r.ari.toFixed(3),
    r.nmi.toFixed(3),
    r.ms.toFixed(0),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]): string =>
    `| ${c.map((x, i) => (i === 0 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join(" | ")} |`;
  console.log(`\n### ${title}\n`);
  console.log(line(header));
  console.log(
    `|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`,
  );
  for (const c of cells) console.log(line(c));
}

function main(): void {
  console.log(`# Clustering bench — ${new Date().toISOString().slice(0, 10)}`);
  console.log(
    `${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} cores (one used), Node ${process.version}`,
  );

  const goals: string[] = [];
  let beatsBaselineEverywhere = true;
  const sets = readSets();
  const generated = generateStatements(SPEED_COUNT);
  const all: LabelledSet[] = [
    ...sets,
    {
      name: `generated-${SPEED_COUNT} (bench/clustering-corpus.ts, ${THEME_COUNT} themes)`,
      texts: generated.map((g) => g.text),
      labels: generated.map((g) => g.label),
    },
  ];
  let speedMs = NaN;
  for (const set of all) {
    const isGenerated = set.name.startsWith("generated");
    // Warm the JIT once on the real sets so the time is the clustering, not the compiler.
    if (!isGenerated) clusterStatements(set.texts, { lang: "it" });
    const tavolo = runTavolo(set, "it", 0);
    const rows = [
      tavolo,
      runTavolo(set, "it", -1),
      runTavolo(set, "it", 1),
      runBaseline(set, "it"),
    ];
    table(`${set.name}: ${set.texts.length} statements, ${new Set(set.labels).size} labels`, rows);
    const baseline = rows[rows.length - 1]!;
    const beats = tavolo.nmi > baseline.nmi && tavolo.ari > baseline.ari;
    if (!isGenerated) beatsBaselineEverywhere &&= beats;
    console.log(`\nabove the baseline (ARI and NMI): ${beats ? "yes" : "no"}`);
    if (set.name === GOALS.devSet) {
      goals.push(
        `NMI ≥ ${GOALS.nmiOnDev} on ${GOALS.devSet}: ${tavolo.nmi.toFixed(3)} — ${tavolo.nmi >= GOALS.nmiOnDev ? "met" : "NOT met"}`,
      );
    }
    if (isGenerated) speedMs = tavolo.ms;
  }
  if (sets.length > 0) {
    goals.push(
      `above the baseline on every labelled set: ${beatsBaselineEverywhere ? "met" : "NOT met"}`,
    );
  }
  goals.push(
    `${SPEED_COUNT.toLocaleString("en")} statements in ≤ ${GOALS.speedMs / 1000} s on one core: ${(speedMs / 1000).toFixed(2)} s — ${speedMs <= GOALS.speedMs ? "met" : "NOT met"}`,
  );
  console.log(`\n### Goals\n`);
  for (const goal of goals) console.log(`- ${goal}`);
}

main();

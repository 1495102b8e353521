// `tsx bench/realtime/profile-summary.ts <file.cpuprofile> [top]`: where a V8 CPU profile (as
// written by BENCH_CPU_PROF) spends its time — self time by package/area and by function.
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error("usage: tsx bench/realtime/profile-summary.ts <file.cpuprofile> [top]");
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const keyOf = (node: ProfileNode) => {
  const { functionName, url, lineNumber } = node.callFrame;
  return `${functionName || "(anonymous)"} ${url.split("/").slice(-2).join("/")}:${lineNumber + 1}`;
};
const self = new Map<number, number>();
profile.samples.forEach((id, i) =>
  self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
);
const total = [...self.values()].reduce((a, b) => a + b, 0);

/** The package (node_modules/<name>), the repo folder, node internals, or V8's own entries. */
function area(url: string, name: string): string {
  if (!url) return `(${name || "anonymous"})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith("node:")) return "node internals";
  const repo = /\/main\/([^/]+\/(?:[^/]+\/)?)/.exec(url);
  return repo ? repo[1]! : url;
}

const areas = new Map<string, number>();
const functions = new Map<string, number>();
for (const [id, time] of self) {
  const { functionName, url } = byId.get(id)!.callFrame;
  const where = area(url, functionName);
  areas.set(where, (areas.get(where) ?? 0) + time);
  const key = keyOf(byId.get(id)!);
  functions.set(key, (functions.get(key) ?? 0) + time);
}

// Inclusive time: each sample counts once for every function on its stack.
const parent = new Map<number, number>();
for (const node of profile.nodes)
  for (const child of node.children ?? []) parent.set(child, node.id);
const inclusive = new Map<string, number>();
profile.samples.forEach((id, i) => {
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const key = keyOf(byId.get(at)!);
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
});

const pct = (time: number) => `${((100 * time) / total).toFixed(1).padStart(5)} %`;
const list = (entries: Map<string, number>) =>
  [...entries]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, time]) => `${pct(time)}  ${(time / 1000).toFixed(0).padStart(7)} ms  ${name}`)
    .join("\n");

console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled\n\nSelf time by area:\n${list(areas)}`);
console.log(`\nSelf time by function:\n${list(functions)}`);
console.log(`\nTotal time by function (itself and what it calls):\n${list(inclusive)}`);

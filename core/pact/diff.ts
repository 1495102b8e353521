// A readable diff between two versions of a pact (issue 6): section by section, word by word.
import type { PactSectionText } from "./canonical";

export type DiffKind = "same" | "added" | "removed";

export interface DiffPart {
  kind: DiffKind;
  text: string;
}

export type SectionDiffStatus = "same" | "changed" | "added" | "removed";

export interface SectionDiff {
  key: string;
  /** The section's title in the newer version (the older one's for a removed section). */
  title: string;
  /** The older title, when the section was renamed. */
  previousTitle?: string;
  status: SectionDiffStatus;
  /** The section's Markdown as a word diff: same + removed reads the older, same + added the newer. */
  parts: DiffPart[];
}

/**
 * Words, runs of whitespace and single punctuation marks: the units a reader sees change. An
 * apostrophe or a Markdown mark is its own token, so `dell'ente` → `dell`, `'`, `ente`.
 */
export function tokenizeWords(text: string): string[] {
  return text.match(/[\p{L}\p{N}\p{M}_]+|\s+|[^\p{L}\p{N}\p{M}_\s]/gu) ?? [];
}

/**
 * Past this many differing tokens the diff stops looking for the shortest edit and shows the rest
 * of the changed stretch as removed then added: still correct, and bounded in time and memory.
 */
const MAX_EDIT_DISTANCE = 2000;

/** The word-level difference from `a` to `b` (Myers' algorithm on tokens), adjacent parts merged. */
export function diffWords(a: string, b: string): DiffPart[] {
  const x = tokenizeWords(a);
  const y = tokenizeWords(b);
  let start = 0;
  while (start < x.length && start < y.length && x[start] === y[start]) start++;
  let endX = x.length;
  let endY = y.length;
  while (endX > start && endY > start && x[endX - 1] === y[endY - 1]) {
    endX--;
    endY--;
  }
  const parts: DiffPart[] = [];
  const push = (kind: DiffKind, tokens: string[]) => {
    if (tokens.length === 0) return;
    const text = tokens.join("");
    const last = parts[parts.length - 1];
    if (last && last.kind === kind) last.text += text;
    else parts.push({ kind, text });
  };
  push("same", x.slice(0, start));
  for (const [kind, tokens] of myers(x.slice(start, endX), y.slice(start, endY)))
    push(kind, tokens);
  push("same", x.slice(endX));
  return parts;
}

/** The edit script from x to y, as runs; removals come before additions at each change. */
function myers(x: string[], y: string[]): [DiffKind, string[]][] {
  const n = x.length;
  const m = y.length;
  if (n === 0 || m === 0)
    return [
      ["removed", x],
      ["added", y],
    ];
  const max = Math.min(n + m, MAX_EDIT_DISTANCE);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!);
      let i = down ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let j = i - k;
      while (i < n && j < m && x[i] === y[j]) {
        i++;
        j++;
      }
      v[offset + k] = i;
      if (i >= n && j >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0)
    return [
      ["removed", x],
      ["added", y],
    ];

  // Walk back through the trace: each step is one removal or addition and a snake of equal tokens.
  const steps: [DiffKind, string][] = [];
  let i = n;
  let j = m;
  for (let d = found; d > 0; d--) {
    const before = trace[d]!; // v as it was at the start of step d, indices k ∈ [-d-1, d+1]
    const at = (k: number) => before[k + d + 1]!;
    const k = i - j;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevI = at(prevK);
    const prevJ = prevI - prevK;
    while (i > (down ? prevI : prevI + 1) && j > (down ? prevJ + 1 : prevJ)) {
      steps.push(["same", x[--i]!]);
      j--;
    }
    if (down) steps.push(["added", y[--j]!]);
    else steps.push(["removed", x[--i]!]);
  }
  while (i > 0 && j > 0) {
    steps.push(["same", x[--i]!]);
    j--;
  }
  steps.reverse();

  // Group runs, and within each change put what went before what came.
  const runs: [DiffKind, string[]][] = [];
  let removed: string[] = [];
  let added: string[] = [];
  const flush = () => {
    if (removed.length) runs.push(["removed", removed]);
    if (added.length) runs.push(["added", added]);
    removed = [];
    added = [];
  };
  for (const [kind, token] of steps) {
    if (kind === "removed") removed.push(token);
    else if (kind === "added") added.push(token);
    else {
      flush();
      const last = runs[runs.length - 1];
      if (last && last[0] === "same") last[1].push(token);
      else runs.push(["same", [token]]);
    }
  }
  flush();
  return runs;
}

/**
 * Two versions of a pact compared section by section (matched by key), in the newer version's
 * order with removed sections where they stood in the older one.
 */
export function diffPact(
  a: readonly PactSectionText[],
  b: readonly PactSectionText[],
): SectionDiff[] {
  const older = new Map(a.map((section) => [section.key, section]));
  const newer = new Map(b.map((section) => [section.key, section]));
  const result: SectionDiff[] = [];
  const removedAfter = new Map<string | null, PactSectionText[]>();
  let previousKept: string | null = null;
  for (const section of a) {
    if (newer.has(section.key)) previousKept = section.key;
    else removedAfter.set(previousKept, [...(removedAfter.get(previousKept) ?? []), section]);
  }
  const pushRemoved = (after: string | null) => {
    for (const section of removedAfter.get(after) ?? [])
      result.push({
        key: section.key,
        title: section.title,
        status: "removed",
        parts: section.markdown ? [{ kind: "removed", text: section.markdown }] : [],
      });
  };
  pushRemoved(null);
  for (const section of b) {
    const before = older.get(section.key);
    if (!before) {
      result.push({
        key: section.key,
        title: section.title,
        status: "added",
        parts: section.markdown ? [{ kind: "added", text: section.markdown }] : [],
      });
      continue;
    }
    const parts = diffWords(before.markdown, section.markdown);
    const same = before.markdown === section.markdown && before.title === section.title;
    result.push({
      key: section.key,
      title: section.title,
      ...(before.title !== section.title ? { previousTitle: before.title } : {}),
      status: same ? "same" : "changed",
      parts,
    });
    pushRemoved(section.key);
  }
  return result;
}

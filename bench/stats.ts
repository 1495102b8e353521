// Figures for the bench scripts: quantiles of timings, a number as printed, the load average, and
// a Markdown table with the first column left and the others right aligned.
import os from "node:os";

/** The value at quantile `q` (0 to 1) of `values`, NaN when there are none. */
export const quantile = (values: number[], q: number) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
export const median = (values: number[]) => quantile(values, 0.5);
export const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "–");
export const loadAverage = () => os.loadavg()[0]!.toFixed(2);

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

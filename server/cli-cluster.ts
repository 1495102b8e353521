// `npm run tavolo -- cluster --lang it [--granularity G]`: one statement per line on stdin, the
// suggested clusters as JSON on stdout ({"clusters":[{"label","members"}]}, members are line
// indices). Pure: it needs no database, so it runs here whether or not a server holds the data.
import { parseArgs } from "node:util";
import { clusterStatements } from "../core/clustering";
import type { CliResult } from "./cli-commands";

export const CLUSTER_USAGE =
  "  cluster --lang it|en [--granularity -1..1]              cluster the lines of stdin (JSON on stdout)\n";

/** Lines of the input as statements: a final newline does not make an empty last statement. */
export function statementsOf(input: string): string[] {
  const lines = input.replace(/\r\n?/g, "\n").split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

export function runClusterCommand(args: string[], input: string): CliResult {
  let values: { lang?: string; granularity?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: { lang: { type: "string", default: "it" }, granularity: { type: "string" } },
      strict: true,
    }));
  } catch (error) {
    return { stdout: "", stderr: `${(error as Error).message}\n${CLUSTER_USAGE}`, exitCode: 2 };
  }
  const lang = values.lang;
  if (lang !== "it" && lang !== "en") {
    return { stdout: "", stderr: `--lang must be it or en\n${CLUSTER_USAGE}`, exitCode: 2 };
  }
  const granularity = values.granularity === undefined ? 0 : Number(values.granularity);
  if (!Number.isFinite(granularity) || granularity < -1 || granularity > 1) {
    return {
      stdout: "",
      stderr: `--granularity must be a number from -1 to 1\n${CLUSTER_USAGE}`,
      exitCode: 2,
    };
  }
  const { clusters } = clusterStatements(statementsOf(input), { lang, granularity });
  return { stdout: `${JSON.stringify({ clusters })}\n`, stderr: "", exitCode: 0 };
}

// How the editor shows a proposal inline: the shared `insertion` and `deletion` marks, with who
// proposed it and when as the element's title (on hover; the suggestions panel says the same to
// keyboard and screen-reader users).
import type { AnyExtension, Mark as MarkExtension } from "@tiptap/core";
import type { Mark } from "@tiptap/pm/model";

/** The title of a proposal's inline mark, in the page's language. */
export type DescribeSuggestion = (kind: "insertion" | "deletion", mark: Mark) => string;

export function withSuggestionTitles(
  extensions: AnyExtension[],
  describe: DescribeSuggestion,
): AnyExtension[] {
  return extensions.map((extension) => {
    const kind = extension.name;
    if (kind !== "insertion" && kind !== "deletion") return extension;
    return (extension as MarkExtension).extend({
      renderHTML({ mark, HTMLAttributes }) {
        const attributes = { ...HTMLAttributes, title: describe(kind, mark) };
        return this.parent!({ mark, HTMLAttributes: attributes });
      },
    });
  });
}

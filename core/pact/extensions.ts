// The pact's document model (issue 6): which blocks and marks a section may hold, one list of
// Tiptap extensions shared by the editor in the browser and by the server (Markdown import,
// export, hashing), so that both read and write the same ProseMirror schema.
import { getSchema, Mark, mergeAttributes, Node, type AnyExtension } from "@tiptap/core";
import StarterKit from "@tiptap/starter-kit";
import { TableKit } from "@tiptap/extension-table";
import type { Schema } from "@tiptap/pm/model";
import { ObjectivesBlock } from "./live-block";

/**
 * A footnote, kept where it is cited: an inline atom holding its own text. Markdown writes it as
 * `[^n]` with the text at the end of the section; the editor shows a superscript number.
 */
export const Footnote = Node.create({
  name: "footnote",
  group: "inline",
  inline: true,
  atom: true,
  selectable: true,
  addAttributes() {
    return {
      text: {
        default: "",
        parseHTML: (element) =>
          element.getAttribute("data-footnote") ?? element.getAttribute("title") ?? "",
        renderHTML: (attributes) => ({ "data-footnote": String(attributes.text ?? "") }),
      },
    };
  },
  parseHTML() {
    return [{ tag: "sup[data-footnote]" }];
  },
  renderHTML({ HTMLAttributes }) {
    return ["sup", mergeAttributes(HTMLAttributes, { class: "footnote" })];
  },
});

/** Who proposed a tracked change, and when: shown inline, never an email. */
const suggestionAttributes = {
  suggestionId: { default: null },
  authorId: { default: null },
  authorName: { default: "" },
  /** Epoch milliseconds. */
  at: { default: null },
};

function suggestionMark(name: "insertion" | "deletion", tag: "ins" | "del") {
  return Mark.create({
    name,
    // Two people's proposals next to each other stay two proposals.
    excludes: "insertion deletion",
    inclusive: false,
    addAttributes() {
      return Object.fromEntries(
        Object.entries(suggestionAttributes).map(([key, spec]) => [
          key,
          {
            ...spec,
            parseHTML: (element: HTMLElement) => {
              const value = element.getAttribute(`data-${key.toLowerCase()}`);
              return key === "at" && value !== null ? Number(value) : value;
            },
            renderHTML: (attributes: Record<string, unknown>) =>
              attributes[key] === null || attributes[key] === undefined
                ? {}
                : { [`data-${key.toLowerCase()}`]: String(attributes[key]) },
          },
        ]),
      );
    },
    parseHTML() {
      return [{ tag: `${tag}[data-suggestionid]` }];
    },
    renderHTML({ HTMLAttributes }) {
      return [tag, mergeAttributes(HTMLAttributes, { class: `suggestion suggestion--${name}` }), 0];
    },
  });
}

/** Proposed text, shown underlined until the secretary or a facilitator accepts or rejects it. */
export const Insertion = suggestionMark("insertion", "ins");
/** Text proposed for removal, shown struck through until accepted (removed) or rejected (kept). */
export const Deletion = suggestionMark("deletion", "del");

/** Headings inside a section start at level 2: the section's own title is level 1 on the page. */
export const PACT_HEADING_LEVELS = [2, 3, 4] as const;

/**
 * The extensions of a pact section. `collaborative` leaves out StarterKit's own undo history,
 * which the Yjs collaboration extension replaces (undo of one's own changes only).
 */
export function pactExtensions(options: { collaborative?: boolean } = {}): AnyExtension[] {
  return [
    StarterKit.configure({
      heading: { levels: [...PACT_HEADING_LEVELS] },
      codeBlock: false,
      code: false,
      underline: false,
      link: { openOnClick: false, autolink: true, protocols: ["http", "https", "mailto"] },
      ...(options.collaborative ? { undoRedo: false } : {}),
    }),
    TableKit.configure({ table: { resizable: false } }),
    Footnote,
    Insertion,
    Deletion,
    // A meeting's objectives and actions, kept in step with its board (core/pact/live-block.ts).
    ObjectivesBlock,
  ];
}

let schema: Schema | null = null;

/** The ProseMirror schema of a pact section (the same in the browser and on the server). */
export function pactSchema(): Schema {
  schema ??= getSchema(pactExtensions());
  return schema;
}

/** The Yjs document of a pact, and the fragment of each of its sections in it. */
export const pactDocName = (pactId: string) => `pact:${pactId}`;
export const sectionFragmentName = (sectionKey: string) => `section:${sectionKey}`;

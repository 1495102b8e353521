import { Fragment, Slice, type Node as ProseMirrorNode } from "@tiptap/pm/model";
import { EditorState, TextSelection, type Transaction } from "@tiptap/pm/state";
import {
  prosemirrorToYXmlFragment,
  yXmlFragmentToProseMirrorRootNode,
  ySyncPluginKey,
} from "@tiptap/y-tiptap";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { countCharacters } from "../../core/pact/counting";
import { pactSchema } from "../../core/pact/extensions";
import { sectionToMarkdown } from "../../core/pact/markdown";
import {
  acceptAll,
  acceptSuggestion,
  directTransaction,
  listSuggestions,
  rejectAll,
  rejectSuggestion,
  suggestTransaction,
  type SuggestionAuthor,
} from "../../core/pact/suggestions";

const schema = pactSchema();
const MARCO: SuggestionAuthor = { id: "user-marco", name: "Marco Bianchi" };
const ANNA: SuggestionAuthor = { id: "user-anna", name: "Anna Verdi" };

let ids = 0;
const as = (author: SuggestionAuthor, now = 1_700_000_000_000) => ({
  author,
  now,
  newId: () => `s${(ids += 1)}`,
});

const paragraph = (text: string) => schema.node("paragraph", null, text ? [schema.text(text)] : []);

/** A section of plain paragraphs, with the caret (or selection) where given. */
function section(paragraphs: string[], anchor?: number, head = anchor): EditorState {
  const doc = schema.node("doc", null, paragraphs.map(paragraph));
  const state = EditorState.create({ schema, doc });
  if (anchor === undefined) return state;
  return state.apply(state.tr.setSelection(TextSelection.create(doc, anchor, head)));
}

/** Applies an edit made in suggestion mode by `author`. */
function suggest(
  state: EditorState,
  edit: (tr: Transaction) => Transaction | void,
  author = MARCO,
): EditorState {
  const tr = state.tr;
  edit(tr);
  const rewritten = suggestTransaction(state, tr, as(author));
  expect(rewritten).not.toBeNull();
  return state.apply(rewritten!);
}

/** Types text one character at a time at the selection, as a keyboard does. */
function type(state: EditorState, text: string, author = MARCO): EditorState {
  for (const character of text) state = suggest(state, (tr) => tr.insertText(character), author);
  return state;
}

/** Backspace with a caret: removes the character before it. */
const backspace = (state: EditorState, author = MARCO) =>
  suggest(state, (tr) => tr.delete(state.selection.from - 1, state.selection.from), author);

/** Delete with a caret: removes the character after it. */
const forwardDelete = (state: EditorState, author = MARCO) =>
  suggest(state, (tr) => tr.delete(state.selection.from, state.selection.from + 1), author);

/** The section as text, `[+…]` for proposed insertions, `[-…]` for deletions, `|` between blocks. */
function show(doc: ProseMirrorNode): string {
  const blocks: string[] = [];
  doc.descendants((node) => {
    if (!node.isTextblock) return true;
    let text = "";
    node.forEach((child) => {
      const kind = child.marks.find((m) => m.type.name === "insertion")
        ? "+"
        : child.marks.find((m) => m.type.name === "deletion")
          ? "-"
          : "";
      text += kind ? `[${kind}${child.text ?? ""}]` : (child.text ?? "");
    });
    blocks.push(text);
    return false;
  });
  return blocks.join("|");
}

const caret = (state: EditorState) => state.selection.head;

describe("typing in suggestion mode", () => {
  it("proposes typed text as one insertion by its author, continuing as they type", () => {
    let state = section(["Il tavolo nasce."], 17);
    state = type(state, " Oggi");
    expect(show(state.doc)).toBe("Il tavolo nasce.[+ Oggi]");
    expect(caret(state)).toBe(22);
    const [only, ...rest] = listSuggestions(state.doc);
    expect(rest).toEqual([]);
    expect(only).toMatchObject({
      kind: "insertion",
      authorId: "user-marco",
      authorName: "Marco Bianchi",
      at: 1_700_000_000_000,
      text: " Oggi",
      from: 17,
      to: 22,
    });
  });

  it("keeps two writers' insertions side by side as two proposals", () => {
    let state = type(section(["abc"], 4), "de");
    state = type(state, "fg", ANNA);
    expect(show(state.doc)).toBe("abc[+de][+fg]");
    expect(listSuggestions(state.doc).map((s) => [s.authorName, s.text])).toEqual([
      ["Marco Bianchi", "de"],
      ["Anna Verdi", "fg"],
    ]);
  });

  it("does not give typed text the mark of a proposal it was typed into", () => {
    let state = type(section(["ab"], 2), "XYZ", ANNA);
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, 4)));
    state = type(state, "m");
    expect(show(state.doc)).toBe("a[+XY][+m][+Z]b");
    // Anna's proposal is still one, around Marco's.
    expect(listSuggestions(state.doc).map((s) => [s.authorName, s.text])).toEqual([
      ["Anna Verdi", "XYZ"],
      ["Marco Bianchi", "m"],
    ]);
  });
});

describe("deleting in suggestion mode", () => {
  it("strikes others' text with Backspace instead of removing it, caret stepping back", () => {
    let state = backspace(section(["Il tavolo"], 10));
    expect(show(state.doc)).toBe("Il tavol[-o]");
    expect(caret(state)).toBe(9);
    state = backspace(backspace(state));
    expect(show(state.doc)).toBe("Il tav[-olo]");
    expect(caret(state)).toBe(7);
    // One proposal, grown as the key was held.
    expect(listSuggestions(state.doc)).toMatchObject([
      { kind: "deletion", text: "olo", authorName: "Marco Bianchi", from: 7, to: 10 },
    ]);
  });

  it("steps over struck text and strikes the character before it", () => {
    let state = backspace(section(["abcd"], 5));
    // The caret is put back after the struck letter, as if the writer clicked there.
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, 5)));
    state = backspace(state);
    expect(show(state.doc)).toBe("ab[-cd]");
    expect(caret(state)).toBe(3);
  });

  it("strikes forward with Delete, the caret moving past the struck text", () => {
    let state = forwardDelete(section(["abcd"], 1));
    state = forwardDelete(state);
    expect(show(state.doc)).toBe("[-ab]cd");
    expect(caret(state)).toBe(3);
  });

  it("really removes the writer's own pending insertion", () => {
    let state = type(section(["abc"], 4), "xyz");
    state = backspace(backspace(state));
    expect(show(state.doc)).toBe("abc[+x]");
    state = backspace(state);
    expect(show(state.doc)).toBe("abc");
    expect(listSuggestions(state.doc)).toEqual([]);
    state = backspace(state);
    expect(show(state.doc)).toBe("ab[-c]");
  });

  it("leaves another writer's pending insertion to the reviewers, stepping over it", () => {
    let state = type(section(["ab"], 3), "XY", ANNA);
    state = backspace(state);
    expect(show(state.doc)).toBe("a[-b][+XY]");
    expect(caret(state)).toBe(2);
  });

  it("strikes a selection across paragraphs and keeps both paragraphs", () => {
    const state = suggest(section(["uno due", "tre quattro"], 5, 13), (tr) => tr.deleteSelection());
    expect(show(state.doc)).toBe("uno [-due]|[-tre] quattro");
  });

  it("refuses to join two paragraphs with text; Backspace steps into the previous one", () => {
    const state = suggest(section(["abc", "def"], 6), (tr) => tr.join(5));
    expect(show(state.doc)).toBe("abc|def");
    expect(caret(state)).toBe(4);
  });

  it("refuses the join with Delete too, the caret stepping into the next paragraph", () => {
    const state = suggest(section(["abc", "def"], 4), (tr) => tr.join(5));
    expect(show(state.doc)).toBe("abc|def");
    expect(caret(state)).toBe(6);
  });

  it("removes an empty paragraph", () => {
    const state = suggest(section(["abc", ""], 6), (tr) => tr.join(5));
    expect(show(state.doc)).toBe("abc");
  });
});

describe("replacing and structure in suggestion mode", () => {
  it("replaces a selection with a deletion followed by an insertion", () => {
    const state = suggest(section(["Il tavolo di Chieri"], 4, 10), (tr) => tr.insertText("patto"));
    expect(show(state.doc)).toBe("Il [-tavolo][+patto] di Chieri");
    expect(caret(state)).toBe(15);
    expect(listSuggestions(state.doc).map((s) => [s.kind, s.text])).toEqual([
      ["deletion", "tavolo"],
      ["insertion", "patto"],
    ]);
    // The section counts as if accepted; versions keep the text before the proposals.
    expect(countCharacters(state.doc.toJSON())).toBe("Il patto di Chieri".length);
    expect(sectionToMarkdown(state.doc.toJSON())).toBe("Il tavolo di Chieri");
  });

  it("splits a paragraph with Enter and proposes what is typed in the new one", () => {
    let state = suggest(section(["abc"], 4), (tr) => tr.split(4));
    expect(show(state.doc)).toBe("abc|");
    expect(caret(state)).toBe(6);
    state = type(state, "nuovo");
    expect(show(state.doc)).toBe("abc|[+nuovo]");
    // Rejected, the proposed paragraph goes with its text.
    state = state.apply(rejectOnly(state));
    expect(show(state.doc)).toBe("abc");
  });

  it("proposes pasted paragraphs as insertions, stripped of suggestion marks they carried", () => {
    const foreign = schema.marks.deletion!.create({ suggestionId: "old", authorId: "x" });
    const pasted = new Slice(
      Fragment.from([
        schema.node("paragraph", null, [schema.text("uno", [foreign])]),
        paragraph("due"),
      ]),
      1,
      1,
    );
    const state = suggest(section(["abc"], 4), (tr) => tr.replaceSelection(pasted));
    expect(show(state.doc)).toBe("abc[+uno]|[+due]");
    expect(listSuggestions(state.doc)).toMatchObject([
      { kind: "insertion", text: "uno\ndue", authorName: "Marco Bianchi" },
    ]);
  });

  it("applies formatting directly but never a step that adds or removes a suggestion mark", () => {
    let state = backspace(section(["Il tavolo"], 10), ANNA);
    state = suggest(state, (tr) => tr.addMark(1, 3, schema.marks.bold!.create()));
    state = suggest(state, (tr) => tr.removeMark(1, 10, schema.marks.deletion!));
    state = suggest(state, (tr) => tr.setBlockType(1, 1, schema.nodes.heading!, { level: 2 }));
    expect(state.doc.firstChild!.type.name).toBe("heading");
    expect(state.doc.firstChild!.firstChild!.marks.map((m) => m.type.name)).toEqual(["bold"]);
    expect(show(state.doc)).toBe("Il tavol[-o]");
  });
});

/** Rejects every suggestion: a transaction. */
function rejectOnly(state: EditorState): Transaction {
  let result: Transaction | null = null;
  rejectAll()(state, (tr) => (result = tr));
  return result!;
}

function run(state: EditorState, command: ReturnType<typeof acceptAll>): EditorState {
  let next = state;
  const done = command(state, (tr) => (next = state.apply(tr)));
  expect(done).toBe(true);
  return next;
}

describe("structure in suggestion mode", () => {
  it("wraps paragraphs in a list and inserts a table directly, proposing the text typed in it", () => {
    let state = suggest(section(["uno"], 2), (tr) => {
      const range = tr.doc.resolve(1).blockRange()!;
      tr.wrap(range, [{ type: schema.nodes.bulletList! }, { type: schema.nodes.listItem! }]);
    });
    expect(state.doc.firstChild!.type.name).toBe("bulletList");
    const cell = schema.nodes.tableCell!.createAndFill()!;
    const table = schema.node("table", null, [schema.node("tableRow", null, [cell])]);
    state = suggest(state, (tr) => tr.insert(tr.doc.content.size, table));
    const inCell = state.doc.content.size - 4;
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, inCell)));
    state = type(state, "Scuola");
    expect(show(state.doc)).toBe("uno|[+Scuola]");
    expect(state.doc.lastChild!.type.name).toBe("table");
  });
});

describe("accepting and rejecting", () => {
  /** "Il [-tavolo][+patto] di Chieri." with an insertion by Anna at the end. */
  function proposals(): EditorState {
    let state = suggest(section(["Il tavolo di Chieri."], 4, 10), (tr) => tr.insertText("patto"));
    state = state.apply(
      state.tr.setSelection(TextSelection.create(state.doc, state.doc.content.size - 1)),
    );
    return type(state, " Firmato.", ANNA);
  }
  const idOf = (state: EditorState, kind: string, text: string) =>
    listSuggestions(state.doc).find((s) => s.kind === kind && s.text === text)!.id;

  it("accepting an insertion keeps its text, accepting a deletion removes its text", () => {
    let state = proposals();
    state = run(state, acceptSuggestion(idOf(state, "insertion", "patto")));
    expect(show(state.doc)).toBe("Il [-tavolo]patto di Chieri.[+ Firmato.]");
    state = run(state, acceptSuggestion(idOf(state, "deletion", "tavolo")));
    expect(show(state.doc)).toBe("Il patto di Chieri.[+ Firmato.]");
  });

  it("rejecting an insertion removes it, rejecting a deletion keeps the text", () => {
    let state = proposals();
    state = run(state, rejectSuggestion(idOf(state, "insertion", " Firmato.")));
    state = run(state, rejectSuggestion(idOf(state, "deletion", "tavolo")));
    expect(show(state.doc)).toBe("Il tavolo[+patto] di Chieri.");
  });

  it("accepts or rejects all at once", () => {
    expect(show(run(proposals(), acceptAll()).doc)).toBe("Il patto di Chieri. Firmato.");
    expect(show(run(proposals(), rejectAll()).doc)).toBe("Il tavolo di Chieri.");
  });

  it("says there is nothing to settle for an unknown id or a section without proposals", () => {
    expect(acceptSuggestion("nope")(proposals())).toBe(false);
    expect(rejectAll()(section(["abc"]))).toBe(false);
  });

  it("settles without being rewritten as a suggestion", () => {
    const state = proposals();
    let settled: Transaction | null = null;
    acceptAll()(state, (tr) => (settled = tr));
    expect(suggestTransaction(state, settled!, as(MARCO))).toBe(settled);
  });
});

describe("transactions suggestion mode leaves alone", () => {
  it("does not rewrite remote Yjs changes, undo or history-less edits", () => {
    const state = section(["abc"], 4);
    const remote = state.tr.delete(1, 2).setMeta(ySyncPluginKey, { isChangeOrigin: true });
    expect(suggestTransaction(state, remote, as(MARCO))).toBe(remote);
    const quiet = state.tr.delete(1, 2).setMeta("addToHistory", false);
    expect(suggestTransaction(state, quiet, as(MARCO))).toBe(quiet);
    const selection = state.tr.setSelection(TextSelection.create(state.doc, 1));
    expect(suggestTransaction(state, selection, as(MARCO))).toBe(selection);
  });

  it("strips suggestion marks from what a direct edit inserts", () => {
    const insertion = schema.marks.insertion!.create({ suggestionId: "s", authorId: "x" });
    const state = section(["abc"], 4);
    const tr = directTransaction(state.tr.insert(4, schema.text("de", [insertion])));
    expect(show(state.apply(tr).doc)).toBe("abcde");
  });
});

describe("suggestions through Yjs", () => {
  const FIELD = "section:premesse";

  /** A writer's copy: an editor state kept in step with its own Y.Doc. */
  function replica(ydoc: Y.Doc) {
    let state = EditorState.create({
      schema,
      doc: yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(FIELD), schema),
    });
    return {
      get state() {
        return state;
      },
      /** A local edit: into the editor, then into the Y.Doc as y-tiptap's binding does. */
      edit(next: EditorState) {
        state = next;
        ydoc.transact(() => prosemirrorToYXmlFragment(state.doc, ydoc.getXmlFragment(FIELD)));
      },
      /** What arrives from the others: a transaction with y-tiptap's sync meta. */
      receive() {
        const doc = yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(FIELD), schema);
        const tr = state.tr
          .replaceWith(0, state.doc.content.size, doc.content)
          .setMeta(ySyncPluginKey, { isChangeOrigin: true });
        const passed = suggestTransaction(state, tr, as(MARCO));
        expect(passed).toBe(tr);
        state = state.apply(passed!);
      },
    };
  }
  const exchange = (a: Y.Doc, b: Y.Doc) => {
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
  };

  it("merges two writers' concurrent proposals, and a review reaches both", () => {
    const marcoDoc = new Y.Doc();
    const annaDoc = new Y.Doc();
    prosemirrorToYXmlFragment(
      section(["Il tavolo di Chieri."]).doc,
      marcoDoc.getXmlFragment(FIELD),
    );
    exchange(marcoDoc, annaDoc);
    const marco = replica(marcoDoc);
    const anna = replica(annaDoc);

    // At the same time: Marco proposes words at the end, Anna strikes «tavolo».
    const atEnd = marco.state.doc.content.size - 1;
    marco.edit(
      type(
        marco.state.apply(
          marco.state.tr.setSelection(TextSelection.create(marco.state.doc, atEnd)),
        ),
        " Firmato.",
      ),
    );
    let annas = anna.state.apply(
      anna.state.tr.setSelection(TextSelection.create(anna.state.doc, 4, 10)),
    );
    annas = suggest(annas, (tr) => tr.deleteSelection(), ANNA);
    anna.edit(annas);
    exchange(marcoDoc, annaDoc);
    marco.receive();
    anna.receive();

    const expected = "Il [-tavolo] di Chieri.[+ Firmato.]";
    expect(show(marco.state.doc)).toBe(expected);
    expect(show(anna.state.doc)).toBe(expected);
    expect(listSuggestions(anna.state.doc).map((s) => [s.kind, s.authorName])).toEqual([
      ["deletion", "Anna Verdi"],
      ["insertion", "Marco Bianchi"],
    ]);

    // The reviewer accepts all on Anna's side; Marco sees the settled text.
    anna.edit(run(anna.state, acceptAll()));
    exchange(marcoDoc, annaDoc);
    marco.receive();
    expect(show(marco.state.doc)).toBe("Il  di Chieri. Firmato.");
  });
});

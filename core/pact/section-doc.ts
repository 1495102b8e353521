// A pact section in the pact's Yjs document (issue 6): each section is the Y.XmlFragment named
// `section:<key>`, read and written as ProseMirror JSON in the pact schema.
import type { JSONContent } from "@tiptap/core";
import type { Mark, Node as ProseMirrorNode, Schema } from "@tiptap/pm/model";
import { prosemirrorToYXmlFragment, yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import type * as Y from "yjs";
import { pactSchema, sectionFragmentName } from "./extensions";

/**
 * Replaces a section's content in one transaction (`origin` is the transaction's origin). Only
 * what differs is rewritten, so editors open on the section keep their place.
 */
export function writeSection(ydoc: Y.Doc, key: string, json: JSONContent, origin?: unknown): void {
  const doc = pactSchema().nodeFromJSON(json);
  doc.check();
  const fragment = ydoc.getXmlFragment(sectionFragmentName(key));
  ydoc.transact(() => {
    prosemirrorToYXmlFragment(doc, fragment);
  }, origin);
}

/**
 * A section's content as ProseMirror JSON: an empty document when the section has none yet. What a
 * client wrote that the schema does not allow is left out rather than failing the read.
 */
export function readSection(ydoc: Y.Doc, key: string): JSONContent {
  const fragment = ydoc.getXmlFragment(sectionFragmentName(key));
  const json = yXmlFragmentToProsemirrorJSON(fragment) as JSONContent;
  return sectionNode(pactSchema(), json).toJSON() as JSONContent;
}

/** An empty section. */
export function emptySection(): JSONContent {
  return pactSchema().topNodeType.createAndFill()!.toJSON() as JSONContent;
}

function sectionNode(schema: Schema, json: JSONContent): ProseMirrorNode {
  try {
    const doc = schema.nodeFromJSON(json);
    doc.check();
    return doc;
  } catch {
    return lenientNode(schema, json) ?? schema.topNodeType.createAndFill()!;
  }
}

/** A node rebuilt from JSON, dropping unknown types and marks and what does not fit its parent. */
function lenientNode(schema: Schema, json: JSONContent): ProseMirrorNode | null {
  const type = json.type ? schema.nodes[json.type] : undefined;
  if (!type) return null;
  const marks: Mark[] = [];
  for (const mark of json.marks ?? []) {
    const markType = schema.marks[mark.type];
    if (markType) marks.push(markType.create(mark.attrs ?? null));
  }
  try {
    if (type.isText) return json.text ? schema.text(json.text, marks) : null;
    const children = (json.content ?? [])
      .map((child) => lenientNode(schema, child))
      .filter((child): child is ProseMirrorNode => child !== null)
      .filter((child) => child.isInline === type.inlineContent);
    const node = type.createAndFill(json.attrs ?? null, children, marks);
    if (node) node.check();
    return node;
  } catch {
    return null;
  }
}

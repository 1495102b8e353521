// Which root types of a document a transaction changed, by name: a pact's sections are its roots.
import * as Y from "yjs";

/** The root type a type sits in; null when its chain of parents is broken (garbage-collected). */
function rootOf(type: Y.AbstractType<any>): Y.AbstractType<any> | null {
  let current = type;
  while (current._item) {
    const parent = current._item.parent;
    if (!(parent instanceof Y.AbstractType)) return null;
    current = parent;
  }
  return current;
}

/**
 * The names of the root types a transaction changed, from what it did to the document (inserts,
 * deletions, attributes, formatting), not from what its update carried.
 */
export function changedRootNames(doc: Y.Doc, transaction: Y.Transaction): string[] {
  const roots = new Set<Y.AbstractType<any>>();
  for (const type of transaction.changed.keys()) {
    const root = rootOf(type);
    if (root) roots.add(root);
  }
  if (roots.size === 0) return [];
  const names: string[] = [];
  for (const [name, type] of doc.share) if (roots.has(type)) names.push(name);
  return names;
}

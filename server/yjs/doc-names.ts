// Which documents exist on /yjs: `board:<meetingId>` and `pact:<pactId>`, nothing else.
export type DocKind = "board" | "pact";

export interface DocName {
  name: string;
  kind: DocKind;
  id: string;
}

const DOC_NAME = /^(board|pact):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** The document a `/yjs/<docName>` path names, or null when it names none we serve. */
export function parseDocName(raw: string): DocName | null {
  const match = DOC_NAME.exec(raw.toLowerCase());
  if (!match) return null;
  const kind = match[1] as DocKind;
  const id = match[2]!;
  return { name: `${kind}:${id}`, kind, id };
}

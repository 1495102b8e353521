// Who is writing which section, over the pact document's awareness: each client publishes
// `user` {name, color} (CollaborationCaret does it) and `section` (the key of the section it is
// in, or null). Never an email.
import { useEffect, useState } from "react";
import type { Awareness } from "y-protocols/awareness";
import { SECTION_FIELD } from "../../collab/use-pact-doc";
import { awarenessUser, type AwarenessUser } from "../../collab/use-yjs-doc";

export interface SectionWriter extends AwarenessUser {
  clientId: number;
}

/** Other clients' names by the section they are in (one entry per name: two tabs are one person). */
export function writersBySection(awareness: Awareness): Map<string, SectionWriter[]> {
  const bySection = new Map<string, SectionWriter[]>();
  for (const [clientId, state] of awareness.getStates()) {
    if (clientId === awareness.clientID) continue;
    const section = (state as Record<string, unknown>)[SECTION_FIELD];
    const user = awarenessUser(state);
    if (typeof section !== "string" || !user) continue;
    const writers = bySection.get(section) ?? [];
    if (writers.some((w) => w.name === user.name)) continue;
    writers.push({ clientId, ...user });
    bySection.set(section, writers);
  }
  return bySection;
}

function sameWriters(a: Map<string, SectionWriter[]>, b: Map<string, SectionWriter[]>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, writers] of a) {
    const other = b.get(key);
    if (!other || other.length !== writers.length) return false;
    if (writers.some((w, i) => w.name !== other[i]!.name || w.color !== other[i]!.color))
      return false;
  }
  return true;
}

/** The writers of every section, re-read when the awareness changes. */
export function useSectionWriters(awareness: Awareness | null): Map<string, SectionWriter[]> {
  const [writers, setWriters] = useState<Map<string, SectionWriter[]>>(() => new Map());
  useEffect(() => {
    if (!awareness) return;
    const update = () =>
      setWriters((previous) => {
        const next = writersBySection(awareness);
        // Cursor moves change the awareness many times a second; the outline needs no new render.
        return sameWriters(previous, next) ? previous : next;
      });
    update();
    awareness.on("change", update);
    return () => awareness.off("change", update);
  }, [awareness]);
  return writers;
}

/** Says which section I am in (null: none), for the other writers' outlines. */
export function publishSection(awareness: Awareness, section: string | null): void {
  awareness.setLocalStateField(SECTION_FIELD, section);
}

/** Leaves a section, unless focus already went to another one (whose editor said so first). */
export function leaveSection(awareness: Awareness, section: string): void {
  const state = awareness.getLocalState() as Record<string, unknown> | null;
  if (state?.[SECTION_FIELD] === section) awareness.setLocalStateField(SECTION_FIELD, null);
}

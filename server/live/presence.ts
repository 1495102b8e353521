// Who is in a meeting's room: one entry per person (however many tabs), by name, never email.
import type { PresenceEntry } from "../../core/live";

export function presenceList(entries: Iterable<PresenceEntry | undefined>): PresenceEntry[] {
  const people = new Map<string, PresenceEntry>();
  for (const entry of entries) {
    if (entry && !people.has(entry.id)) people.set(entry.id, entry);
  }
  return [...people.values()].sort(
    (a, b) => a.name.localeCompare(b.name, "it") || a.id.localeCompare(b.id),
  );
}

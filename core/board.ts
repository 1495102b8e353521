// The board document (DESIGN.md "Board document shape"): what a board's Y.Doc holds and how to read it.
import * as Y from "yjs";
import { z } from "zod";

/** Top-level maps of a board document, each keyed by the entry's id. */
export const BOARD_MAPS = {
  cards: "cards",
  clusters: "clusters",
  objectives: "objectives",
  actions: "actions",
} as const;
/** Card positions live apart from content, so that dragging does not grow the content maps. */
export const BOARD_POSITIONS = "positions";

const id = z.string().min(1).max(64);
const text = (max: number) => z.string().max(max);
const instant = z
  .union([z.number().finite(), z.string()])
  .transform((value) => new Date(value))
  .refine((date) => !Number.isNaN(date.getTime()));

export const boardCard = z.object({
  text: text(2000),
  clusterId: id.nullish().transform((v) => v ?? null),
  createdAt: instant,
  // A display label only ("Genitore", "Anna R."); never an email.
  authorLabel: text(80)
    .refine((v) => !v.includes("@"))
    .default(""),
  group: text(40)
    .nullish()
    .transform((v) => v ?? null),
  /** Typed up from paper (a post-it of the room), not written on a device. */
  inPerson: z.boolean().default(false),
  /** Place among the cards of its cluster (smaller first); null: by creation time. */
  order: z
    .number()
    .finite()
    .nullish()
    .transform((v) => v ?? null),
});

export const boardCluster = z.object({
  label: text(200).default(""),
});

/** Where on a board an objective or action sits among its kind (smaller first); null: by id. */
const order = z
  .number()
  .finite()
  .nullish()
  .transform((v) => v ?? null);
/** A calendar day, "2027-03-01" (the timeline of an action is in days, not instants). */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .nullish()
  .catch(null)
  .transform((v) => v ?? null);
const amount = z
  .number()
  .finite()
  .min(0)
  .nullish()
  .catch(null)
  .transform((v) => v ?? null);

/** Entries kept as a map keyed by id (so that concurrent additions merge), read as a list. */
function keyedList<S extends z.ZodType>(schema: S, max: number) {
  return z
    .record(z.string(), z.unknown())
    .default({})
    .transform((entries) => {
      const list: (z.output<S> & { id: string })[] = [];
      for (const [key, value] of Object.entries(entries)) {
        if (list.length >= max || !id.safeParse(key).success) continue;
        const parsed = schema.safeParse(value);
        if (parsed.success) list.push({ ...(parsed.data as object), id: key } as never);
      }
      return list.sort(byOrder);
    });
}

/** Smaller `order` first, then those without one, then by id: a stable reading order. */
export function byOrder(
  a: { id: string; order?: number | null },
  b: { id: string; order?: number | null },
): number {
  const oa = a.order ?? null;
  const ob = b.order ?? null;
  if (oa !== null && ob !== null && oa !== ob) return oa - ob;
  if (oa !== null && ob === null) return -1;
  if (oa === null && ob !== null) return 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export const boardObjective = z.object({
  title: text(500),
  description: text(4000)
    .nullish()
    .transform((v) => v || null),
  clusterIds: z.array(id).max(200).default([]),
  /** Key of a policy area of the tavolo's taxonomy ("G"), or null when not yet chosen. */
  policyArea: text(40)
    .nullish()
    .transform((v) => v || null),
  order,
});

export const INDICATOR_KINDS = ["input", "process", "output", "outcome"] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

export const boardIndicator = z.object({
  kind: z.enum(INDICATOR_KINDS),
  /** What is counted or observed: "corsi di italiano L2 attivati". */
  measure: text(500),
  baseline: text(200).default(""),
  target: text(200).default(""),
  order,
});

export const boardMilestone = z.object({
  label: text(200),
  date: day,
  order,
});

export const boardAction = z.object({
  title: text(500),
  objectiveId: id.nullish().transform((v) => v ?? null),
  description: text(4000)
    .nullish()
    .transform((v) => v || null),
  /** Who the action is for: "famiglie con figli 0-6 anni". */
  targetGroup: text(500).default(""),
  /** The places (luoghi) where it happens. */
  places: z.array(text(200)).max(50).default([]),
  /** Organisations of the tavolo, by id. */
  responsibleOrganizationId: id.nullish().transform((v) => v ?? null),
  partnerOrganizationIds: z.array(id).max(100).default([]),
  indicators: keyedList(boardIndicator, 100),
  resources: z
    .object({ staffHours: amount, euros: amount, fundingSource: text(500).default("") })
    .default({ staffHours: null, euros: null, fundingSource: "" }),
  timeline: z
    .object({ start: day, end: day, milestones: keyedList(boardMilestone, 100) })
    .default({ start: null, end: null, milestones: [] }),
  order,
});

export type BoardCard = z.output<typeof boardCard> & { id: string };
export type BoardCluster = z.output<typeof boardCluster> & { id: string };
export type BoardObjective = z.output<typeof boardObjective> & { id: string };
export type BoardAction = z.output<typeof boardAction> & { id: string };
export type BoardIndicator = BoardAction["indicators"][number];
export type BoardMilestone = BoardAction["timeline"]["milestones"][number];

export interface BoardSnapshot {
  cards: BoardCard[];
  clusters: BoardCluster[];
  objectives: BoardObjective[];
  actions: BoardAction[];
  /** Entries that did not match the shape, skipped rather than trusted: "cards/<id>". */
  skipped: string[];
}

function plain(value: unknown): unknown {
  if (value instanceof Y.Map)
    return Object.fromEntries([...value.entries()].map(([k, v]) => [k, plain(v)]));
  if (value instanceof Y.Array) return value.toArray().map(plain);
  if (value instanceof Y.Text) return value.toString();
  return value;
}

function readMap<S extends z.ZodType>(
  doc: Y.Doc,
  name: string,
  schema: S,
  skipped: string[],
): (z.output<S> & { id: string })[] {
  const entries: (z.output<S> & { id: string })[] = [];
  const map = doc.getMap(name);
  for (const [key, value] of map.entries()) {
    const parsed = id.safeParse(key).success ? schema.safeParse(plain(value)) : null;
    if (parsed?.success)
      entries.push({ ...(parsed.data as object), id: key } as z.output<S> & { id: string });
    else skipped.push(`${name}/${key.slice(0, 64)}`);
  }
  return entries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The objectives of a board alone, in board order (their cluster links not yet checked). */
export function readObjectives(doc: Y.Doc, skipped: string[] = []): BoardObjective[] {
  return readMap(doc, BOARD_MAPS.objectives, boardObjective, skipped).sort(byOrder);
}

/**
 * Reads a board document into plain records. Links are kept only when both ends exist, so a
 * card whose cluster was deleted reads as unclustered: traceability never points at nothing.
 */
export function readBoard(doc: Y.Doc): BoardSnapshot {
  return readBoardWith(doc, (skipped) => readMap(doc, BOARD_MAPS.cards, boardCard, skipped));
}

/**
 * readBoard with the cards read by the caller (a view that keeps them up to date incrementally
 * and checks them by the same rules): the small maps are read here, and everything linked alike.
 */
export function readBoardWith(
  doc: Y.Doc,
  readCards: (skipped: string[]) => BoardCard[],
): BoardSnapshot {
  const skipped: string[] = [];
  const clusters = readMap(doc, BOARD_MAPS.clusters, boardCluster, skipped);
  const clusterIds = new Set(clusters.map((c) => c.id));
  const cards = readCards(skipped).map((card) =>
    card.clusterId && !clusterIds.has(card.clusterId) ? { ...card, clusterId: null } : card,
  );
  const objectives = readObjectives(doc, skipped).map((o) => ({
    ...o,
    clusterIds: [...new Set(o.clusterIds)].filter((c) => clusterIds.has(c)),
  }));
  const objectiveIds = new Set(objectives.map((o) => o.id));
  const actions = readMap(doc, BOARD_MAPS.actions, boardAction, skipped)
    .sort(byOrder)
    .map((a) =>
      a.objectiveId && !objectiveIds.has(a.objectiveId) ? { ...a, objectiveId: null } : a,
    );
  return { cards, clusters, objectives, actions, skipped };
}

/** Writes a card as a nested Y.Map, so that concurrent edits of different fields both survive. */
export function putCard(
  doc: Y.Doc,
  cardId: string,
  card: {
    text: string;
    authorLabel: string;
    clusterId?: string | null;
    group?: string | null;
    createdAt?: number;
    inPerson?: boolean;
    order?: number | null;
  },
): void {
  const entry = new Y.Map<unknown>();
  // A Y.Text, so that two people editing one card's words merge rather than overwrite.
  entry.set("text", new Y.Text(card.text));
  entry.set("authorLabel", card.authorLabel);
  entry.set("clusterId", card.clusterId ?? null);
  entry.set("group", card.group ?? null);
  entry.set("createdAt", card.createdAt ?? Date.now());
  if (card.inPerson) entry.set("inPerson", true);
  if (card.order !== undefined && card.order !== null) entry.set("order", card.order);
  doc.getMap(BOARD_MAPS.cards).set(cardId, entry);
}

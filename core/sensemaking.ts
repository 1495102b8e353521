// From clusters to objectives and actions on the board document (issue 5): applying suggested
// clusters, promoting clusters to objectives, and co-editing actions with their indicators,
// resources and timeline. Each function is one Yjs transaction: one update on the wire, one step
// of undo. Titles and descriptions are Y.Text, so two people typing in one field both keep their
// words; the other fields are nested Y.Maps, so edits of different fields merge.
import * as Y from "yjs";
import { BOARD_MAPS, INDICATOR_KINDS, type IndicatorKind } from "./board";
import {
  applyTextDiff,
  BOARD_GEOMETRY,
  BoardOpError,
  cleanText,
  FRAME_WIDTH,
  MAX_CLUSTER_LABEL,
  frameSize,
  membersOf,
} from "./board-ops";
import { readPositions, removePositions, setPositions, type CardPosition } from "./board-positions";

export const MAX_TITLE = 500;
export const MAX_DESCRIPTION = 4000;
export const MAX_SHORT_FIELD = 500;
export const MAX_PLACE = 200;
export const MAX_INDICATOR_VALUE = 200;

const mapOf = (doc: Y.Doc, name: string) => doc.getMap<unknown>(name);

function entryOf(
  doc: Y.Doc,
  name: string,
  entryId: string,
  missing: BoardOpError["reason"],
): Y.Map<unknown> {
  const entry = mapOf(doc, name).get(entryId);
  if (!(entry instanceof Y.Map)) throw new BoardOpError(missing);
  return entry as Y.Map<unknown>;
}

/** The nested map `key` of `entry`, made on first use (a plain object is turned into one). */
function childMap(entry: Y.Map<unknown>, key: string): Y.Map<unknown> {
  const current = entry.get(key);
  if (current instanceof Y.Map) return current as Y.Map<unknown>;
  const child = new Y.Map<unknown>();
  if (current && typeof current === "object" && !Array.isArray(current)) {
    for (const [k, v] of Object.entries(current)) child.set(k, v);
  }
  entry.set(key, child);
  return child;
}

/** Sets a Y.Text field to `next`, changing only what differs; "" removes an optional field. */
function setText(entry: Y.Map<unknown>, key: string, next: string): void {
  let text = entry.get(key);
  if (!(text instanceof Y.Text)) {
    text = new Y.Text(typeof text === "string" ? text : "");
    entry.set(key, text);
  }
  applyTextDiff(text as Y.Text, next);
}

function optionalText(value: string, max: number): string {
  const clean = value.replace(/[\p{Cc}\p{Cf}]/gu, (c) => (c === "\n" ? c : "")).trim();
  if (clean.length > max) throw new BoardOpError("too_long");
  return clean;
}

/** `check(value)` for a field that is being changed; undefined (left as it is) otherwise. */
function ifGiven<T, R>(value: T | undefined, check: (value: T) => R): R | undefined {
  return value === undefined ? undefined : check(value);
}

function nextOrderIn(map: Y.Map<unknown>, filter: (entry: Y.Map<unknown>) => boolean = () => true) {
  let max = -1;
  for (const entry of map.values()) {
    if (!(entry instanceof Y.Map) || !filter(entry as Y.Map<unknown>)) continue;
    const order = entry.get("order");
    if (typeof order === "number" && Number.isFinite(order)) max = Math.max(max, order);
  }
  return max + 1;
}

function stringList(value: unknown): string[] {
  const list = value instanceof Y.Array ? value.toArray() : Array.isArray(value) ? value : [];
  return list.filter((v): v is string => typeof v === "string");
}

/** Replaces a list field with `next`, as a Y.Array edited in place (the list survives). */
function setList(entry: Y.Map<unknown>, key: string, next: readonly string[]): void {
  let list = entry.get(key);
  if (!(list instanceof Y.Array)) {
    list = new Y.Array<string>();
    entry.set(key, list);
  }
  const array = list as Y.Array<unknown>;
  const current = array.toArray();
  if (current.length === next.length && current.every((v, i) => v === next[i])) return;
  array.delete(0, array.length);
  array.push([...next]);
}

// ---- Suggested clusters ------------------------------------------------------------------------

export interface AcceptedCluster {
  /** The new cluster's id. */
  id: string;
  label: string;
  cardIds: readonly string[];
}

/** Room between frames laid out side by side, and between the board and the first of them. */
const FRAME_GAP = 48;
const FRAMES_PER_ROW = 4;

/** The right edge of what the board shows now, and its top: new frames go beside it. */
function boardBounds(doc: Y.Doc): { right: number; top: number } | null {
  const clusters = mapOf(doc, BOARD_MAPS.clusters);
  let right = -Infinity;
  let top = Infinity;
  for (const [key, at] of readPositions(doc)) {
    const width = clusters.has(key) ? FRAME_WIDTH : BOARD_GEOMETRY.cardWidth;
    right = Math.max(right, at.x + width);
    top = Math.min(top, at.y);
  }
  return Number.isFinite(right) ? { right, top } : null;
}

/**
 * Applies the clusters a facilitator accepted, as one change: each becomes a labelled frame
 * beside what the board already shows, holding its cards (moved out of wherever they were).
 * Clusters emptied by the move and cited by no objective are removed with `removeEmptied`.
 * Unknown card ids are skipped (a card deleted meanwhile); a suggestion left with no card is too.
 */
export function applyClusterSuggestions(
  doc: Y.Doc,
  accepted: readonly AcceptedCluster[],
  options: { removeEmptied?: boolean } = {},
): string[] {
  const cards = mapOf(doc, BOARD_MAPS.cards);
  const clusters = mapOf(doc, BOARD_MAPS.clusters);
  const claimed = new Set<string>();
  const groups = accepted
    .map((group) => ({
      id: group.id,
      label: cleanText(group.label, MAX_CLUSTER_LABEL),
      cardIds: [...new Set(group.cardIds)].filter((id) => {
        if (claimed.has(id) || !(cards.get(id) instanceof Y.Map)) return false;
        claimed.add(id);
        return true;
      }),
    }))
    .filter((group) => group.cardIds.length > 0);
  if (groups.some((g) => clusters.has(g.id))) throw new BoardOpError("invalid");
  if (groups.length === 0) return [];

  const bounds = boardBounds(doc);
  const origin = { x: bounds ? bounds.right + FRAME_GAP * 2 : 0, y: bounds ? bounds.top : 0 };
  const columnBottoms = new Array<number>(FRAMES_PER_ROW).fill(origin.y);
  const placed: [string, CardPosition][] = [];
  groups.forEach((group, i) => {
    const column = i % FRAMES_PER_ROW;
    placed.push([
      group.id,
      { x: origin.x + column * (FRAME_WIDTH + FRAME_GAP), y: columnBottoms[column]! },
    ]);
    columnBottoms[column]! += frameSize(group.cardIds.length).height + FRAME_GAP;
  });

  doc.transact(() => {
    const left = new Set<string>();
    for (const group of groups) {
      const cluster = new Y.Map<unknown>();
      cluster.set("label", group.label);
      clusters.set(group.id, cluster);
      group.cardIds.forEach((cardId, order) => {
        const card = cards.get(cardId) as Y.Map<unknown>;
        const previous = card.get("clusterId");
        if (typeof previous === "string") left.add(previous);
        card.set("clusterId", group.id);
        card.set("order", order);
      });
    }
    setPositions(doc, placed);
    // Cards that were loose had positions of their own; in a frame they need none.
    const positioned = readPositions(doc);
    const stale = [...claimed].filter((id) => positioned.has(id));
    if (stale.length > 0) removePositions(doc, stale);
    if (options.removeEmptied) {
      const cited = citedClusters(doc);
      const emptied = [...left].filter(
        (id) => clusters.has(id) && !cited.has(id) && membersOf(doc, id).length === 0,
      );
      for (const id of emptied) clusters.delete(id);
      if (emptied.length > 0) removePositions(doc, emptied);
    }
  });
  return groups.map((g) => g.id);
}

function citedClusters(doc: Y.Doc): Set<string> {
  const cited = new Set<string>();
  for (const objective of mapOf(doc, BOARD_MAPS.objectives).values()) {
    if (objective instanceof Y.Map)
      stringList(objective.get("clusterIds")).forEach((id) => cited.add(id));
  }
  return cited;
}

/** Moves some cards of a cluster into a new cluster beside it (the facilitator's "split"). */
export function splitCluster(
  doc: Y.Doc,
  clusterId: string,
  cardIds: readonly string[],
  next: { id: string; label: string },
): void {
  const clusters = mapOf(doc, BOARD_MAPS.clusters);
  if (!clusters.has(clusterId)) throw new BoardOpError("unknown_cluster");
  if (clusters.has(next.id)) throw new BoardOpError("invalid");
  const label = cleanText(next.label, MAX_CLUSTER_LABEL);
  const members = new Set(membersOf(doc, clusterId).map((m) => m.id));
  const moving = [...new Set(cardIds)].filter((id) => members.has(id));
  if (moving.length === 0) throw new BoardOpError("unknown_card");
  const frame = readPositions(doc).get(clusterId) ?? { x: 0, y: 0 };
  doc.transact(() => {
    const cluster = new Y.Map<unknown>();
    cluster.set("label", label);
    clusters.set(next.id, cluster);
    const cards = mapOf(doc, BOARD_MAPS.cards);
    moving.forEach((cardId, order) => {
      const card = cards.get(cardId) as Y.Map<unknown>;
      card.set("clusterId", next.id);
      card.set("order", order);
    });
    setPositions(doc, [[next.id, { x: frame.x + FRAME_WIDTH + FRAME_GAP, y: frame.y }]]);
  });
}

// ---- Objectives ------------------------------------------------------------------------------

export interface NewObjective {
  id: string;
  title: string;
  description?: string;
  policyArea?: string | null;
  clusterIds: readonly string[];
}

function checkClusters(doc: Y.Doc, clusterIds: readonly string[]): string[] {
  const clusters = mapOf(doc, BOARD_MAPS.clusters);
  const ids = [...new Set(clusterIds)];
  if (ids.some((id) => !clusters.has(id))) throw new BoardOpError("unknown_cluster");
  return ids;
}

/** Promotes clusters to an objective (or makes one from none, to be linked later). */
export function createObjective(doc: Y.Doc, objective: NewObjective): void {
  const objectives = mapOf(doc, BOARD_MAPS.objectives);
  if (objectives.has(objective.id)) throw new BoardOpError("invalid");
  const title = cleanText(objective.title, MAX_TITLE);
  const description = optionalText(objective.description ?? "", MAX_DESCRIPTION);
  const clusterIds = checkClusters(doc, objective.clusterIds);
  doc.transact(() => {
    const entry = new Y.Map<unknown>();
    entry.set("title", new Y.Text(title));
    if (description) entry.set("description", new Y.Text(description));
    entry.set("clusterIds", Y.Array.from(clusterIds));
    if (objective.policyArea) entry.set("policyArea", objective.policyArea.slice(0, 40));
    entry.set("order", nextOrderIn(objectives));
    objectives.set(objective.id, entry);
  });
}

export interface ObjectiveChange {
  title?: string;
  description?: string;
  policyArea?: string | null;
  clusterIds?: readonly string[];
}

export function updateObjective(doc: Y.Doc, objectiveId: string, change: ObjectiveChange): void {
  const entry = entryOf(doc, BOARD_MAPS.objectives, objectiveId, "unknown_objective");
  const title = ifGiven(change.title, (v) => cleanText(v, MAX_TITLE));
  const description = ifGiven(change.description, (v) => optionalText(v, MAX_DESCRIPTION));
  const clusterIds = ifGiven(change.clusterIds, (ids) => checkClusters(doc, ids));
  doc.transact(() => {
    if (title !== undefined) setText(entry, "title", title);
    if (description !== undefined) setText(entry, "description", description);
    if (change.policyArea !== undefined) {
      if (change.policyArea) entry.set("policyArea", change.policyArea.slice(0, 40));
      else entry.delete("policyArea");
    }
    if (clusterIds !== undefined) setList(entry, "clusterIds", clusterIds);
  });
}

/** Deletes an objective and the actions under it. */
export function deleteObjective(doc: Y.Doc, objectiveId: string): void {
  const objectives = mapOf(doc, BOARD_MAPS.objectives);
  if (!objectives.has(objectiveId)) return;
  const actions = mapOf(doc, BOARD_MAPS.actions);
  doc.transact(() => {
    for (const [id, action] of [...actions.entries()]) {
      if (action instanceof Y.Map && action.get("objectiveId") === objectiveId) actions.delete(id);
    }
    objectives.delete(objectiveId);
  });
}

// ---- Actions ---------------------------------------------------------------------------------

export function addAction(
  doc: Y.Doc,
  action: { id: string; objectiveId: string; title: string },
): void {
  entryOf(doc, BOARD_MAPS.objectives, action.objectiveId, "unknown_objective");
  const actions = mapOf(doc, BOARD_MAPS.actions);
  if (actions.has(action.id)) throw new BoardOpError("invalid");
  const title = cleanText(action.title, MAX_TITLE);
  doc.transact(() => {
    const entry = new Y.Map<unknown>();
    entry.set("title", new Y.Text(title));
    entry.set("objectiveId", action.objectiveId);
    entry.set(
      "order",
      nextOrderIn(actions, (a) => a.get("objectiveId") === action.objectiveId),
    );
    // The nested maps exist from the start: two people adding the first indicator at once would
    // otherwise each create the map, and one of the two maps (with its indicator) would be lost.
    entry.set("indicators", new Y.Map<unknown>());
    entry.set("resources", new Y.Map<unknown>());
    const timeline = new Y.Map<unknown>();
    timeline.set("milestones", new Y.Map<unknown>());
    entry.set("timeline", timeline);
    actions.set(action.id, entry);
  });
}

export interface ActionChange {
  title?: string;
  description?: string;
  targetGroup?: string;
  places?: readonly string[];
  responsibleOrganizationId?: string | null;
  partnerOrganizationIds?: readonly string[];
  resources?: { staffHours?: number | null; euros?: number | null; fundingSource?: string };
  timeline?: { start?: string | null; end?: string | null };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function checkDay(value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null || value === "") return value === "" ? null : value;
  if (!DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new BoardOpError("invalid");
  }
  return value;
}

function checkAmount(value: number | null | undefined): number | null | undefined {
  if (value === undefined || value === null) return value;
  if (!Number.isFinite(value) || value < 0 || value > 1e12) throw new BoardOpError("invalid");
  return value;
}

/** Sets or clears a field of a nested map: null clears it. */
function setOrClear(map: Y.Map<unknown>, key: string, value: unknown): void {
  if (value === undefined) return;
  if (value === null || value === "") map.delete(key);
  else if (map.get(key) !== value) map.set(key, value);
}

export function updateAction(doc: Y.Doc, actionId: string, change: ActionChange): void {
  const entry = entryOf(doc, BOARD_MAPS.actions, actionId, "unknown_action");
  const title = ifGiven(change.title, (v) => cleanText(v, MAX_TITLE));
  const description = ifGiven(change.description, (v) => optionalText(v, MAX_DESCRIPTION));
  const targetGroup = ifGiven(change.targetGroup, (v) => optionalText(v, MAX_SHORT_FIELD));
  const places = change.places?.map((p) => optionalText(p, MAX_PLACE)).filter((p) => p !== "");
  if (places && places.length > 50) throw new BoardOpError("too_long");
  const partners = change.partnerOrganizationIds && [...new Set(change.partnerOrganizationIds)];
  if (partners && partners.length > 100) throw new BoardOpError("too_long");
  const staffHours = checkAmount(change.resources?.staffHours);
  const euros = checkAmount(change.resources?.euros);
  const fundingSource = ifGiven(change.resources?.fundingSource, (v) =>
    optionalText(v, MAX_SHORT_FIELD),
  );
  const start = checkDay(change.timeline?.start);
  const end = checkDay(change.timeline?.end);
  doc.transact(() => {
    if (title !== undefined) setText(entry, "title", title);
    if (description !== undefined) setText(entry, "description", description);
    if (targetGroup !== undefined) setText(entry, "targetGroup", targetGroup);
    if (places) setList(entry, "places", places);
    if (change.responsibleOrganizationId !== undefined) {
      setOrClear(entry, "responsibleOrganizationId", change.responsibleOrganizationId);
    }
    if (partners) setList(entry, "partnerOrganizationIds", partners);
    if (change.resources) {
      const resources = childMap(entry, "resources");
      setOrClear(resources, "staffHours", staffHours);
      setOrClear(resources, "euros", euros);
      setOrClear(resources, "fundingSource", fundingSource);
    }
    if (change.timeline) {
      const timeline = childMap(entry, "timeline");
      setOrClear(timeline, "start", start);
      setOrClear(timeline, "end", end);
    }
  });
}

export function deleteAction(doc: Y.Doc, actionId: string): void {
  const actions = mapOf(doc, BOARD_MAPS.actions);
  if (actions.has(actionId)) doc.transact(() => actions.delete(actionId));
}

// ---- Indicators and milestones (entries of a map keyed by id, so additions merge) ------------

/** The entry `entryId` of a keyed list (indicators, milestones), added at the end when new. */
function listEntry(list: Y.Map<unknown>, entryId: string): Y.Map<unknown> {
  const entry = list.get(entryId);
  if (entry instanceof Y.Map) return entry as Y.Map<unknown>;
  const added = new Y.Map<unknown>();
  added.set("order", nextOrderIn(list));
  list.set(entryId, added);
  return added;
}

export interface IndicatorFields {
  kind?: IndicatorKind;
  measure?: string;
  baseline?: string;
  target?: string;
}

/** Adds an indicator to an action (kind and measure required) or changes some of its fields. */
export function putIndicator(
  doc: Y.Doc,
  actionId: string,
  indicatorId: string,
  fields: IndicatorFields,
): void {
  const action = entryOf(doc, BOARD_MAPS.actions, actionId, "unknown_action");
  if (fields.kind !== undefined && !INDICATOR_KINDS.includes(fields.kind)) {
    throw new BoardOpError("invalid");
  }
  const measure = ifGiven(fields.measure, (v) => cleanText(v, MAX_SHORT_FIELD));
  const baseline = ifGiven(fields.baseline, (v) => optionalText(v, MAX_INDICATOR_VALUE));
  const target = ifGiven(fields.target, (v) => optionalText(v, MAX_INDICATOR_VALUE));
  const existing = action.get("indicators");
  const isNew = !(existing instanceof Y.Map && existing.get(indicatorId) instanceof Y.Map);
  if (isNew && (fields.kind === undefined || measure === undefined)) {
    throw new BoardOpError("invalid");
  }
  doc.transact(() => {
    const indicator = listEntry(childMap(action, "indicators"), indicatorId);
    if (fields.kind !== undefined) indicator.set("kind", fields.kind);
    if (measure !== undefined) setText(indicator, "measure", measure);
    if (baseline !== undefined) setText(indicator, "baseline", baseline);
    if (target !== undefined) setText(indicator, "target", target);
  });
}

export function removeIndicator(doc: Y.Doc, actionId: string, indicatorId: string): void {
  const action = entryOf(doc, BOARD_MAPS.actions, actionId, "unknown_action");
  const indicators = action.get("indicators");
  if (indicators instanceof Y.Map && indicators.has(indicatorId)) {
    doc.transact(() => indicators.delete(indicatorId));
  }
}

/** Adds a milestone to an action's timeline (label required) or changes it. */
export function putMilestone(
  doc: Y.Doc,
  actionId: string,
  milestoneId: string,
  fields: { label?: string; date?: string | null },
): void {
  const action = entryOf(doc, BOARD_MAPS.actions, actionId, "unknown_action");
  const label = ifGiven(fields.label, (v) => cleanText(v, 200));
  const date = checkDay(fields.date);
  const timeline = action.get("timeline");
  const existing = timeline instanceof Y.Map ? timeline.get("milestones") : null;
  const isNew = !(existing instanceof Y.Map && existing.get(milestoneId) instanceof Y.Map);
  if (isNew && label === undefined) throw new BoardOpError("invalid");
  doc.transact(() => {
    const milestone = listEntry(childMap(childMap(action, "timeline"), "milestones"), milestoneId);
    if (label !== undefined) setText(milestone, "label", label);
    setOrClear(milestone, "date", date);
  });
}

export function removeMilestone(doc: Y.Doc, actionId: string, milestoneId: string): void {
  const action = entryOf(doc, BOARD_MAPS.actions, actionId, "unknown_action");
  const timeline = action.get("timeline");
  const milestones = timeline instanceof Y.Map ? timeline.get("milestones") : null;
  if (milestones instanceof Y.Map && milestones.has(milestoneId)) {
    doc.transact(() => milestones.delete(milestoneId));
  }
}

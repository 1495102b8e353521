// Live blocks of a pact section (issue 6): a block standing for a meeting's objectives and actions,
// which the editor shows as a table kept in step with the meeting's board, and which Markdown (what
// the API returns, what a version freezes and hashes) writes as a plain table of the data it is given.
import { mergeAttributes, Node, type JSONContent } from "@tiptap/core";
import type { BoardAction, BoardObjective } from "../board";
import type { Locale } from "../domain";
import { translate, type MessageKey } from "../i18n";
import { findPolicyArea, type PolicyArea } from "../policy-areas";

/** The node's name in the pact schema (and in the section's Y.XmlFragment). */
export const OBJECTIVES_BLOCK = "objectivesBlock";

/**
 * A meeting's objectives and actions: an atom (nothing inside it is edited in the pact; the board
 * is where they change), selected and deleted as one block. It holds only the meeting's id.
 */
export const ObjectivesBlock = Node.create({
  name: OBJECTIVES_BLOCK,
  group: "block",
  atom: true,
  selectable: true,
  draggable: false,
  addAttributes() {
    return {
      meetingId: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-meeting-id"),
        renderHTML: (attributes) =>
          attributes.meetingId ? { "data-meeting-id": String(attributes.meetingId) } : {},
      },
    };
  },
  parseHTML() {
    return [{ tag: "div[data-objectives-block]" }];
  },
  renderHTML({ HTMLAttributes }) {
    return ["div", mergeAttributes(HTMLAttributes, { "data-objectives-block": "" })];
  },
});

// --- What a block shows ------------------------------------------------------------------------

export interface LiveIndicator {
  measure: string;
  baseline: string;
  target: string;
}

export interface LiveAction {
  title: string;
  /** The responsible organisation's name (one of the tavolo's), or null. */
  responsible: string | null;
  indicators: LiveIndicator[];
  /** Calendar days, "2027-03-01". */
  start: string | null;
  end: string | null;
}

export interface LiveObjective {
  id: string;
  title: string;
  area: PolicyArea | null;
  actions: LiveAction[];
}

/** A meeting's objectives in board order, each with its actions in board order. */
export interface LiveBlockData {
  objectives: LiveObjective[];
}

/** The data of a meeting's block, or null when it cannot be read (unknown, another tavolo's…). */
export type LiveBlockResolver = (meetingId: string) => LiveBlockData | null | undefined;

/**
 * A block's data from a board document as read by core/board (`readBoard`, `readBoardWith`):
 * actions whose objective is gone are left out, organisations are named only when they are the
 * tavolo's, and a policy area only when it is in the tavolo's list, as the objectives API does.
 */
export function liveBlockFromBoard(
  board: { objectives: readonly BoardObjective[]; actions: readonly BoardAction[] },
  labels: {
    policyAreas: readonly PolicyArea[];
    organizations: readonly { id: string; name: string }[];
  },
): LiveBlockData {
  const names = new Map(labels.organizations.map((o) => [o.id, o.name]));
  return {
    objectives: board.objectives.map((objective) => ({
      id: objective.id,
      title: objective.title,
      area: findPolicyArea(labels.policyAreas, objective.policyArea),
      actions: board.actions
        .filter((action) => action.objectiveId === objective.id)
        .map((action) => ({
          title: action.title,
          responsible:
            (action.responsibleOrganizationId && names.get(action.responsibleOrganizationId)) ||
            null,
          indicators: action.indicators.map((i) => ({
            measure: i.measure,
            baseline: i.baseline,
            target: i.target,
          })),
          start: action.timeline.start,
          end: action.timeline.end,
        })),
    })),
  };
}

// --- The table, as text ------------------------------------------------------------------------

export const LIVE_BLOCK_COLUMNS = [
  "objective",
  "area",
  "action",
  "responsible",
  "indicators",
  "timeline",
] as const;

export const columnLabelKey = (column: (typeof LIVE_BLOCK_COLUMNS)[number]): MessageKey =>
  `pact.live.column.${column}`;

/** One objective's part of the table: its own cells, then one line per action (at least one). */
export interface LiveBlockGroup {
  objective: LiveObjective;
  title: string;
  area: string;
  rows: { action: string; responsible: string; indicators: string; timeline: string }[];
}

/** How days are written: the stored text's "01/03/2027", or the reader's own format. */
export type DayFormat = (day: string) => string;

/** "2027-03-01" → "01/03/2027": the form Italian documents use, the same on every machine. */
export const italianDay: DayFormat = (day) => {
  const [year, month, date] = day.split("-");
  return `${date}/${month}/${year}`;
};

function indicatorText(locale: Locale, indicator: LiveIndicator): string {
  const measure = indicator.measure.trim();
  const baseline = indicator.baseline.trim();
  const target = indicator.target.trim();
  if (baseline && target)
    return translate(locale, "pact.live.indicator_range", { measure, baseline, target });
  if (target) return translate(locale, "pact.live.indicator_target", { measure, target });
  if (baseline) return translate(locale, "pact.live.indicator_baseline", { measure, baseline });
  return measure;
}

function timelineText(locale: Locale, action: LiveAction, day: DayFormat): string {
  const start = action.start ? day(action.start) : null;
  const end = action.end ? day(action.end) : null;
  if (start && end) return translate(locale, "pact.live.timeline_range", { start, end });
  if (start) return translate(locale, "pact.live.timeline_from", { start });
  if (end) return translate(locale, "pact.live.timeline_until", { end });
  return "";
}

/** The cells of the table in `locale`: what the editor shows and what Markdown writes. */
export function liveBlockGroups(
  data: LiveBlockData,
  locale: Locale,
  day: DayFormat = italianDay,
): LiveBlockGroup[] {
  return data.objectives.map((objective) => ({
    objective,
    title: oneLine(objective.title),
    area: objective.area
      ? translate(locale, "pact.live.area", {
          key: objective.area.key,
          label: oneLine(objective.area.label),
        })
      : "",
    rows: (objective.actions.length > 0 ? objective.actions : [null]).map((action) =>
      action
        ? {
            action: oneLine(action.title),
            responsible: oneLine(action.responsible ?? ""),
            indicators: action.indicators
              .map((i) => oneLine(indicatorText(locale, i)))
              .filter((text) => text !== "")
              .join("; "),
            timeline: timelineText(locale, action, day),
          }
        : { action: "", responsible: "", indicators: "", timeline: "" },
    ),
  }));
}

/** A table cell holds one line: the board's line breaks become spaces. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

// --- The block in the pact's text --------------------------------------------------------------

/** The language of the pact's stored text (a version's Markdown and its hash): Italian. */
const STORED_LOCALE: Locale = "it";

const paragraph = (text: string, marks?: JSONContent["marks"]): JSONContent => ({
  type: "paragraph",
  ...(text ? { content: [{ type: "text", text, ...(marks ? { marks } : {}) }] } : {}),
});

const cell = (type: "tableHeader" | "tableCell", text: string): JSONContent => ({
  type,
  content: [paragraph(text)],
});

/**
 * The blocks that stand for a live block in the stored text: a table with a header row and one row
 * per action (an objective's own cells on its first row only, as a merged cell reads; an objective
 * without actions has one row), or a sentence when the meeting has no objectives yet.
 */
export function liveBlockContent(data: LiveBlockData): JSONContent[] {
  const groups = liveBlockGroups(data, STORED_LOCALE);
  if (groups.length === 0)
    return [paragraph(translate(STORED_LOCALE, "pact.live.no_objectives"), [{ type: "italic" }])];
  const header: JSONContent = {
    type: "tableRow",
    content: LIVE_BLOCK_COLUMNS.map((column) =>
      cell("tableHeader", translate(STORED_LOCALE, columnLabelKey(column))),
    ),
  };
  const rows = groups.flatMap((group) =>
    group.rows.map((row, i): JSONContent => ({
      type: "tableRow",
      content: [
        i === 0 ? group.title : "",
        i === 0 ? group.area : "",
        row.action,
        row.responsible,
        row.indicators,
        row.timeline,
      ].map((text) => cell("tableCell", text)),
    })),
  );
  return [{ type: "table", content: [header, ...rows] }];
}

/** The sentence that stands for a block whose meeting could not be read. */
export function unreadableLiveBlock(): JSONContent {
  return paragraph(translate(STORED_LOCALE, "pact.live.unreadable"), [{ type: "italic" }]);
}

export interface ExpandOptions {
  /** What a block whose data cannot be resolved becomes: a sentence saying so, or nothing. */
  unreadable: "sentence" | "nothing";
}

/**
 * A section's document with each live block replaced by what it stands for (see liveBlockContent),
 * resolved by `resolve` (none: every block is unreadable). Never throws on a block it cannot read.
 */
export function expandLiveBlocks(
  doc: JSONContent,
  resolve: LiveBlockResolver | undefined,
  options: ExpandOptions = { unreadable: "sentence" },
): JSONContent {
  const expand = (node: JSONContent): JSONContent[] => {
    if (node.type === OBJECTIVES_BLOCK) {
      const meetingId = node.attrs?.meetingId;
      let data: LiveBlockData | null | undefined = null;
      try {
        data = typeof meetingId === "string" && resolve ? resolve(meetingId) : null;
      } catch {
        data = null;
      }
      if (data) return liveBlockContent(data);
      return options.unreadable === "sentence" ? [unreadableLiveBlock()] : [];
    }
    if (!node.content) return [node];
    return [{ ...node, content: node.content.flatMap(expand) }];
  };
  if (!containsLiveBlock(doc)) return doc;
  return expand(doc)[0] ?? doc;
}

function containsLiveBlock(node: JSONContent): boolean {
  return node.type === OBJECTIVES_BLOCK || (node.content ?? []).some(containsLiveBlock);
}

/** The meetings the live blocks of some sections show, each once, in order of appearance. */
export function liveBlockMeetings(docs: readonly JSONContent[]): string[] {
  const ids = new Set<string>();
  const visit = (node: JSONContent) => {
    if (node.type === OBJECTIVES_BLOCK && typeof node.attrs?.meetingId === "string")
      ids.add(node.attrs.meetingId);
    node.content?.forEach(visit);
  };
  docs.forEach(visit);
  return [...ids];
}

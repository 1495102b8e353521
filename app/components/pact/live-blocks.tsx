// Live blocks in the pact editor (issue 6): a section's table of a meeting's objectives and actions,
// read from the meeting's board document (joined read-only) and redrawn as the board changes, each
// objective linking back to its trace; the dialog that inserts one; and the tables' text for the
// section's counter, which counts what the version will print.
import type { AnyExtension } from "@tiptap/core";
import {
  NodeViewWrapper,
  ReactNodeViewRenderer,
  type Editor,
  type NodeViewProps,
} from "@tiptap/react";
import {
  createContext,
  useContext,
  useEffect,
  useId,
  useMemo,
  useState,
  type ReactNode,
} from "react";
import type * as Y from "yjs";
import { BOARD_MAPS, readBoardWith, type BoardSnapshot } from "../../../core/board";
import {
  columnLabelKey,
  LIVE_BLOCK_COLUMNS,
  liveBlockFromBoard,
  liveBlockGroups,
  OBJECTIVES_BLOCK,
  type LiveBlockData,
  type LiveBlockResolver,
} from "../../../core/pact/live-block";
import { policyAreasOf } from "../../../core/policy-areas";
import type { LiveBlockLabels } from "../../../server/services/pact-live-blocks";
import { useBoardDoc } from "../../collab/use-board-doc";
import { useI18n } from "../../i18n/use-i18n";
import { traceHref } from "../objectives/trace";
import { FieldShell, fieldAria } from "../ui/form";
import { ModalForm } from "../ui/modal-form";

export interface LiveBlockMeeting {
  id: string;
  title: string;
}

/**
 * The tables the open blocks show, in the pact's stored form (Italian labels), by meeting: the
 * section editors count them as the server will. Each block publishes its own entry.
 */
export class LiveBlockStore {
  private readonly entries = new Map<string, Map<symbol, LiveBlockData>>();
  private readonly listeners = new Set<() => void>();
  private labelsRequest: Promise<LiveBlockLabels> | null = null;

  constructor(private readonly pactId: string) {}

  publish(meetingId: string, owner: symbol, data: LiveBlockData | null): void {
    const byOwner = this.entries.get(meetingId) ?? new Map<symbol, LiveBlockData>();
    if (data) byOwner.set(owner, data);
    else byOwner.delete(owner);
    if (byOwner.size > 0) this.entries.set(meetingId, byOwner);
    else this.entries.delete(meetingId);
    for (const listener of this.listeners) listener();
  }

  readonly resolve: LiveBlockResolver = (meetingId) =>
    this.entries.get(meetingId)?.values().next().value ?? null;

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The tavolo's organisations and policy areas, asked once per page when a block needs them. */
  labels(): Promise<LiveBlockLabels> {
    this.labelsRequest ??= fetch(`/pacts/${encodeURIComponent(this.pactId)}/live-blocks`, {
      headers: { accept: "application/json" },
    })
      .then((response) => (response.ok ? (response.json() as Promise<LiveBlockLabels>) : null))
      .catch(() => null)
      // Without them, rows still show; organisations go unnamed, areas by the default list.
      .then((labels) => labels ?? { policyAreas: null, organizations: [] });
    return this.labelsRequest;
  }
}

/** What the blocks of a pact's editors share: the tavolo's meetings and the tables' store. */
export interface LiveBlocks {
  meetings: readonly LiveBlockMeeting[];
  store: LiveBlockStore;
}

const LiveBlocksContext = createContext<LiveBlocks | null>(null);

/** One store for all of a pact's sections, made once per page. */
export function useLiveBlocks(pactId: string, meetings: readonly LiveBlockMeeting[]): LiveBlocks {
  const store = useMemo(() => new LiveBlockStore(pactId), [pactId]);
  return useMemo(() => ({ meetings, store }), [meetings, store]);
}

/** Hands a section's blocks and its toolbar's dialog what they share (the node views included). */
export function LiveBlocksProvider(props: { value: LiveBlocks | null; children: ReactNode }) {
  return (
    <LiveBlocksContext.Provider value={props.value}>{props.children}</LiveBlocksContext.Provider>
  );
}

/** The objectives and actions of a board document, read again at most once a frame as they change. */
function useBoardObjectivesAndActions(doc: Y.Doc | null): BoardSnapshot | null {
  const [board, setBoard] = useState<BoardSnapshot | null>(null);
  useEffect(() => {
    if (!doc) {
      setBoard(null);
      return;
    }
    const maps = [doc.getMap(BOARD_MAPS.objectives), doc.getMap(BOARD_MAPS.actions)];
    let frame: number | null = null;
    // Cards are not needed: the table shows objectives and actions only.
    const read = () => {
      frame = null;
      setBoard(readBoardWith(doc, () => []));
    };
    const changed = () => {
      frame ??= requestAnimationFrame(read);
    };
    read();
    for (const map of maps) map.observeDeep(changed);
    return () => {
      for (const map of maps) map.unobserveDeep(changed);
      if (frame !== null) cancelAnimationFrame(frame);
    };
  }, [doc]);
  return board;
}

function LiveTable({ meeting, store }: { meeting: LiveBlockMeeting; store: LiveBlockStore }) {
  const { t, locale } = useI18n();
  const captionId = useId();
  const board = useBoardDoc(meeting.id);
  const synced = Boolean(board?.synced);
  const snapshot = useBoardObjectivesAndActions(synced ? board!.doc : null);
  const [labels, setLabels] = useState<LiveBlockLabels | null>(null);
  const [owner] = useState(() => Symbol(meeting.id));

  useEffect(() => {
    let current = true;
    void store.labels().then((loaded) => {
      if (current) setLabels(loaded);
    });
    return () => {
      current = false;
    };
  }, [store]);

  const data = useMemo(() => {
    if (!snapshot || !labels) return null;
    const of = (l: typeof locale) =>
      liveBlockFromBoard(snapshot, {
        policyAreas: policyAreasOf(labels.policyAreas, l),
        organizations: labels.organizations,
      });
    // Shown in the reader's language; counted as stored (Italian), as the server counts it.
    return { shown: of(locale), stored: of("it") };
  }, [snapshot, labels, locale]);

  useEffect(() => {
    store.publish(meeting.id, owner, data?.stored ?? null);
  }, [store, meeting.id, owner, data]);
  useEffect(() => () => store.publish(meeting.id, owner, null), [store, meeting.id, owner]);

  const day = useMemo(() => {
    const format = new Intl.DateTimeFormat(locale, {
      day: "2-digit",
      month: "2-digit",
      year: "numeric",
      timeZone: "UTC",
    });
    return (value: string) => format.format(new Date(`${value}T00:00:00Z`));
  }, [locale]);
  const groups = data ? liveBlockGroups(data.shown, locale, day) : null;

  const notice = board?.refusedCode
    ? t("pact.live.refused")
    : board?.status === "disconnected" && synced
      ? t("pact.live.offline")
      : null;

  return (
    <div className="live-block__body" data-ready={groups ? "true" : "false"}>
      {notice && <p className="live-block__notice">{notice}</p>}
      {!groups ? (
        !board?.refusedCode && <p className="muted">{t("pact.live.loading")}</p>
      ) : groups.length === 0 ? (
        <p className="live-block__empty">
          <span className="live-block__title">
            {t("pact.live.label", { meeting: meeting.title })}
          </span>{" "}
          {t("pact.live.no_objectives")}
        </p>
      ) : (
        <table className="live-block__table" aria-describedby={`${captionId}-note`}>
          <caption id={captionId}>{t("pact.live.label", { meeting: meeting.title })}</caption>
          <thead>
            <tr>
              {LIVE_BLOCK_COLUMNS.map((column) => (
                <th key={column} scope="col">
                  {t(columnLabelKey(column))}
                </th>
              ))}
            </tr>
          </thead>
          {groups.map((group) => (
            <tbody key={group.objective.id}>
              {group.rows.map((row, i) => (
                <tr key={i}>
                  {i === 0 && (
                    <th scope="rowgroup" rowSpan={group.rows.length}>
                      <a href={traceHref(meeting.id, group.objective.id)}>
                        {group.title}
                        <span className="visually-hidden"> ({t("pact.live.trace_hint")})</span>
                      </a>
                    </th>
                  )}
                  {i === 0 && <td rowSpan={group.rows.length}>{group.area}</td>}
                  <td>{row.action}</td>
                  <td>{row.responsible}</td>
                  <td>{row.indicators}</td>
                  <td>{row.timeline}</td>
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      )}
      <p className="live-block__note" id={`${captionId}-note`}>
        {t("pact.live.note")}
      </p>
    </div>
  );
}

/** The block in the editor: selected and deleted as one piece; the board is where rows change. */
function ObjectivesBlockView({ node, selected }: NodeViewProps) {
  const { t } = useI18n();
  const context = useContext(LiveBlocksContext);
  const meetingId = String(node.attrs.meetingId ?? "");
  // Only the tavolo's own meetings are read, as the server does (another tavolo's never).
  const meeting = context?.meetings.find((m) => m.id === meetingId) ?? null;
  return (
    <NodeViewWrapper
      className={`live-block${selected ? " live-block--selected" : ""}`}
      data-objectives-block=""
      data-meeting-id={meetingId}
    >
      {meeting && context ? (
        <LiveTable meeting={meeting} store={context.store} />
      ) : (
        <p className="live-block__notice">
          <span className="live-block__title">{t("pact.live.label_unknown")}</span>{" "}
          {t("pact.live.other_tavolo")}
        </p>
      )}
    </NodeViewWrapper>
  );
}

/** The shared extensions with the live block drawn as its table (the server knows no views). */
export function withLiveBlockView(extensions: AnyExtension[]): AnyExtension[] {
  return extensions.map((extension) =>
    extension.name !== OBJECTIVES_BLOCK
      ? extension
      : extension.extend({
          addNodeView() {
            return ReactNodeViewRenderer(ObjectivesBlockView);
          },
        }),
  );
}

/** Chooses one of the tavolo's meetings and inserts its table where the writer is. */
export function LiveBlockDialog({ editor, onClose }: { editor: Editor; onClose: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const selectId = `${id}-meeting`;
  const meetings = useContext(LiveBlocksContext)?.meetings ?? [];
  const [meetingId, setMeetingId] = useState(meetings[0]?.id ?? "");
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    onClose();
    editor.commands.focus();
  };

  const insert = () => {
    if (!meetings.some((m) => m.id === meetingId)) {
      setError(t(meetings.length === 0 ? "pact.live.no_meetings" : "pact.live.meeting_required"));
      return false;
    }
    editor.chain().focus().insertContent({ type: OBJECTIVES_BLOCK, attrs: { meetingId } }).run();
    return true;
  };

  return (
    <ModalForm
      title={t("pact.live.dialog_title")}
      submit={t("pact.live.insert_submit")}
      onSubmit={insert}
      onClose={close}
      focusId={selectId}
    >
      <FieldShell
        id={selectId}
        label={t("pact.live.meeting")}
        hint={t("pact.live.meeting_hint")}
        error={error ?? undefined}
      >
        <select
          id={selectId}
          value={meetingId}
          required
          {...fieldAria(selectId, { hint: true, error })}
          onChange={(event) => {
            setMeetingId(event.target.value);
            setError(null);
          }}
        >
          {meetings.map((meeting) => (
            <option key={meeting.id} value={meeting.id}>
              {meeting.title}
            </option>
          ))}
        </select>
      </FieldShell>
    </ModalForm>
  );
}

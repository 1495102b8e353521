// The objectives and actions of a meeting, co-edited live on its board document: joins the
// document like the board does, reads it as plain records, and lays out each objective with its
// trace and actions, then the cards no objective has heard yet.
import { Link } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { newBoardId } from "../../../core/board-ops";
import type { PolicyArea } from "../../../core/policy-areas";
import { MAX_TITLE, createObjective } from "../../../core/sensemaking";
import { traceBoard } from "../../../core/traceability";
import { useBoardDoc } from "../../collab/use-board-doc";
import { useLive } from "../../collab/use-live";
import { useI18n } from "../../i18n/use-i18n";
import { AddForm } from "./controls";
import { objectivesEditing } from "./editing";
import { ObjectivePanel, type Priority } from "./objective-panel";
import {
  ObjectivesProvider,
  type ObjectivesContextValue,
  type OrganizationOption,
} from "./objectives-context";
import { UnheardSection } from "./trace-view";
import { useObjectivesBoard } from "./use-objectives-board";

export interface ObjectivesScreenProps {
  meetingId: string;
  roundtableId: string;
  facilitator: boolean;
  canWrite: boolean;
  policyAreas: readonly PolicyArea[];
  organizations: readonly OrganizationOption[];
  /** From the meeting's latest dot vote on objectives, by objective id. */
  priorities: Readonly<Record<string, Priority | null>>;
  /** Told when a motion closes, so the page can read the priorities again. */
  onMotionClosed?: () => void;
}

/**
 * A link to an objective's trace (the pact's tables link there) arrives before the board has
 * synced, when the browser finds no such element yet: once it is drawn, go to it, once. Checked
 * after every render, since the objectives can arrive a frame after the page says it is ready.
 */
function useScrollToHash(ready: boolean) {
  const arrived = useRef(false);
  useEffect(() => {
    if (arrived.current || !ready || !window.location.hash) return;
    const target = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    if (!target) return;
    arrived.current = true;
    target.scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
  });
}

export function ObjectivesScreen(props: ObjectivesScreenProps) {
  const { t } = useI18n();
  const board = useBoardDoc(props.meetingId);
  const live = useLive(props.meetingId);
  const doc = board?.doc ?? null;
  const snapshot = useObjectivesBoard(doc);
  const rights = objectivesEditing({
    canWrite: props.canWrite,
    facilitator: props.facilitator,
    state: live.state,
  });
  const [announcement, setAnnouncement] = useState({ text: "", n: 0 });
  const announce = useCallback(
    (text: string) => setAnnouncement((current) => ({ text, n: current.n + 1 })),
    [],
  );
  const newObjective = useRef<HTMLInputElement>(null);
  const trace = useMemo(() => (snapshot ? traceBoard(snapshot) : null), [snapshot]);

  // A dot vote just closed: its dots may have changed the priorities.
  const motion = live.state?.motion ?? null;
  const motionKey = motion ? `${motion.id}:${motion.status}` : "";
  const previousMotion = useRef(motionKey);
  const onMotionClosed = useRef(props.onMotionClosed);
  onMotionClosed.current = props.onMotionClosed;
  useEffect(() => {
    const previous = previousMotion.current;
    previousMotion.current = motionKey;
    if (motion && motion.status === "closed" && previous === `${motion.id}:open`) {
      onMotionClosed.current?.();
    }
  }, [motionKey, motion]);

  const hiddenKey = live.state?.hiddenCards.join(",") ?? "";
  const privateWriting = live.state?.privateWriting ?? false;
  const viewer = useMemo(
    () => ({
      facilitator: props.facilitator,
      hiddenCards: new Set(hiddenKey ? hiddenKey.split(",") : []),
      privateWriting,
    }),
    [props.facilitator, hiddenKey, privateWriting],
  );

  const context = useMemo((): ObjectivesContextValue | null => {
    if (!doc || !snapshot) return null;
    return {
      doc,
      board: snapshot,
      editable: rights.editable,
      organizations: props.organizations,
      policyAreas: props.policyAreas,
      viewer,
      announce,
    };
  }, [doc, snapshot, rights.editable, props.organizations, props.policyAreas, viewer, announce]);

  const ready = Boolean(board?.synced && context && trace);
  useScrollToHash(ready);
  return (
    <div className="objectives" data-ready={ready ? "true" : "false"}>
      <div className="visually-hidden" role="status" aria-live="polite">
        <span key={announcement.n}>{announcement.text}</span>
      </div>
      {board?.refusedCode ? (
        <p className="notice notice--error" role="alert">
          {t("board.refused")}
        </p>
      ) : board?.status === "disconnected" ? (
        <p className="notice notice--info" role="status">
          {t("board.offline")}
        </p>
      ) : null}
      {rights.reason && rights.reason !== "connecting" && (
        <p className="notice notice--info">{t(`objectives.readonly.${rights.reason}`)}</p>
      )}
      {!ready || !context || !trace ? (
        <p className="muted">{t("objectives.loading")}</p>
      ) : (
        <ObjectivesProvider value={context}>
          {context.board.objectives.length === 0 && (
            <div className="card">
              <p className="empty">{t("objectives.none_yet")}</p>
              <p>
                <Link to={`/meetings/${props.meetingId}/board`}>{t("objectives.to_board")}</Link>
              </p>
            </div>
          )}
          {context.board.objectives.map((objective, i) => (
            <ObjectivePanel
              key={objective.id}
              objective={objective}
              position={i + 1}
              trace={
                trace.objectives.get(objective.id) ?? {
                  objectiveId: objective.id,
                  clusterIds: [],
                  cardIds: [],
                  voices: {},
                  inPerson: 0,
                }
              }
              priority={props.priorities[objective.id] ?? null}
              onDeleted={() => newObjective.current?.focus()}
            />
          ))}
          {rights.editable && (
            <section className="card" aria-labelledby="new-objective-title">
              <h2 id="new-objective-title">{t("objectives.objective_new_heading")}</h2>
              <p className="muted">{t("objectives.objective_new_lead")}</p>
              <AddForm
                label={t("objectives.objective_new")}
                submit={t("objectives.objective_add")}
                max={MAX_TITLE}
                inputRef={newObjective}
                onAdd={(title) => {
                  createObjective(context.doc, { id: newBoardId(), title, clusterIds: [] });
                  announce(t("objectives.announce.objective_added", { title: title.trim() }));
                }}
              />
            </section>
          )}
          <UnheardSection cardIds={trace.unheard} roundtableId={props.roundtableId} />
        </ObjectivesProvider>
      )}
    </div>
  );
}

// Who may change the objectives and actions of a meeting right now: the rule the board applies to
// editing cards (board-screen.tsx), since both write the same document and the server refuses
// a locked board's writes alike.
import { capabilitiesOf, type LiveState } from "../../../core/live";

export type ReadOnlyReason =
  "observer" | "closed" | "not_live" | "locked" | "editing_closed" | "connecting";

export interface EditingRights {
  editable: boolean;
  /** Why not, when not. */
  reason: ReadOnlyReason | null;
}

export function objectivesEditing(input: {
  /** May write on boards at all (core/permissions "board.write"). */
  canWrite: boolean;
  /** Runs the meeting (core/permissions "meeting.run"). */
  facilitator: boolean;
  /** The meeting's live state, null until /live answered. */
  state: LiveState | null;
}): EditingRights {
  const { canWrite, facilitator, state } = input;
  if (!canWrite) return { editable: false, reason: "observer" };
  if (state?.status === "closed") return { editable: false, reason: "closed" };
  if (facilitator) return { editable: true, reason: null };
  if (!state) return { editable: false, reason: "connecting" };
  if (state.status !== "live") return { editable: false, reason: "not_live" };
  if (state.boardLocked) return { editable: false, reason: "locked" };
  if (!capabilitiesOf(state).editing) return { editable: false, reason: "editing_closed" };
  return { editable: true, reason: null };
}

import { describe, expect, it } from "vitest";
import { initialLiveState, type LiveState } from "../../core/live";
import { objectivesEditing } from "../../app/components/objectives/editing";

const live = (patch: Partial<LiveState> = {}): LiveState => ({
  ...initialLiveState("open"),
  status: "live",
  ...patch,
});
const step = (editing: boolean) => ({
  id: "s1",
  title: "Obiettivi",
  writing: false,
  voting: false,
  editing,
});

describe("who may edit objectives and actions", () => {
  it.each([
    [
      "an observer, ever",
      { canWrite: false, facilitator: false, state: live() },
      false,
      "observer",
    ],
    [
      "a member while the meeting is live",
      { canWrite: true, facilitator: false, state: live() },
      true,
      null,
    ],
    [
      "a member before /live answered",
      { canWrite: true, facilitator: false, state: null },
      false,
      "connecting",
    ],
    [
      "a member before the meeting starts",
      { canWrite: true, facilitator: false, state: initialLiveState("draft") },
      false,
      "not_live",
    ],
    [
      "a member on a locked board",
      { canWrite: true, facilitator: false, state: live({ boardLocked: true }) },
      false,
      "locked",
    ],
    [
      "a member in a step that closes editing",
      { canWrite: true, facilitator: false, state: live({ step: step(false) }) },
      false,
      "editing_closed",
    ],
    [
      "a member in a step that opens editing",
      { canWrite: true, facilitator: false, state: live({ step: step(true) }) },
      true,
      null,
    ],
    [
      "a facilitator before the meeting starts",
      { canWrite: true, facilitator: true, state: initialLiveState("draft") },
      true,
      null,
    ],
    [
      "a facilitator before /live answered",
      { canWrite: true, facilitator: true, state: null },
      true,
      null,
    ],
    [
      "a facilitator once the meeting is closed",
      { canWrite: true, facilitator: true, state: initialLiveState("closed") },
      false,
      "closed",
    ],
  ] as const)("%s: editable %s", (_who, input, editable, reason) => {
    expect(objectivesEditing(input)).toEqual({ editable, reason });
  });
});

import { describe, expect, it } from "vitest";
import { MEETING_PHASES } from "../../core/domain";
import {
  applyCommand,
  initialLiveState,
  liveCommand,
  liveErrorKey,
  LIVE_ERROR_REASONS,
  meetingCommandInput,
  statusOfPhase,
  type LiveCommand,
  type LiveErrorReason,
  type LiveState,
} from "../../core/live";
import { catalogues } from "../../core/i18n";

const NOW = new Date("2026-12-01T18:00:00.000Z");
const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
const MOTION = "5b1c7a38-2f9e-4d7b-9d8e-0a6f3c1b2e4d";

const draft = initialLiveState();
const live: LiveState = { ...draft, status: "live", phase: "open" };
const closed: LiveState = { ...draft, status: "closed", phase: "closed", boardLocked: true };
const running: LiveState = { ...live, timer: { kind: "running", deadline: at(60_000) } };
const paused: LiveState = { ...live, timer: { kind: "paused", remainingMs: 30_000 } };
const voting: LiveState = {
  ...live,
  phase: "voting",
  motion: { id: MOTION, kind: "dot_vote", status: "open" },
};

function changed(state: LiveState, command: LiveCommand): Partial<LiveState> {
  const result = applyCommand(state, command, NOW);
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  const diff: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(result.state)) {
    if (JSON.stringify(value) !== JSON.stringify(state[key as keyof LiveState])) diff[key] = value;
  }
  return diff as Partial<LiveState>;
}

describe("applying a live command", () => {
  const accepted: [string, LiveState, LiveCommand, Partial<LiveState>][] = [
    [
      "starting a draft meeting opens it for input",
      draft,
      { type: "meeting.start" },
      { status: "live", phase: "open" },
    ],
    [
      "moving to clustering",
      live,
      { type: "phase.set", phase: "clustering" },
      { phase: "clustering" },
    ],
    ["moving to voting", live, { type: "phase.set", phase: "voting" }, { phase: "voting" }],
    [
      "starting a timer sets its deadline",
      live,
      { type: "timer.start", durationMs: 300_000 },
      { timer: { kind: "running", deadline: at(300_000) } },
    ],
    [
      "restarting a running timer replaces its deadline",
      running,
      { type: "timer.start", durationMs: 1000 },
      { timer: { kind: "running", deadline: at(1000) } },
    ],
    [
      "pausing keeps the time left",
      running,
      { type: "timer.pause" },
      { timer: { kind: "paused", remainingMs: 60_000 } },
    ],
    [
      "resuming counts the time left from now",
      paused,
      { type: "timer.resume" },
      { timer: { kind: "running", deadline: at(30_000) } },
    ],
    [
      "adding time to a running timer moves its deadline",
      running,
      { type: "timer.add", deltaMs: 60_000 },
      { timer: { kind: "running", deadline: at(120_000) } },
    ],
    [
      "taking time off a running timer never moves it into the past",
      running,
      { type: "timer.add", deltaMs: -3_600_000 },
      { timer: { kind: "running", deadline: at(0) } },
    ],
    [
      "adding time to a paused timer adds to what is left",
      paused,
      { type: "timer.add", deltaMs: 5000 },
      { timer: { kind: "paused", remainingMs: 35_000 } },
    ],
    [
      "taking time off a paused timer stops at zero",
      paused,
      { type: "timer.add", deltaMs: -60_000 },
      { timer: { kind: "paused", remainingMs: 0 } },
    ],
    ["clearing a timer", paused, { type: "timer.clear" }, { timer: { kind: "idle" } }],
    [
      "spotlighting a card",
      live,
      { type: "spotlight.set", spotlight: { kind: "card", id: "c1" } },
      { spotlight: { kind: "card", id: "c1" } },
    ],
    [
      "spotlighting while preparing",
      draft,
      { type: "spotlight.set", spotlight: { kind: "objective", id: "o1" } },
      { spotlight: { kind: "objective", id: "o1" } },
    ],
    [
      "opening a dot vote",
      live,
      { type: "motion.open", motionId: MOTION, kind: "dot_vote" },
      { motion: { id: MOTION, kind: "dot_vote", status: "open" } },
    ],
    [
      "closing the open vote keeps it shown",
      voting,
      { type: "motion.close" },
      { motion: { id: MOTION, kind: "dot_vote", status: "closed" } },
    ],
    [
      "clearing a closed vote",
      { ...voting, motion: { id: MOTION, kind: "approval", status: "closed" } },
      { type: "motion.clear" },
      { motion: null },
    ],
    [
      "locking the board while preparing",
      draft,
      { type: "board.lock", locked: true },
      { boardLocked: true },
    ],
    [
      "private writing on",
      live,
      { type: "writing.private", enabled: true },
      { privateWriting: true },
    ],
    [
      "closing a meeting stops the timer, closes the vote, clears the spotlight and locks the board",
      {
        ...voting,
        timer: running.timer,
        spotlight: { kind: "card", id: "c1" },
        privateWriting: true,
      },
      { type: "meeting.close" },
      {
        status: "closed",
        phase: "closed",
        timer: { kind: "idle" },
        spotlight: { kind: "none" },
        motion: { id: MOTION, kind: "dot_vote", status: "closed" },
        boardLocked: true,
        privateWriting: false,
      },
    ],
  ];

  it.each(accepted)("%s", (_name, state, command, expected) => {
    expect(changed(state, command)).toEqual(expected);
  });

  const unchanged: [string, LiveState, LiveCommand][] = [
    ["setting the current phase", live, { type: "phase.set", phase: "open" }],
    [
      "locking a locked board",
      { ...live, boardLocked: true },
      { type: "board.lock", locked: true },
    ],
    ["turning private writing off when off", live, { type: "writing.private", enabled: false }],
    [
      "spotlighting what is already shown",
      { ...live, spotlight: { kind: "card", id: "c1" } },
      { type: "spotlight.set", spotlight: { kind: "card", id: "c1" } },
    ],
    ["clearing no timer", live, { type: "timer.clear" }],
    ["clearing no vote", live, { type: "motion.clear" }],
  ];

  it.each(unchanged)("%s returns the very same state", (_name, state, command) => {
    const result = applyCommand(state, command, NOW);
    expect(result.ok && result.state).toBe(state);
  });

  const refused: [string, LiveState, LiveCommand, LiveErrorReason][] = [
    ["starting a live meeting", live, { type: "meeting.start" }, "already_live"],
    ["starting a closed meeting", closed, { type: "meeting.start" }, "meeting_closed"],
    ["closing a draft meeting", draft, { type: "meeting.close" }, "not_live"],
    ["closing a closed meeting", closed, { type: "meeting.close" }, "meeting_closed"],
    ["changing phase before the start", draft, { type: "phase.set", phase: "voting" }, "not_live"],
    [
      "changing phase after the close",
      closed,
      { type: "phase.set", phase: "voting" },
      "meeting_closed",
    ],
    [
      "starting a timer before the start",
      draft,
      { type: "timer.start", durationMs: 1000 },
      "not_live",
    ],
    ["pausing a paused timer", paused, { type: "timer.pause" }, "timer_not_running"],
    ["pausing no timer", live, { type: "timer.pause" }, "timer_not_running"],
    ["resuming a running timer", running, { type: "timer.resume" }, "timer_not_paused"],
    ["adding time to no timer", live, { type: "timer.add", deltaMs: 1000 }, "timer_idle"],
    [
      "opening a vote while one is open",
      voting,
      { type: "motion.open", motionId: MOTION, kind: "approval" },
      "motion_open",
    ],
    [
      "opening a vote before the start",
      draft,
      { type: "motion.open", motionId: MOTION, kind: "approval" },
      "not_live",
    ],
    ["closing no vote", live, { type: "motion.close" }, "no_open_motion"],
    ["clearing an open vote", voting, { type: "motion.clear" }, "motion_open"],
    [
      "unlocking a closed meeting's board",
      closed,
      { type: "board.lock", locked: false },
      "meeting_closed",
    ],
    [
      "spotlighting in a closed meeting",
      closed,
      { type: "spotlight.set", spotlight: { kind: "none" } },
      "meeting_closed",
    ],
  ];

  it.each(refused)("refuses %s", (_name, state, command, reason) => {
    expect(applyCommand(state, command, NOW)).toEqual({ ok: false, reason });
  });

  it("never changes the version, which the store assigns", () => {
    const result = applyCommand(
      { ...live, version: 7 },
      { type: "phase.set", phase: "voting" },
      NOW,
    );
    expect(result.ok && result.state.version).toBe(7);
  });

  it("keeps the status a function of the phase after every accepted command", () => {
    for (const [, state, command] of accepted) {
      const result = applyCommand(state, command, NOW);
      expect(result.ok && result.state.status).toBe(result.ok && statusOfPhase(result.state.phase));
    }
  });
});

describe("the status of a phase", () => {
  it.each([
    ["draft", "draft"],
    ["open", "live"],
    ["clustering", "live"],
    ["voting", "live"],
    ["closed", "closed"],
  ] as const)("%s is %s", (phase, status) => {
    expect(statusOfPhase(phase)).toBe(status);
  });

  it("is defined for every phase", () => {
    expect(MEETING_PHASES.map(statusOfPhase)).toHaveLength(MEETING_PHASES.length);
  });
});

describe("the command schema", () => {
  const rejected: [string, unknown][] = [
    ["an unknown type", { type: "meeting.explode" }],
    ["a phase the meeting cannot be moved to", { type: "phase.set", phase: "closed" }],
    ["a timer under a second", { type: "timer.start", durationMs: 999 }],
    ["a timer over six hours", { type: "timer.start", durationMs: 6 * 3600_000 + 1 }],
    ["a fractional duration", { type: "timer.start", durationMs: 1000.5 }],
    ["adding nothing", { type: "timer.add", deltaMs: 0 }],
    [
      "a spotlight on an unknown kind",
      { type: "spotlight.set", spotlight: { kind: "user", id: "u" } },
    ],
    ["a spotlight without an id", { type: "spotlight.set", spotlight: { kind: "card" } }],
    ["a motion id that is not a uuid", { type: "motion.open", motionId: "m1", kind: "approval" }],
    ["an extra field", { type: "timer.pause", force: true }],
    ["a string for a boolean", { type: "board.lock", locked: "yes" }],
  ];

  it.each(rejected)("rejects %s", (_name, input) => {
    expect(liveCommand.safeParse(input).success).toBe(false);
  });

  it("accepts a command addressed to a meeting", () => {
    const input = { meetingId: MOTION, command: { type: "timer.start", durationMs: 60_000 } };
    expect(meetingCommandInput.parse(input)).toEqual(input);
  });
});

describe("the refusal messages", () => {
  it.each(LIVE_ERROR_REASONS)("explain %s in every language", (reason) => {
    for (const catalogue of Object.values(catalogues)) {
      expect(catalogue[liveErrorKey(reason)]).toBeTruthy();
    }
  });
});

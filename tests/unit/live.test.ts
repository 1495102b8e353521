import { describe, expect, it } from "vitest";
import { MEETING_PHASES } from "../../core/domain";
import {
  allocationError,
  applyCommand,
  capabilitiesOf,
  initialLiveState,
  liveCommand,
  liveErrorKey,
  LIVE_ERROR_REASONS,
  meetingCommandInput,
  statusOfPhase,
  type AgendaStep,
  type DotVoteRules,
  type LiveCommand,
  type LiveErrorReason,
  type LiveState,
} from "../../core/live";
import { catalogues } from "../../core/i18n";

const NOW = new Date("2026-12-01T18:00:00.000Z");
const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
const MOTION = "5b1c7a38-2f9e-4d7b-9d8e-0a6f3c1b2e4d";
const step = (n: number, opens: Partial<AgendaStep> = {}): AgendaStep => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  title: `Fase ${n}`,
  writing: true,
  voting: false,
  editing: true,
  ...opens,
});
const LISTENING = step(1);
const CLUSTERING = step(2, { writing: false });
const PRIORITIES = step(3, { writing: false, voting: true, editing: false });
const AGENDA = [LISTENING, CLUSTERING, PRIORITIES];
const RULES: DotVoteRules = { target: "clusters", dots: 5, maxPerItem: 3, anonymous: true };

const draft = initialLiveState();
const live: LiveState = { ...draft, status: "live", phase: "open", step: LISTENING };
const closed: LiveState = { ...draft, status: "closed", phase: "closed", boardLocked: true };
const running: LiveState = { ...live, timer: { kind: "running", deadline: at(60_000) } };
const paused: LiveState = { ...live, timer: { kind: "paused", remainingMs: 30_000 } };
const voting: LiveState = {
  ...live,
  step: PRIORITIES,
  motion: { id: MOTION, kind: "dot_vote", status: "open", dotVote: RULES },
};

function changed(state: LiveState, command: LiveCommand): Partial<LiveState> {
  const result = applyCommand(state, command, NOW, AGENDA);
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
      "starting a draft meeting opens it on the agenda's first step",
      draft,
      { type: "meeting.start" },
      { status: "live", phase: "open", step: LISTENING },
    ],
    [
      "moving to another step of the agenda",
      live,
      { type: "step.set", stepId: CLUSTERING.id },
      { step: CLUSTERING },
    ],
    [
      "moving back to an earlier step",
      { ...live, step: PRIORITIES },
      { type: "step.set", stepId: LISTENING.id },
      { step: LISTENING },
    ],
    [
      "entering a step again after the agenda changed what it opens",
      { ...live, step: { ...LISTENING, writing: false } },
      { type: "step.set", stepId: LISTENING.id },
      { step: LISTENING },
    ],
    [
      "spotlighting an area of the board",
      live,
      {
        type: "spotlight.set",
        spotlight: { kind: "area", area: { x: 0, y: -10, width: 800, height: 600 } },
      },
      { spotlight: { kind: "area", area: { x: 0, y: -10, width: 800, height: 600 } } },
    ],
    ["hiding a card", live, { type: "card.hide", cardId: "c1" }, { hiddenCards: ["c1"] }],
    [
      "restoring a hidden card",
      { ...live, hiddenCards: ["c1", "c2"] },
      { type: "card.restore", cardId: "c1" },
      { hiddenCards: ["c2"] },
    ],
    [
      "removing a remote contributor",
      live,
      { type: "participant.remove", presenceId: "guest:abc" },
      { removedGuests: ["guest:abc"] },
    ],
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
      "opening a dot vote in a step that opens voting",
      { ...live, step: PRIORITIES },
      { type: "motion.open", motionId: MOTION, kind: "dot_vote", dotVote: RULES },
      { motion: { id: MOTION, kind: "dot_vote", status: "open", dotVote: RULES } },
    ],
    [
      "closing the open vote keeps it shown",
      voting,
      { type: "motion.close" },
      { motion: { id: MOTION, kind: "dot_vote", status: "closed", dotVote: RULES } },
    ],
    [
      "clearing a closed vote",
      { ...voting, motion: { id: MOTION, kind: "approval", status: "closed", dotVote: null } },
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
        step: null,
        timer: { kind: "idle" },
        spotlight: { kind: "none" },
        motion: { id: MOTION, kind: "dot_vote", status: "closed", dotVote: RULES },
        boardLocked: true,
        privateWriting: false,
      },
    ],
  ];

  it.each(accepted)("%s", (_name, state, command, expected) => {
    expect(changed(state, command)).toEqual(expected);
  });

  const unchanged: [string, LiveState, LiveCommand][] = [
    ["entering the current step", live, { type: "step.set", stepId: LISTENING.id }],
    ["hiding a hidden card", { ...live, hiddenCards: ["c1"] }, { type: "card.hide", cardId: "c1" }],
    ["restoring a card that is not hidden", live, { type: "card.restore", cardId: "c1" }],
    [
      "removing a contributor already removed",
      { ...live, removedGuests: ["guest:abc"] },
      { type: "participant.remove", presenceId: "guest:abc" },
    ],
    [
      "spotlighting the same area",
      { ...live, spotlight: { kind: "area", area: { x: 1, y: 2, width: 3, height: 4 } } },
      {
        type: "spotlight.set",
        spotlight: { kind: "area", area: { x: 1, y: 2, width: 3, height: 4 } },
      },
    ],
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
    const result = applyCommand(state, command, NOW, AGENDA);
    expect(result.ok && result.state).toBe(state);
  });

  const refused: [string, LiveState, LiveCommand, LiveErrorReason][] = [
    ["starting a live meeting", live, { type: "meeting.start" }, "already_live"],
    ["starting a closed meeting", closed, { type: "meeting.start" }, "meeting_closed"],
    ["closing a draft meeting", draft, { type: "meeting.close" }, "not_live"],
    ["closing a closed meeting", closed, { type: "meeting.close" }, "meeting_closed"],
    [
      "changing step before the start",
      draft,
      { type: "step.set", stepId: LISTENING.id },
      "not_live",
    ],
    [
      "changing step after the close",
      closed,
      { type: "step.set", stepId: LISTENING.id },
      "meeting_closed",
    ],
    [
      "a step that is not on the agenda",
      live,
      { type: "step.set", stepId: "00000000-0000-4000-8000-000000000009" },
      "unknown_step",
    ],
    [
      "opening a vote in a step that does not open voting",
      live,
      { type: "motion.open", motionId: MOTION, kind: "dot_vote", dotVote: RULES },
      "voting_closed",
    ],
    [
      "removing a member (only remote contributors can be removed)",
      live,
      { type: "participant.remove", presenceId: "user:1" },
      "not_a_guest",
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
    expect(applyCommand(state, command, NOW, AGENDA)).toEqual({ ok: false, reason });
  });

  it("never changes the version, which the store assigns", () => {
    const result = applyCommand(
      { ...live, version: 7 },
      { type: "step.set", stepId: CLUSTERING.id },
      NOW,
      AGENDA,
    );
    expect(result.ok && result.state.version).toBe(7);
  });

  it("starts a meeting with no agenda on no step, where everything is open", () => {
    const result = applyCommand(draft, { type: "meeting.start" }, NOW, []);
    expect(result.ok && result.state.step).toBeNull();
    expect(result.ok && capabilitiesOf(result.state)).toEqual({
      writing: true,
      voting: false,
      editing: true,
    });
  });

  it("keeps the status a function of the phase after every accepted command", () => {
    for (const [, state, command] of accepted) {
      const result = applyCommand(state, command, NOW, AGENDA);
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
    ["a step id that is not a uuid", { type: "step.set", stepId: "ascolto" }],
    ["a dot vote without its rules", { type: "motion.open", motionId: MOTION, kind: "dot_vote" }],
    [
      "rules on a vote that is not a dot vote",
      { type: "motion.open", motionId: MOTION, kind: "approval", dotVote: RULES },
    ],
    [
      "more dots on one item than in all",
      {
        type: "motion.open",
        motionId: MOTION,
        kind: "dot_vote",
        dotVote: { ...RULES, dots: 2, maxPerItem: 3 },
      },
    ],
    [
      "an area of no width",
      {
        type: "spotlight.set",
        spotlight: { kind: "area", area: { x: 0, y: 0, width: 0, height: 5 } },
      },
    ],
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

describe("what participants may do", () => {
  it.each([
    ["a draft meeting", draft, { writing: false, voting: false, editing: false }],
    ["a listening step", live, { writing: true, voting: false, editing: true }],
    [
      "a clustering step",
      { ...live, step: CLUSTERING },
      { writing: false, voting: false, editing: true },
    ],
    [
      "a priorities step with a vote open",
      voting,
      { writing: false, voting: true, editing: false },
    ],
    [
      "a priorities step with its vote closed",
      { ...voting, motion: { ...voting.motion!, status: "closed" as const } },
      { writing: false, voting: false, editing: false },
    ],
    [
      "a locked board",
      { ...live, boardLocked: true },
      { writing: false, voting: false, editing: false },
    ],
    ["a closed meeting", closed, { writing: false, voting: false, editing: false }],
  ] as const)("in %s", (_name, state, expected) => {
    expect(capabilitiesOf(state)).toEqual(expected);
  });
});

describe("a dot allocation", () => {
  it.each([
    ["within the rules", { a: 3, b: 2 }, null],
    ["with fewer dots than allowed", { a: 1 }, null],
    ["with more dots than the voter has", { a: 3, b: 3 }, "vote.error.too_many_dots"],
    ["with too many dots on one item", { a: 4 }, "vote.error.too_many_on_item"],
  ] as const)("%s", (_name, allocation, expected) => {
    expect(allocationError(RULES, allocation)).toBe(expected);
  });

  it("has every error in the catalogues", () => {
    for (const key of ["vote.error.too_many_dots", "vote.error.too_many_on_item"]) {
      expect(catalogues.it).toHaveProperty([key]);
    }
  });
});

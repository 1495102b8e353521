import { describe, expect, it } from "vitest";
import {
  ballotContent,
  ballotInput,
  decide,
  entitledCount,
  mayManageMotions,
  motionOpenInput,
  rank,
  tally,
  voterKey,
  type ApprovalTally,
  type Majority,
  type TavoloMember,
} from "../../core/motions";
import { AppError } from "../../core/errors";
import { parseInput } from "../../core/schemas";

const VERSION = "0b8a3f4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b";
const MEETING = "1c9b4a5f-2d3e-4f6a-9b0c-1d2e3f4a5b6c";

function approval(counts: Partial<ApprovalTally>): ApprovalTally {
  return {
    method: "approval",
    entitled: 10,
    participants: (counts.yes ?? 0) + (counts.no ?? 0) + (counts.abstain ?? 0),
    yes: 0,
    no: 0,
    abstain: 0,
    ...counts,
  };
}

const outcome = (majority: Majority, t: ApprovalTally, quorum = 0) =>
  decide({ quorum, majority }, t).outcome;

describe("deciding an approval motion", () => {
  it.each([
    // yes, no, abstain → simple majority
    [3, 2, 5, "passed"],
    [2, 2, 0, "rejected"],
    [2, 3, 0, "rejected"],
    [1, 0, 9, "passed"],
    [0, 0, 4, "rejected"],
  ] as const)("simple: %i yes, %i no, %i abstain → %s", (yes, no, abstain, expected) => {
    expect(outcome("simple", approval({ yes, no, abstain }))).toBe(expected);
  });

  it.each([
    // 10 entitled: more than half means at least 6
    [6, 0, 0, "passed"],
    [5, 0, 0, "rejected"],
    [5, 0, 5, "rejected"],
    [6, 4, 0, "passed"],
  ] as const)(
    "absolute of 10 entitled: %i yes, %i no, %i abstain → %s",
    (yes, no, abstain, expected) => {
      expect(outcome("absolute", approval({ yes, no, abstain }))).toBe(expected);
    },
  );

  it("absolute with an odd number entitled needs more than half: 2 of 3 pass, 1 of 3 does not", () => {
    expect(outcome("absolute", approval({ entitled: 3, yes: 2 }))).toBe("passed");
    expect(outcome("absolute", approval({ entitled: 3, yes: 1, abstain: 2 }))).toBe("rejected");
  });

  it.each([
    // two thirds of the votes cast, abstentions included
    [2, 1, 0, "passed"],
    [4, 2, 0, "passed"],
    [3, 2, 0, "rejected"],
    [2, 0, 1, "passed"],
    [2, 0, 2, "rejected"],
    [0, 0, 0, "rejected"],
    [0, 0, 3, "rejected"],
  ] as const)("two thirds: %i yes, %i no, %i abstain → %s", (yes, no, abstain, expected) => {
    expect(outcome("two_thirds", approval({ yes, no, abstain }))).toBe(expected);
  });

  it("without a quorum the outcome is no_quorum, whatever the votes", () => {
    const decision = decide({ quorum: 50, majority: "simple" }, approval({ yes: 4 }));
    expect(decision).toEqual({ outcome: "no_quorum", quorumReached: false, ranking: null });
  });

  it("reaches the quorum exactly at the edge (participants × 100 ≥ quorum × entitled)", () => {
    // 10 entitled, quorum 50%: 5 take part → reached; 4 → not.
    expect(
      decide({ quorum: 50, majority: "simple" }, approval({ yes: 3, no: 1, abstain: 1 })),
    ).toMatchObject({ outcome: "passed", quorumReached: true });
    expect(outcome("simple", approval({ yes: 3, no: 1 }), 50)).toBe("no_quorum");
    // 3 entitled, quorum 67%: 2 of 3 is 66.6…% → not reached; 3 of 3 → reached.
    expect(outcome("simple", approval({ entitled: 3, yes: 2 }), 67)).toBe("no_quorum");
    expect(outcome("simple", approval({ entitled: 3, yes: 3 }), 67)).toBe("passed");
    // An abstention counts toward the quorum.
    expect(outcome("simple", approval({ entitled: 2, yes: 1, abstain: 1 }), 100)).toBe("passed");
  });

  it("a quorum of 0 is always reached, even with nobody voting", () => {
    expect(decide({ quorum: 0, majority: "simple" }, approval({}))).toEqual({
      outcome: "rejected",
      quorumReached: true,
      ranking: null,
    });
  });
});

describe("deciding a consent motion", () => {
  const consent = (objections: { withdrawn: boolean }[]) =>
    decide(
      { quorum: 0, majority: null },
      tally("consent", { entitled: 3, participants: 0, ballots: [], objections, objectiveIds: [] }),
    ).outcome;

  it("passes with no objection", () => {
    expect(consent([])).toBe("passed");
  });

  it("fails while one objection stands", () => {
    expect(consent([{ withdrawn: true }, { withdrawn: false }])).toBe("rejected");
  });

  it("passes when every objection was withdrawn", () => {
    expect(consent([{ withdrawn: true }, { withdrawn: true }])).toBe("passed");
  });

  it("counts standing and withdrawn objections apart", () => {
    const t = tally("consent", {
      entitled: 3,
      participants: 0,
      ballots: [],
      objections: [{ withdrawn: true }, { withdrawn: false }, { withdrawn: false }],
      objectiveIds: [],
    });
    expect(t).toMatchObject({ openObjections: 2, withdrawnObjections: 1 });
  });
});

describe("tallying", () => {
  it("counts approval ballots by choice", () => {
    const t = tally("approval", {
      entitled: 5,
      participants: 4,
      ballots: [
        { choice: "yes", allocation: null },
        { choice: "yes", allocation: null },
        { choice: "no", allocation: null },
        { choice: "abstain", allocation: null },
      ],
      objections: [],
      objectiveIds: [],
    });
    expect(t).toEqual({
      method: "approval",
      entitled: 5,
      participants: 4,
      yes: 2,
      no: 1,
      abstain: 1,
    });
  });

  it("sums dots per objective in the motion's order, ignoring unknown objectives", () => {
    const t = tally("dot_vote", {
      entitled: 3,
      participants: 2,
      ballots: [
        { choice: null, allocation: { b: 2, a: 1 } },
        { choice: null, allocation: { b: 1, stray: 5 } },
      ],
      objections: [],
      objectiveIds: ["a", "b", "c"],
    });
    expect(t).toEqual({
      method: "dot_vote",
      entitled: 3,
      participants: 2,
      totals: [
        { objectiveId: "a", dots: 1 },
        { objectiveId: "b", dots: 3 },
        { objectiveId: "c", dots: 0 },
      ],
    });
  });
});

describe("ranking a dot vote", () => {
  it("orders by dots, ties sharing a rank and keeping the motion's order", () => {
    expect(
      rank([
        { objectiveId: "a", dots: 2 },
        { objectiveId: "b", dots: 5 },
        { objectiveId: "c", dots: 2 },
        { objectiveId: "d", dots: 0 },
      ]),
    ).toEqual([
      { objectiveId: "b", dots: 5, rank: 1 },
      { objectiveId: "a", dots: 2, rank: 2 },
      { objectiveId: "c", dots: 2, rank: 2 },
      { objectiveId: "d", dots: 0, rank: 4 },
    ]);
  });

  it("decides a dot vote as ranked, without quorum", () => {
    const decision = decide(
      { quorum: 0, majority: null },
      { method: "dot_vote", entitled: 2, participants: 1, totals: [{ objectiveId: "a", dots: 1 }] },
    );
    expect(decision).toEqual({
      outcome: "ranked",
      quorumReached: null,
      ranking: [{ objectiveId: "a", dots: 1, rank: 1 }],
    });
  });
});

describe("who is entitled to vote", () => {
  const members: TavoloMember[] = [
    { userId: "u1", role: "facilitator", organizationId: null },
    { userId: "u2", role: "member", organizationId: "org-a" },
    { userId: "u3", role: "member", organizationId: "org-a" },
    { userId: "u4", role: "secretary", organizationId: "org-b" },
    { userId: "u5", role: "observer", organizationId: "org-c" },
    { userId: "u6", role: "observer", organizationId: null },
  ];

  it("per member: members, secretaries and facilitators, never observers", () => {
    expect(entitledCount("member", members)).toBe(4);
  });

  it("per organisation: organisations with at least one member who votes", () => {
    expect(entitledCount("organization", members)).toBe(2);
  });

  it("keys a vote by organisation or by member; none for observers or the unaffiliated", () => {
    expect(voterKey("organization", members[1]!)).toBe("organization:org-a");
    expect(voterKey("member", members[1]!)).toBe("user:u2");
    expect(voterKey("organization", members[0]!)).toBeNull();
    expect(voterKey("member", members[4]!)).toBeNull();
  });

  it("lets facilitators, the secretary and administrators open and close motions", () => {
    expect(["admin", "facilitator", "secretary"].every((s) => mayManageMotions(s as never))).toBe(
      true,
    );
    expect(["member", "observer", "none"].some((s) => mayManageMotions(s as never))).toBe(false);
  });
});

describe("the input to open a motion", () => {
  const fieldsOf = (input: unknown) => {
    try {
      parseInput(motionOpenInput, input);
    } catch (error) {
      return (error as AppError).fields;
    }
    return null;
  };

  it("defaults an approval to a simple majority without quorum", () => {
    const parsed = parseInput(motionOpenInput, {
      title: "  Approvazione  ",
      target: { versionId: VERSION.toUpperCase() },
      method: "approval",
      votingUnit: "organization",
    });
    expect(parsed).toEqual({
      title: "Approvazione",
      target: { versionId: VERSION },
      method: "approval",
      votingUnit: "organization",
      secret: false,
      hideResults: false,
      quorum: 0,
      majority: "simple",
      dots: null,
    });
  });

  it("takes a dot vote on a meeting's objectives, ids deduplicated", () => {
    const parsed = parseInput(motionOpenInput, {
      title: "Priorità",
      target: { meetingId: MEETING, objectiveIds: ["a", "b", "a"] },
      method: "dot_vote",
      votingUnit: "member",
      dots: 3,
    });
    expect(parsed).toMatchObject({
      target: { meetingId: MEETING, objectiveIds: ["a", "b"] },
      quorum: 0,
      majority: null,
      dots: 3,
    });
  });

  it.each([
    [{ title: "" }, { title: "validation.required" }],
    [{ title: "x".repeat(201) }, { title: "validation.too_long" }],
    [{ quorum: 101 }, { quorum: "validation.quorum" }],
    [{ quorum: 1.5 }, { quorum: "validation.quorum" }],
    [{ majority: "most" }, { majority: "validation.choice" }],
    [{ method: "consent", majority: "simple" }, { majority: "validation.motion_not_applicable" }],
    [{ dots: 3 }, { dots: "validation.motion_not_applicable" }],
    [{ method: "dot_vote", dots: 3 }, { target: "validation.motion_dot_target" }],
    [
      { target: { meetingId: MEETING, objectiveIds: [] } },
      { "target.objectiveIds": "validation.motion_objectives" },
    ],
    [
      {
        target: { meetingId: MEETING, objectiveIds: Array.from({ length: 51 }, (_, i) => `o${i}`) },
      },
      { "target.objectiveIds": "validation.too_many" },
    ],
  ])("refuses %j with %j", (change, fields) => {
    const base = {
      title: "Approvazione",
      target: { versionId: VERSION },
      method: "approval",
      votingUnit: "member",
    };
    expect(fieldsOf({ ...base, ...change })).toMatchObject(fields);
  });

  it("refuses a dot vote without its dots", () => {
    expect(
      fieldsOf({
        title: "Priorità",
        target: { meetingId: MEETING, objectiveIds: ["a"] },
        method: "dot_vote",
        votingUnit: "member",
      }),
    ).toMatchObject({ dots: "validation.required" });
  });
});

describe("a ballot's content", () => {
  const dotMotion = { method: "dot_vote" as const, dots: 3, objectiveIds: ["a", "b"] };

  it("takes a choice for approval", () => {
    const input = parseInput(ballotInput, { choice: "abstain" });
    expect(ballotContent({ method: "approval", dots: null, objectiveIds: [] }, input)).toEqual({
      ok: true,
      choice: "abstain",
      allocation: null,
    });
  });

  it("takes dots within the motion's rules, dropping zeros", () => {
    const input = parseInput(ballotInput, { allocation: { a: 2, b: 0 } });
    expect(ballotContent(dotMotion, input)).toEqual({
      ok: true,
      choice: null,
      allocation: { a: 2 },
    });
  });

  it.each([
    [{ allocation: { a: 2, b: 2 } }, "vote.error.too_many_dots"],
    [{ allocation: { c: 1 } }, "validation.choice"],
    [{ allocation: { a: 0 } }, "validation.required"],
    [{ choice: "yes" }, "validation.required"],
  ])("refuses %j on a dot vote (%s)", (ballot, key) => {
    expect(ballotContent(dotMotion, parseInput(ballotInput, ballot))).toEqual({
      ok: false,
      fields: { allocation: key },
    });
  });

  it("refuses neither or both of choice and allocation", () => {
    expect(() => parseInput(ballotInput, {})).toThrow(AppError);
    expect(() => parseInput(ballotInput, { choice: "yes", allocation: { a: 1 } })).toThrow(
      AppError,
    );
  });
});

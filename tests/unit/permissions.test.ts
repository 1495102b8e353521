import { describe, expect, it } from "vitest";
import { MEMBER_ROLES } from "../../core/domain";
import {
  ACTIONS,
  STANDINGS,
  assignableRoles,
  can,
  type Action,
  type Standing,
} from "../../core/permissions";

// The whole matrix, written out by hand from DESIGN.md's "who uses it" table: a change to
// core/permissions.ts has to be mirrored here on purpose, never by accident.
const Y = true;
const N = false;
const COLUMNS = [
  "admin",
  "facilitator",
  "secretary",
  "member",
  "observer",
  "remote_contributor",
  "none",
] as const satisfies readonly Standing[];

// prettier-ignore
const EXPECTED: Record<Action, [boolean, boolean, boolean, boolean, boolean, boolean, boolean]> = {
  //                       admin fac  sec  mem  obs  remote none
  "roundtable.view":      [Y,    Y,   Y,   Y,   Y,   N,     N],
  "roundtable.edit":      [Y,    Y,   N,   N,   N,   N,     N],
  "organization.create":  [Y,    Y,   Y,   N,   N,   N,     N],
  "member.list":          [Y,    Y,   Y,   Y,   Y,   N,     N],
  "member.invite":        [Y,    Y,   Y,   N,   N,   N,     N],
  "member.change_role":   [Y,    Y,   N,   N,   N,   N,     N],
  "member.remove":        [Y,    Y,   N,   N,   N,   N,     N],
  "meeting.view":         [Y,    Y,   Y,   Y,   Y,   Y,     N],
  "meeting.create":       [Y,    Y,   Y,   N,   N,   N,     N],
  "meeting.edit":         [Y,    Y,   Y,   N,   N,   N,     N],
  "meeting.run":          [Y,    Y,   N,   N,   N,   N,     N],
  "board.read":           [Y,    Y,   Y,   Y,   Y,   Y,     N],
  "board.write":          [Y,    Y,   Y,   Y,   N,   Y,     N],
  "pact.view":            [Y,    Y,   Y,   Y,   Y,   N,     N],
  "pact.create":          [Y,    Y,   Y,   N,   N,   N,     N],
  "pact.edit":            [Y,    Y,   Y,   Y,   N,   N,     N],
  "pact.version":         [Y,    Y,   Y,   N,   N,   N,     N],
  "pact.review":          [Y,    Y,   Y,   N,   N,   N,     N],
  "pact.comment":         [Y,    Y,   Y,   Y,   N,   N,     N],
  "template.create":      [Y,    Y,   N,   N,   N,   N,     N],
  "motion.call":          [Y,    Y,   Y,   N,   N,   N,     N],
  "vote.cast":            [Y,    Y,   Y,   Y,   N,   Y,     N],
  "pact.sign":            [Y,    Y,   Y,   Y,   N,   N,     N],
  "pact.export":          [Y,    Y,   Y,   Y,   Y,   N,     N],
  "pact.publish":         [Y,    Y,   Y,   N,   N,   N,     N],
  "audit.view":           [Y,    Y,   Y,   N,   N,   N,     N],
};

const cases = Object.entries(EXPECTED).flatMap(([action, row]) =>
  COLUMNS.map((standing, column) => ({
    standing,
    action: action as Action,
    allowed: row[column]!,
  })),
);

describe("the permission table", () => {
  it("knows exactly the standings and actions this test describes", () => {
    expect([...STANDINGS].sort()).toEqual([...COLUMNS].sort());
    expect([...ACTIONS].sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(new Set(ACTIONS).size).toBe(ACTIONS.length);
  });

  it.each(cases)("$standing may $action: $allowed", ({ standing, action, allowed }) => {
    expect(can(standing, action)).toBe(allowed);
  });

  it("gives a remote contributor nothing that reveals who takes part", () => {
    expect(can("remote_contributor", "member.list")).toBe(false);
    expect(can("remote_contributor", "audit.view")).toBe(false);
  });

  it("lets whoever accepts suggestions on a pact also edit and comment on it", () => {
    for (const standing of STANDINGS) {
      if (!can(standing, "pact.review")) continue;
      expect(can(standing, "pact.edit"), standing).toBe(true);
      expect(can(standing, "pact.comment"), standing).toBe(true);
    }
  });

  it("lets no one who cannot read a pact comment on it or review it", () => {
    for (const standing of STANDINGS) {
      if (can(standing, "pact.view")) continue;
      expect(can(standing, "pact.comment"), standing).toBe(false);
      expect(can(standing, "pact.review"), standing).toBe(false);
    }
  });

  it("lets someone with no standing do nothing at all", () => {
    expect(ACTIONS.filter((action) => can("none", action))).toEqual([]);
  });
});

describe("the roles a standing may hand out", () => {
  it.each([
    { standing: "admin", roles: ["facilitator", "secretary", "member", "observer"] },
    { standing: "facilitator", roles: ["facilitator", "secretary", "member", "observer"] },
    { standing: "secretary", roles: ["member", "observer"] },
    { standing: "member", roles: [] },
    { standing: "observer", roles: [] },
    { standing: "remote_contributor", roles: [] },
    { standing: "none", roles: [] },
  ] as { standing: Standing; roles: string[] }[])(
    "$standing may assign $roles",
    ({ standing, roles }) => {
      expect([...assignableRoles(standing)].sort()).toEqual([...roles].sort());
    },
  );

  it("only ever hands out real member roles", () => {
    for (const standing of STANDINGS) {
      for (const role of assignableRoles(standing)) expect(MEMBER_ROLES).toContain(role);
    }
  });

  it("lets whoever may assign a role also invite", () => {
    for (const standing of STANDINGS) {
      if (assignableRoles(standing).length > 0) expect(can(standing, "member.invite")).toBe(true);
    }
  });
});

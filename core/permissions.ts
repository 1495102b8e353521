// Who may do what: one pure table of roles × actions, used by routes, the API and real time.
import type { MemberRole } from "./domain";

/** A principal's standing in one tavolo. `admin` is the instance administrator. */
export type Standing = "admin" | MemberRole | "remote_contributor" | "none";

export const ACTIONS = [
  "roundtable.view",
  "roundtable.edit",
  "organization.create",
  "member.list",
  "member.invite",
  "member.change_role",
  "member.remove",
  "meeting.view",
  "meeting.create",
  "meeting.edit",
  "meeting.run",
  "board.read",
  "board.write",
  "pact.view",
  "pact.create",
  "pact.edit",
  "pact.version",
  "pact.review",
  "pact.comment",
  "template.create",
  "motion.call",
  "vote.cast",
  "pact.sign",
  "pact.export",
  "pact.publish",
  "audit.view",
] as const;
export type Action = (typeof ACTIONS)[number];

export const STANDINGS: readonly Standing[] = [
  "admin",
  "facilitator",
  "secretary",
  "member",
  "observer",
  "remote_contributor",
  "none",
];

const READ: Action[] = [
  "roundtable.view",
  "member.list",
  "meeting.view",
  "board.read",
  "pact.view",
];

const TABLE: Record<Standing, ReadonlySet<Action>> = {
  admin: new Set(ACTIONS),
  facilitator: new Set<Action>([
    ...READ,
    "roundtable.edit",
    "organization.create",
    "member.invite",
    "member.change_role",
    "member.remove",
    "meeting.create",
    "meeting.edit",
    "meeting.run",
    "board.write",
    "pact.create",
    "pact.edit",
    "pact.version",
    "pact.review",
    "pact.comment",
    "template.create",
    "motion.call",
    "vote.cast",
    "pact.sign",
    "pact.export",
    "pact.publish",
    "audit.view",
  ]),
  secretary: new Set<Action>([
    ...READ,
    "organization.create",
    "member.invite",
    "meeting.create",
    "meeting.edit",
    "board.write",
    "pact.create",
    "pact.edit",
    "pact.version",
    "pact.review",
    "pact.comment",
    // The secretary records the tavolo's decisions: she may call and close a vote on the pact.
    "motion.call",
    "vote.cast",
    "pact.sign",
    "pact.export",
    "pact.publish",
    "audit.view",
  ]),
  member: new Set<Action>([
    ...READ,
    "board.write",
    "pact.edit",
    "pact.comment",
    "vote.cast",
    "pact.sign",
    "pact.export",
  ]),
  observer: new Set<Action>([...READ, "pact.export"]),
  // A remote contributor joins one meeting by its invite: they see and write its board, and vote.
  // Commenting on a pact is theirs only where its facilitator allows it (pacts.guest_comments),
  // which the pact's own check decides, not this table.
  remote_contributor: new Set<Action>(["meeting.view", "board.read", "board.write", "vote.cast"]),
  none: new Set<Action>(),
};

export function can(standing: Standing, action: Action): boolean {
  return TABLE[standing].has(action);
}

/** Roles a standing may hand out by invite or role change: never above its own. */
export function assignableRoles(standing: Standing): MemberRole[] {
  if (standing === "admin" || standing === "facilitator") {
    return ["facilitator", "secretary", "member", "observer"];
  }
  if (standing === "secretary") return ["member", "observer"];
  return [];
}

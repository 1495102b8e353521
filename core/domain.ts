// The domain's vocabulary as values and types, one word per concept (DESIGN.md).

export const ORGANIZATION_KINDS = [
  "municipality",
  "school",
  "health_authority",
  "social_services",
  "third_sector",
  "parents_association",
  "other",
] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

export const MEMBER_ROLES = ["facilitator", "secretary", "member", "observer"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const MEETING_KINDS = ["workshop", "listening"] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const MEETING_PHASES = ["draft", "open", "clustering", "voting", "closed"] as const;
export type MeetingPhase = (typeof MEETING_PHASES)[number];

/** The groups a remote contributor says they belong to (no account, so no organisation). */
export const CONTRIBUTOR_GROUPS = [
  "family",
  "school",
  "social_services",
  "health",
  "association",
  "other",
] as const;
export type ContributorGroup = (typeof CONTRIBUTOR_GROUPS)[number];

export function isContributorGroup(value: unknown): value is ContributorGroup {
  return typeof value === "string" && (CONTRIBUTOR_GROUPS as readonly string[]).includes(value);
}

export const LOCALES = ["it", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "it";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function boardDocName(meetingId: string): string {
  return `board:${meetingId}`;
}

const BOARD_DOC = /^board:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** The meeting a board document belongs to, or null for any other document name. */
export function boardMeetingId(docName: string): string | null {
  return BOARD_DOC.exec(docName)?.[1] ?? null;
}

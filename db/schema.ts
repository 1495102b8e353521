// The one `Database` interface describing every table.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";
import type { IndicatorKind } from "../core/board";
import type { MeetingKind, MeetingPhase, MemberRole, OrganizationKind } from "../core/domain";
import type { AgendaStep, DotVoteRules, MotionKind, SpotlightKind } from "../core/live";
import type { PolicyArea } from "../core/policy-areas";
import type { PactSectionSpec } from "../core/pact/templates";
import type { EditSource } from "../core/pact/history";
import type { ExportObjective } from "../core/export/model";

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string;
  is_admin: Generated<boolean>;
  locale: string | null;
  created_at: CreatedAt;
}

export interface SessionsTable {
  id: Generated<string>;
  token_hash: string;
  user_id: string;
  created_at: CreatedAt;
  last_seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
  expires_at: Timestamp;
  client_label: string | null;
}

export interface ApiTokensTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: CreatedAt;
  last_used_at: NullableTimestamp;
}

export interface RoundtablesTable {
  id: Generated<string>;
  name: string;
  territory: string;
  description: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  /** The tavolo's own taxonomy of policy areas; null: the default (A–J). */
  policy_areas: ColumnType<PolicyArea[] | null, string | null | undefined, string | null>;
}

export interface OrganizationsTable {
  id: Generated<string>;
  roundtable_id: string;
  name: string;
  kind: OrganizationKind;
  created_at: CreatedAt;
}

export interface RoundtableMembersTable {
  roundtable_id: string;
  user_id: string;
  organization_id: string | null;
  role: MemberRole;
  joined_at: CreatedAt;
}

export interface InvitesTable {
  id: Generated<string>;
  roundtable_id: string;
  organization_id: string | null;
  role: MemberRole;
  note: string | null;
  token_hash: string;
  created_by: string | null;
  created_at: CreatedAt;
  expires_at: Timestamp;
  accepted_at: NullableTimestamp;
  accepted_by: string | null;
  revoked_at: NullableTimestamp;
}

export interface MeetingsTable {
  id: Generated<string>;
  roundtable_id: string;
  title: string;
  kind: MeetingKind;
  phase: ColumnType<MeetingPhase, MeetingPhase | undefined, MeetingPhase>;
  starts_at: Timestamp;
  place: string | null;
  online_url: string | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface AgendaItemsTable {
  id: Generated<string>;
  meeting_id: string;
  position: number;
  title: string;
  duration_minutes: number;
  writing: ColumnType<boolean, boolean | undefined, boolean>;
  voting: ColumnType<boolean, boolean | undefined, boolean>;
  editing: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface PactsTable {
  id: Generated<string>;
  roundtable_id: string;
  title: string;
  created_at: CreatedAt;
  /** The template it was made from; null for a pact made before templates. */
  template_key: string | null;
  /** The template's sections, copied at creation: the pact keeps its own list. */
  sections: ColumnType<PactSectionSpec[], string | undefined, string>;
  /** Whether remote contributors may comment (the facilitator's choice). */
  guest_comments: ColumnType<boolean, boolean | undefined, boolean>;
  created_by: string | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** The agreed version the public page shows; null: not published. */
  published_version_id: ColumnType<string | null, string | null | undefined, string | null>;
  published_at: NullableTimestamp;
  published_by: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface PactTemplatesTable {
  id: Generated<string>;
  /** Null: instance-wide. */
  roundtable_id: string | null;
  key: string;
  title: string;
  description: ColumnType<string, string | undefined, string>;
  sections: ColumnType<PactSectionSpec[], string, string>;
  created_by: string | null;
  created_at: CreatedAt;
}

/** A section as a version holds it: its title then and its text as Markdown. */
export interface PactVersionSection {
  key: string;
  title: string;
  markdown: string;
}

/** A column written once, never updated. */
type Frozen<T> = ColumnType<T, T, never>;

/** Immutable: the types allow no update of a version. */
export interface PactVersionsTable {
  id: Generated<string>;
  pact_id: Frozen<string>;
  /** 1, 2, … within the pact. */
  number: Frozen<number>;
  label: Frozen<string>;
  /** SHA-256 (hex) of the canonical form of `sections`. */
  hash: Frozen<string>;
  sections: ColumnType<PactVersionSection[], string, never>;
  created_by: Frozen<string | null>;
  created_at: CreatedAt;
  /** The version this one restored, if it is a restore. */
  restored_from: ColumnType<string | null, string | null | undefined, never>;
  /** The live blocks' objectives and actions as they stood when the version was made. */
  objectives: ColumnType<ExportObjective[], string | undefined, never>;
  /** Set once, when a motion on this version passes (the only change a version ever sees). */
  agreed_at: ColumnType<Date | null, never, Date>;
  agreed_motion_id: ColumnType<string | null, never, string>;
}

export type MotionMethod = "approval" | "consent" | "dot_vote";
export type MotionVotingUnit = "organization" | "member";
export type MotionMajority = "simple" | "absolute" | "two_thirds";
export type MotionOutcome = "passed" | "rejected" | "no_quorum" | "ranked";

/** A motion; closed, it is immutable (a database trigger refuses any change). */
export interface MotionsTable {
  id: Generated<string>;
  roundtable_id: Frozen<string>;
  pact_id: Frozen<string | null>;
  version_id: Frozen<string | null>;
  meeting_id: Frozen<string | null>;
  objective_ids: ColumnType<string[], string | undefined, never>;
  title: Frozen<string>;
  method: Frozen<MotionMethod>;
  voting_unit: Frozen<MotionVotingUnit>;
  secret: Frozen<boolean>;
  hide_results: Frozen<boolean>;
  /** Percent of those entitled who must take part. */
  quorum: Frozen<number>;
  majority: Frozen<MotionMajority | null>;
  dots: Frozen<number | null>;
  status: ColumnType<"open" | "closed", "open" | undefined, "closed">;
  outcome: ColumnType<MotionOutcome | null, never, MotionOutcome>;
  result: ColumnType<unknown, never, string>;
  opened_by: Frozen<string | null>;
  opened_at: CreatedAt;
  closed_by: ColumnType<string | null, never, string | null>;
  closed_at: ColumnType<Date | null, never, Date | string>;
}

export interface MotionParticipantsTable {
  motion_id: string;
  /** "organization:<id>" or "user:<id>". */
  voter_key: string;
  cast_at: CreatedAt;
}

export interface MotionBallotsTable {
  id: Generated<string>;
  motion_id: string;
  /** Null for a secret ballot, like every field below that would name the voter. */
  voter_key: string | null;
  user_id: string | null;
  voter_name: string | null;
  organization_id: string | null;
  organization_name: string | null;
  choice: "yes" | "no" | "abstain" | null;
  allocation: ColumnType<Record<string, number> | null, string | null, string | null>;
  cast_at: NullableTimestamp;
}

export interface MotionObjectionsTable {
  id: Generated<string>;
  motion_id: string;
  user_id: string | null;
  author_name: string;
  organization_id: string | null;
  organization_name: string | null;
  reason: string;
  raised_at: CreatedAt;
  withdrawn_at: NullableTimestamp;
}

export interface OrganizationSignersTable {
  organization_id: string;
  user_id: string;
  named_by: string | null;
  named_at: CreatedAt;
}

/** A simple electronic signature; immutable. */
export interface PactSignaturesTable {
  id: Generated<string>;
  pact_id: Frozen<string>;
  version_id: Frozen<string>;
  version_hash: Frozen<string>;
  organization_id: Frozen<string | null>;
  organization_name: Frozen<string>;
  user_id: Frozen<string | null>;
  person_name: Frozen<string>;
  role: Frozen<"signatory" | "adherent">;
  signed_at: CreatedAt;
}

export interface PactSignedFilesTable {
  id: Generated<string>;
  pact_id: string;
  version_id: string;
  organization_id: string | null;
  organization_name: string;
  kind: "pades" | "cades";
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  data: Uint8Array;
  uploaded_by: string | null;
  uploaded_at: CreatedAt;
}

/** A session of one person's edits in one section of a pact (the pact's history). */
export interface PactEditsTable {
  id: Generated<string>;
  pact_id: string;
  /** Null for a guest, or once the account is gone. */
  user_id: string | null;
  /** The name at the time (a guest's, or kept once the account is gone). */
  author_name: string | null;
  section_key: string;
  /** The live editor, an import (Markdown or a file), or a restored version. */
  source: ColumnType<EditSource, EditSource | undefined, never>;
  started_at: Timestamp;
  ended_at: Timestamp;
  updates: ColumnType<number, number | undefined, number>;
}

export interface AuditEventsTable {
  id: Generated<string>;
  at: CreatedAt;
  actor_user_id: string | null;
  action: string;
  roundtable_id: string | null;
  subject_id: string | null;
  detail: ColumnType<unknown, string | null | undefined, string | null>;
}

export interface YjsUpdatesTable {
  seq: ColumnType<string, never, never>;
  doc_name: string;
  update: ColumnType<Uint8Array, Uint8Array, never>;
  created_at: CreatedAt;
}

export interface YjsSnapshotsTable {
  doc_name: string;
  state: ColumnType<Uint8Array, Uint8Array, Uint8Array>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface BoardCardsTable {
  meeting_id: string;
  id: string;
  text: string;
  cluster_id: string | null;
  author_label: string;
  group_label: string | null;
  created_at: Timestamp;
  in_person: ColumnType<boolean, boolean | undefined, boolean>;
  /** Place in its cluster (core/board-ops byClusterOrder); null: by creation time. */
  sort_order: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface BoardClustersTable {
  meeting_id: string;
  id: string;
  label: string;
}

export interface BoardObjectivesTable {
  meeting_id: string;
  id: string;
  title: string;
  description: string | null;
  policy_area: string | null;
  sort_order: number | null;
}

export interface BoardObjectiveClustersTable {
  meeting_id: string;
  objective_id: string;
  cluster_id: string;
  /** Place among the objective's clusters. */
  position: ColumnType<number, number | undefined, number>;
}

/** A JSON column: read as its value, written as its JSON text. */
type Json<T> = ColumnType<T, string | undefined, string>;

export interface BoardActionsTable {
  meeting_id: string;
  id: string;
  objective_id: string | null;
  title: string;
  description: string | null;
  target_group: ColumnType<string, string | undefined, string>;
  places: Json<string[]>;
  /** As the board document has it: not trusted to be one of the tavolo's organisations. */
  responsible_organization_id: string | null;
  partner_organization_ids: Json<string[]>;
  resources: Json<{ staffHours: number | null; euros: number | null; fundingSource: string }>;
  timeline: Json<{
    start: string | null;
    end: string | null;
    milestones: { id: string; label: string; date: string | null }[];
  }>;
  sort_order: number | null;
}

export interface BoardIndicatorsTable {
  meeting_id: string;
  action_id: string;
  id: string;
  kind: IndicatorKind;
  measure: string;
  baseline: ColumnType<string, string | undefined, string>;
  target: ColumnType<string, string | undefined, string>;
  sort_order: number | null;
}

export interface BoardProjectionsTable {
  meeting_id: string;
  content_hash: string;
  projected_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface MeetingLiveStateTable {
  meeting_id: string;
  version: ColumnType<number, number | undefined, number>;
  timer_deadline: NullableTimestamp;
  timer_remaining_ms: number | null;
  spotlight_kind: SpotlightKind | null;
  spotlight_id: string | null;
  motion_id: string | null;
  motion_kind: MotionKind | null;
  motion_open: boolean | null;
  board_locked: ColumnType<boolean, boolean | undefined, boolean>;
  private_writing: ColumnType<boolean, boolean | undefined, boolean>;
  step: ColumnType<AgendaStep | null, string | null | undefined, string | null>;
  hidden_cards: ColumnType<string[], string | undefined, string>;
  removed_guests: ColumnType<string[], string | undefined, string>;
  motion_rules: ColumnType<DotVoteRules | null, string | null | undefined, string | null>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_by: string | null;
}

export interface MeetingInvitesTable {
  id: Generated<string>;
  meeting_id: string;
  label: string | null;
  token_hash: string;
  created_by: string | null;
  created_at: CreatedAt;
  expires_at: Timestamp;
  revoked_at: NullableTimestamp;
}

export interface DotBallotsTable {
  meeting_id: string;
  motion_id: string;
  voter_key: string;
  voter_name: string | null;
  item_id: string;
  dots: number;
  cast_at: CreatedAt;
}

export interface MeetingAttendanceTable {
  meeting_id: string;
  attendee_key: string;
  user_id: string | null;
  organization_name: string | null;
  role: string | null;
  contributor_group: string | null;
  first_seen_at: CreatedAt;
}

export interface MeetingMinutesTable {
  meeting_id: string;
  body: string;
  generated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_by: string | null;
  finalized_at: NullableTimestamp;
  finalized_by: string | null;
  content_hash: string | null;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  roundtables: RoundtablesTable;
  organizations: OrganizationsTable;
  roundtable_members: RoundtableMembersTable;
  invites: InvitesTable;
  meetings: MeetingsTable;
  agenda_items: AgendaItemsTable;
  pacts: PactsTable;
  pact_templates: PactTemplatesTable;
  pact_versions: PactVersionsTable;
  pact_edits: PactEditsTable;
  motions: MotionsTable;
  motion_participants: MotionParticipantsTable;
  motion_ballots: MotionBallotsTable;
  motion_objections: MotionObjectionsTable;
  organization_signers: OrganizationSignersTable;
  pact_signatures: PactSignaturesTable;
  pact_signed_files: PactSignedFilesTable;
  audit_events: AuditEventsTable;
  yjs_updates: YjsUpdatesTable;
  yjs_snapshots: YjsSnapshotsTable;
  meeting_live_state: MeetingLiveStateTable;
  meeting_invites: MeetingInvitesTable;
  board_cards: BoardCardsTable;
  board_clusters: BoardClustersTable;
  board_objectives: BoardObjectivesTable;
  board_objective_clusters: BoardObjectiveClustersTable;
  board_actions: BoardActionsTable;
  board_indicators: BoardIndicatorsTable;
  board_projections: BoardProjectionsTable;
  dot_ballots: DotBallotsTable;
  meeting_attendance: MeetingAttendanceTable;
  meeting_minutes: MeetingMinutesTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Roundtable = Selectable<RoundtablesTable>;
export type Organization = Selectable<OrganizationsTable>;
export type Meeting = Selectable<MeetingsTable>;
export type AgendaItem = Selectable<AgendaItemsTable>;
export type Invite = Selectable<InvitesTable>;
export type MeetingInvite = Selectable<MeetingInvitesTable>;
export type Session = Selectable<SessionsTable>;

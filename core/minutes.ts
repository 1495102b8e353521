// The minutes (verbale) of a meeting: the facts gathered from its record, and the Markdown draft
// the secretary starts from. Pure: the service gathers, this writes, in the reader's language.
import type { ContributorGroup, Locale } from "./domain";
import { translate } from "./i18n";
import { DEFAULT_TIME_ZONE } from "./time";

export interface MinutesFacts {
  roundtable: { name: string; territory: string };
  meeting: { title: string; startsAt: Date; place: string | null; onlineUrl: string | null };
  /** When the meeting was started and closed (null if it never was). */
  startedAt: Date | null;
  closedAt: Date | null;
  /** Members present: by organisation (null: none) and role. */
  members: { organization: string | null; role: string | null }[];
  /** Remote contributors present, by the group they chose (null: none given). */
  contributors: (ContributorGroup | null)[];
  /** Agenda steps in the order entered, each until the next one (or the close). */
  steps: { title: string; startedAt: Date; endedAt: Date | null }[];
  /** Cards on the board (hidden ones left out), with the group that wrote them. */
  cards: {
    id: string;
    text: string;
    group: string | null;
    inPerson: boolean;
    clusterId: string | null;
  }[];
  clusters: { id: string; label: string }[];
  /** Dot votes held, each with its items ranked by dots. */
  votes: {
    target: "clusters" | "objectives";
    closedAt: Date | null;
    voters: number;
    ranking: { label: string; dots: number }[];
  }[];
}

const GROUP_KEYS = {
  family: "minutes.group_family",
  school: "minutes.group_school",
  social_services: "minutes.group_social_services",
  health: "minutes.group_health",
  association: "minutes.group_association",
  other: "minutes.group_other",
} as const;

/** Markdown's special characters in text typed by people, so that it stays text. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`)
    .replace(/\s+/g, " ")
    .trim();
}

function counted<T>(values: T[]): [T, number][] {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts];
}

/** The draft of the minutes, in Markdown, from what the record holds. */
export function draftMinutes(facts: MinutesFacts, locale: Locale): string {
  const t = (key: string, vars?: Record<string, string | number>) => translate(locale, key, vars);
  const date = new Intl.DateTimeFormat(locale, {
    dateStyle: "full",
    timeZone: DEFAULT_TIME_ZONE,
  });
  const time = new Intl.DateTimeFormat(locale, { timeStyle: "short", timeZone: DEFAULT_TIME_ZONE });
  const groupName = (group: string | null) =>
    group && group in GROUP_KEYS
      ? t(GROUP_KEYS[group as ContributorGroup])
      : group
        ? escapeMarkdown(group)
        : t("minutes.group_none");
  const lines: string[] = [];
  const section = (title: string) => lines.push("", `## ${title}`, "");

  lines.push(`# ${t("minutes.heading", { title: escapeMarkdown(facts.meeting.title) })}`, "");
  lines.push(
    `${t("minutes.roundtable")}: ${escapeMarkdown(facts.roundtable.name)} (${escapeMarkdown(facts.roundtable.territory)})  `,
    `${t("minutes.date")}: ${date.format(facts.meeting.startsAt)}  `,
  );
  if (facts.startedAt) {
    const end = facts.closedAt ? time.format(facts.closedAt) : "—";
    lines.push(`${t("minutes.time")}: ${time.format(facts.startedAt)}–${end}  `);
  }
  if (facts.meeting.place)
    lines.push(`${t("minutes.place")}: ${escapeMarkdown(facts.meeting.place)}  `);
  if (facts.meeting.onlineUrl) lines.push(`${t("minutes.online")}: <${facts.meeting.onlineUrl}>  `);

  section(t("minutes.attendance"));
  const byOrganization = counted(facts.members.map((m) => m.organization));
  if (byOrganization.length === 0 && facts.contributors.length === 0) {
    lines.push(t("minutes.attendance_none"));
  }
  for (const [organization, count] of byOrganization.sort(([a], [b]) =>
    (a ?? "\uffff").localeCompare(b ?? "\uffff", locale),
  )) {
    const who = organization ? escapeMarkdown(organization) : t("minutes.no_organization");
    lines.push(`- ${who}: ${t("minutes.people", { count })}`);
  }
  if (facts.contributors.length > 0) {
    lines.push(
      `- ${t("minutes.remote_contributors", { count: facts.contributors.length })}`,
      ...counted(facts.contributors).map(([group, count]) => `  - ${groupName(group)}: ${count}`),
    );
  }

  section(t("minutes.steps"));
  if (facts.steps.length === 0) lines.push(t("minutes.steps_none"));
  for (const step of facts.steps) {
    const end = step.endedAt ? time.format(step.endedAt) : "—";
    lines.push(`- ${escapeMarkdown(step.title)}: ${time.format(step.startedAt)}–${end}`);
  }

  section(t("minutes.cards"));
  lines.push(t("minutes.cards_total", { count: facts.cards.length }));
  const inPerson = facts.cards.filter((c) => c.inPerson).length;
  if (inPerson > 0) lines.push("", t("minutes.cards_in_person", { count: inPerson }));
  if (facts.cards.length > 0) {
    lines.push("");
    for (const [group, count] of counted(facts.cards.map((c) => c.group))) {
      lines.push(`- ${groupName(group)}: ${count}`);
    }
  }

  section(t("minutes.clusters"));
  const clustered = new Map(facts.clusters.map((c) => [c.id, [] as string[]]));
  const loose: string[] = [];
  for (const card of facts.cards) {
    const bucket = card.clusterId ? clustered.get(card.clusterId) : undefined;
    (bucket ?? loose).push(card.text);
  }
  if (facts.clusters.length === 0) lines.push(t("minutes.clusters_none"));
  for (const cluster of facts.clusters) {
    const texts = clustered.get(cluster.id) ?? [];
    lines.push(
      `### ${escapeMarkdown(cluster.label) || t("minutes.cluster_unnamed")} (${texts.length})`,
      "",
      ...texts.map((text) => `- ${escapeMarkdown(text)}`),
      "",
    );
  }
  if (loose.length > 0) {
    lines.push(`### ${t("minutes.cards_loose")} (${loose.length})`, "");
    lines.push(...loose.map((text) => `- ${escapeMarkdown(text)}`));
  }

  section(t("minutes.votes"));
  if (facts.votes.length === 0) lines.push(t("minutes.votes_none"));
  for (const vote of facts.votes) {
    lines.push(
      `${t(vote.target === "clusters" ? "minutes.vote_on_clusters" : "minutes.vote_on_objectives")} — ${t("minutes.voters", { count: vote.voters })}`,
      "",
      ...vote.ranking.map(
        (item, i) =>
          `${i + 1}. ${escapeMarkdown(item.label)} — ${t("minutes.dots", { count: item.dots })}`,
      ),
      "",
    );
  }

  section(t("minutes.decisions"));
  lines.push(t("minutes.decisions_placeholder"));
  return `${lines
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim()}\n`;
}

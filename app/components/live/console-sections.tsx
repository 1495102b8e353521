// The sections of the facilitator's console, each a labelled region acting through /live commands.
import { useId, useState, type ReactNode } from "react";
import type { BoardSnapshot } from "../../../core/board";
import { isContributorGroup } from "../../../core/domain";
import {
  DOT_VOTE_TARGETS,
  GUEST_PRESENCE_PREFIX,
  MAX_DOTS,
  type AgendaStep,
  type DotVoteTarget,
  type LiveState,
  type PresenceEntry,
} from "../../../core/live";
import type { LiveMeeting } from "../../collab/use-live";
import { useI18n, type Translate } from "../../i18n/use-i18n";
import { DotVotePanel, type DotVoteItem } from "./dot-vote-panel";
import type { CommandRunner } from "./use-command";

export function ConsoleSection({
  id,
  title,
  children,
  className,
}: {
  id: string;
  title: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <section className={`card console__section ${className ?? ""}`} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}

const short = (text: string, max = 60) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function MeetingControl({ state, commands }: { state: LiveState; commands: CommandRunner }) {
  const { t } = useI18n();
  const [confirming, setConfirming] = useState(false);
  return (
    <ConsoleSection id="console-meeting" title={t("console.meeting")}>
      <p>{t(`live_bar.status_${state.status}`)}</p>
      <div className="actions">
        {state.status === "draft" && (
          <button
            type="button"
            className="button"
            disabled={commands.pending}
            onClick={() => void commands.run({ type: "meeting.start" })}
          >
            {t("console.start")}
          </button>
        )}
        {state.status === "live" && !confirming && (
          <button
            type="button"
            className="button button--danger"
            onClick={() => setConfirming(true)}
          >
            {t("console.close")}
          </button>
        )}
        {state.status === "live" && confirming && (
          <>
            <p>{t("console.close_confirm")}</p>
            <button
              type="button"
              className="button button--danger"
              onClick={() => {
                setConfirming(false);
                void commands.run({ type: "meeting.close" });
              }}
            >
              {t("console.close_yes")}
            </button>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => setConfirming(false)}
            >
              {t("common.cancel")}
            </button>
          </>
        )}
      </div>
    </ConsoleSection>
  );
}

export function AgendaControl({
  state,
  steps,
  commands,
}: {
  state: LiveState;
  steps: AgendaStep[];
  commands: CommandRunner;
}) {
  const { t } = useI18n();
  const opens = (step: AgendaStep) =>
    [
      step.writing ? t("console.step_writing") : null,
      step.voting ? t("console.step_voting") : null,
      step.editing ? t("console.step_editing") : null,
    ]
      .filter(Boolean)
      .join(" · ") || t("live_bar.opens_nothing");
  return (
    <ConsoleSection id="console-steps" title={t("console.steps")}>
      {steps.length === 0 ? (
        <p className="empty">{t("console.steps_empty")}</p>
      ) : (
        <ol className="console__steps">
          {steps.map((step) => {
            const current = state.step?.id === step.id;
            return (
              <li
                key={step.id}
                aria-current={current ? "step" : undefined}
                className={current ? "console__step console__step--current" : "console__step"}
              >
                <span>
                  <strong>{step.title}</strong>
                  {current && <span className="badge">{t("console.step_current")}</span>}
                  <br />
                  <span className="muted">{opens(step)}</span>
                </span>
                {!current && (
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    disabled={state.status !== "live" || commands.pending}
                    onClick={() => void commands.run({ type: "step.set", stepId: step.id })}
                  >
                    {t("console.step_go")}
                    <span className="visually-hidden">: {step.title}</span>
                  </button>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </ConsoleSection>
  );
}

export function TimerControl({ state, commands }: { state: LiveState; commands: CommandRunner }) {
  const { t } = useI18n();
  const [minutes, setMinutes] = useState("5");
  const id = useId();
  const live = state.status === "live";
  const timer = state.timer;
  const add = (deltaMinutes: number) =>
    void commands.run({ type: "timer.add", deltaMs: deltaMinutes * 60_000 });
  return (
    <ConsoleSection id="console-timer" title={t("console.timer")}>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          const value = Number(minutes);
          if (!Number.isFinite(value) || value <= 0) return;
          void commands.run({ type: "timer.start", durationMs: Math.round(value * 60_000) });
        }}
      >
        <label htmlFor={`${id}-minutes`}>{t("console.timer_minutes")}</label>
        <input
          id={`${id}-minutes`}
          type="number"
          min={1}
          max={360}
          step={1}
          inputMode="numeric"
          value={minutes}
          onChange={(event) => setMinutes(event.target.value)}
          className="console__number"
        />
        <button type="submit" className="button" disabled={!live}>
          {t("console.timer_start")}
        </button>
      </form>
      <div className="actions">
        {timer.kind === "running" && (
          <button
            type="button"
            className="button button--secondary"
            onClick={() => void commands.run({ type: "timer.pause" })}
          >
            {t("console.timer_pause")}
          </button>
        )}
        {timer.kind === "paused" && (
          <button
            type="button"
            className="button button--secondary"
            onClick={() => void commands.run({ type: "timer.resume" })}
          >
            {t("console.timer_resume")}
          </button>
        )}
        {timer.kind !== "idle" && (
          <>
            {[1, 5, -1].map((minutes) => (
              <button
                key={minutes}
                type="button"
                className="button button--secondary button--small"
                aria-label={
                  minutes > 0
                    ? t("console.timer_add_label", { count: minutes })
                    : t("console.timer_remove_label", { count: -minutes })
                }
                onClick={() => add(minutes)}
              >
                {minutes > 0 ? `+${minutes}` : `−${-minutes}`}
              </button>
            ))}
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => void commands.run({ type: "timer.clear" })}
            >
              {t("console.timer_clear")}
            </button>
          </>
        )}
      </div>
    </ConsoleSection>
  );
}

export function SpotlightControl({
  state,
  board,
  commands,
}: {
  state: LiveState;
  board: BoardSnapshot;
  commands: CommandRunner;
}) {
  const { t } = useI18n();
  const id = useId();
  const spotlight = state.spotlight;
  const currentValue =
    spotlight.kind === "none" || spotlight.kind === "area"
      ? ""
      : `${spotlight.kind}:${spotlight.id}`;
  const [choice, setChoice] = useState("");
  const describe = () => {
    if (spotlight.kind === "none") return t("spotlight.none");
    if (spotlight.kind === "area") return t("spotlight.area");
    if (spotlight.kind === "card") {
      const card = board.cards.find((c) => c.id === spotlight.id);
      return t("console.spotlight_card", { text: short(card?.text ?? "?") });
    }
    if (spotlight.kind === "cluster") {
      const cluster = board.clusters.find((c) => c.id === spotlight.id);
      return t("console.spotlight_cluster", { text: short(cluster?.label ?? "?") });
    }
    const objective = board.objectives.find((o) => o.id === spotlight.id);
    return t("console.spotlight_objective", { text: short(objective?.title ?? "?") });
  };
  return (
    <ConsoleSection id="console-spotlight" title={t("console.spotlight")}>
      <p>
        {t("console.spotlight_now")}: <strong>{describe()}</strong>
      </p>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          const [kind, ...rest] = choice.split(":");
          const target = rest.join(":");
          if (kind === "card" || kind === "cluster" || kind === "objective") {
            void commands.run({ type: "spotlight.set", spotlight: { kind, id: target } });
          }
        }}
      >
        <label htmlFor={`${id}-pick`}>{t("console.spotlight_pick")}</label>
        <select
          id={`${id}-pick`}
          value={choice || currentValue}
          onChange={(event) => setChoice(event.target.value)}
        >
          <option value="">—</option>
          {(
            [
              [
                "cluster",
                t("console.clusters"),
                board.clusters.map((c) => ({
                  id: c.id,
                  text: c.label || t("spotlight.untitled_cluster"),
                })),
              ],
              [
                "objective",
                t("console.objectives"),
                board.objectives.map((o) => ({ id: o.id, text: o.title })),
              ],
              ["card", t("console.cards"), board.cards.map((c) => ({ id: c.id, text: c.text }))],
            ] as const
          ).map(
            ([kind, label, items]) =>
              items.length > 0 && (
                <optgroup key={kind} label={label}>
                  {items.map((item) => (
                    <option key={item.id} value={`${kind}:${item.id}`}>
                      {short(item.text)}
                    </option>
                  ))}
                </optgroup>
              ),
          )}
        </select>
        <button type="submit" className="button" disabled={!(choice || currentValue)}>
          {t("console.spotlight_show")}
        </button>
      </form>
      {spotlight.kind !== "none" && (
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            setChoice("");
            void commands.run({ type: "spotlight.set", spotlight: { kind: "none" } });
          }}
        >
          {t("console.spotlight_clear")}
        </button>
      )}
    </ConsoleSection>
  );
}

export function WritingControl({ state, commands }: { state: LiveState; commands: CommandRunner }) {
  const { t } = useI18n();
  return (
    <ConsoleSection id="console-writing" title={t("console.writing")}>
      <p>{state.privateWriting ? t("console.private_on") : t("console.private_off")}</p>
      <div className="actions">
        {state.privateWriting ? (
          <button
            type="button"
            className="button"
            onClick={() => void commands.run({ type: "writing.private", enabled: false })}
          >
            {t("console.reveal")}
          </button>
        ) : (
          <button
            type="button"
            className="button button--secondary"
            onClick={() => void commands.run({ type: "writing.private", enabled: true })}
          >
            {t("console.private_enable")}
          </button>
        )}
      </div>
      <p>{state.boardLocked ? t("console.locked_on") : t("console.locked_off")}</p>
      <button
        type="button"
        className="button button--secondary"
        aria-pressed={state.boardLocked}
        onClick={() => void commands.run({ type: "board.lock", locked: !state.boardLocked })}
      >
        {t("console.lock")}
      </button>
    </ConsoleSection>
  );
}

export function HiddenCardsControl({
  state,
  board,
  commands,
}: {
  state: LiveState;
  board: BoardSnapshot;
  commands: CommandRunner;
}) {
  const { t } = useI18n();
  return (
    <ConsoleSection id="console-hidden" title={t("console.hidden")}>
      {state.hiddenCards.length === 0 ? (
        <p className="empty">{t("console.hidden_empty")}</p>
      ) : (
        <ul className="list">
          {state.hiddenCards.map((cardId) => {
            const text = board.cards.find((c) => c.id === cardId)?.text ?? t("spotlight.missing");
            return (
              <li key={cardId} className="actions">
                <span>{short(text, 120)}</span>
                <button
                  type="button"
                  className="button button--secondary button--small"
                  onClick={() => void commands.run({ type: "card.restore", cardId })}
                >
                  {t("console.restore")}
                  <span className="visually-hidden">: {short(text)}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </ConsoleSection>
  );
}

/** The key a person's group and a card's `group` field share, and how to show it. */
function groupOf(entry: PresenceEntry): string {
  const group = entry.group;
  if (group.kind === "organization") return `org:${group.name}`;
  if (group.kind === "role") return `role:${group.role}`;
  return group.group ? `contributor:${group.group}` : "contributor:";
}

function cardGroupKey(group: string | null): string {
  if (group === null || group === "") return "none";
  return isContributorGroup(group) ? `contributor:${group}` : `org:${group}`;
}

function groupLabel(key: string, t: Translate): string {
  const [kind, ...rest] = key.split(":");
  const value = rest.join(":");
  if (kind === "org") return value;
  if (kind === "role") return t(`role.${value}` as Parameters<Translate>[0]);
  if (kind === "contributor") {
    return isContributorGroup(value)
      ? t("console.group_contributors", { group: t(`contributor_group.${value}`) })
      : t("console.group_contributors_none");
  }
  return t("console.group_none");
}

export function PresenceControl({
  live,
  board,
  commands,
}: {
  live: LiveMeeting;
  board: BoardSnapshot;
  commands: CommandRunner;
}) {
  const { t } = useI18n();
  const [confirming, setConfirming] = useState<string | null>(null);
  const groups = new Map<string, { people: PresenceEntry[]; cards: number }>();
  const slot = (key: string) => {
    let entry = groups.get(key);
    if (!entry) groups.set(key, (entry = { people: [], cards: 0 }));
    return entry;
  };
  for (const person of live.presence) slot(groupOf(person)).people.push(person);
  for (const card of board.cards) slot(cardGroupKey(card.group)).cards += 1;
  const sorted = [...groups].sort(([a], [b]) => groupLabel(a, t).localeCompare(groupLabel(b, t)));
  return (
    <ConsoleSection id="console-presence" title={t("console.presence")}>
      <p>
        {t("console.presence_count", { count: live.presence.length, cards: board.cards.length })}
      </p>
      <ul className="console__groups">
        {sorted.map(([key, group]) => (
          <li key={key}>
            <h3 className="console__group-title">
              {groupLabel(key, t)}{" "}
              <span className="muted">
                {t("console.group_counts", { people: group.people.length, cards: group.cards })}
              </span>
            </h3>
            {group.people.length > 0 && (
              <ul className="list">
                {group.people.map((person) => {
                  const name = person.name || t("console.anonymous");
                  const guest = person.id.startsWith(GUEST_PRESENCE_PREFIX);
                  return (
                    <li key={person.id} className="actions">
                      <span>{name}</span>
                      {guest && confirming !== person.id && (
                        <button
                          type="button"
                          className="button button--danger button--small"
                          onClick={() => setConfirming(person.id)}
                        >
                          {t("console.remove")}
                          <span className="visually-hidden">: {name}</span>
                        </button>
                      )}
                      {guest && confirming === person.id && (
                        <span className="actions">
                          <span>{t("console.remove_confirm", { name })}</span>
                          <button
                            type="button"
                            className="button button--danger button--small"
                            onClick={() => {
                              setConfirming(null);
                              void commands.run({
                                type: "participant.remove",
                                presenceId: person.id,
                              });
                            }}
                          >
                            {t("console.remove_yes")}
                          </button>
                          <button
                            type="button"
                            className="button button--secondary button--small"
                            onClick={() => setConfirming(null)}
                          >
                            {t("common.cancel")}
                          </button>
                        </span>
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </ConsoleSection>
  );
}

export function dotVoteItems(
  board: BoardSnapshot,
  target: DotVoteTarget,
  untitled: string,
): DotVoteItem[] {
  return target === "clusters"
    ? board.clusters.map((c) => ({ id: c.id, label: c.label || untitled }))
    : board.objectives.map((o) => ({ id: o.id, label: o.title }));
}

export function DotVoteControl({
  live,
  board,
  commands,
}: {
  live: LiveMeeting;
  board: BoardSnapshot;
  commands: CommandRunner;
}) {
  const { t } = useI18n();
  const id = useId();
  const [target, setTarget] = useState<DotVoteTarget>("clusters");
  const [dots, setDots] = useState("5");
  const [maxPerItem, setMaxPerItem] = useState("2");
  const [anonymous, setAnonymous] = useState(true);
  const state = live.state!;
  const motion = state.motion;
  const rules = motion?.dotVote ?? null;
  const items = dotVoteItems(board, rules?.target ?? target, t("spotlight.untitled_cluster"));
  return (
    <ConsoleSection id="console-vote" title={t("console.vote")} className="console__vote">
      {motion?.status === "open" ? (
        <button
          type="button"
          className="button"
          onClick={() => void commands.run({ type: "motion.close" })}
        >
          {t("console.vote_close")}
        </button>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void commands.run({
              type: "motion.open",
              motionId: crypto.randomUUID(),
              kind: "dot_vote",
              dotVote: {
                target,
                dots: Number(dots),
                maxPerItem: Number(maxPerItem),
                anonymous,
              },
            });
          }}
        >
          <div className="console__vote-fields">
            <div className="field">
              <label htmlFor={`${id}-target`}>{t("console.vote_target")}</label>
              <select
                id={`${id}-target`}
                value={target}
                onChange={(event) => setTarget(event.target.value as DotVoteTarget)}
              >
                {DOT_VOTE_TARGETS.map((value) => (
                  <option key={value} value={value}>
                    {t(`console.vote_target_${value}`)}
                  </option>
                ))}
              </select>
            </div>
            <DotsField
              id={`${id}-dots`}
              label={t("console.vote_dots")}
              value={dots}
              onChange={setDots}
            />
            <DotsField
              id={`${id}-max`}
              label={t("console.vote_max")}
              value={maxPerItem}
              onChange={setMaxPerItem}
            />
            <div className="field field--checkbox">
              <label>
                <input
                  type="checkbox"
                  checked={anonymous}
                  onChange={(event) => setAnonymous(event.target.checked)}
                />{" "}
                {t("console.vote_anonymous")}
              </label>
            </div>
          </div>
          <div className="actions">
            <button type="submit" className="button" disabled={state.status !== "live"}>
              {t("console.vote_open")}
            </button>
            {motion && (
              <button
                type="button"
                className="button button--secondary"
                onClick={() => void commands.run({ type: "motion.clear" })}
              >
                {t("console.vote_clear")}
              </button>
            )}
          </div>
        </form>
      )}
      {motion && rules && <DotVotePanel live={live} items={items} />}
    </ConsoleSection>
  );
}

/** A number of dots (1 to MAX_DOTS), kept as typed so that a half-typed value is not lost. */
function DotsField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="number"
        min={1}
        max={MAX_DOTS}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        className="console__number"
      />
    </div>
  );
}

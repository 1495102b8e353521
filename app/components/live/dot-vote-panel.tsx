// A dot vote as one voter sees it: their dots left, +/− per item, the live tally, and once the
// vote is closed the ranking. Casting sends one's whole allocation, so a retry is harmless.
import { useEffect, useRef, useState } from "react";
import {
  allocationError,
  capabilitiesOf,
  type DotAllocation,
  type VoteTallyMessage,
} from "../../../core/live";
import type { LiveMeeting } from "../../collab/use-live";
import { useI18n } from "../../i18n/use-i18n";

export interface DotVoteItem {
  id: string;
  label: string;
}

function withDots(allocation: DotAllocation, itemId: string, dots: number): DotAllocation {
  const next = { ...allocation };
  if (dots > 0) next[itemId] = dots;
  else delete next[itemId];
  return next;
}

const used = (allocation: DotAllocation) =>
  Object.values(allocation).reduce((sum, dots) => sum + dots, 0);

/** Items by total dots, most first; ties keep the order the items were given in. */
export function ranking(items: DotVoteItem[], totals: Record<string, number>) {
  return items
    .map((item, index) => ({ ...item, index, total: totals[item.id] ?? 0 }))
    .sort((a, b) => b.total - a.total || a.index - b.index);
}

function Dots({ count, label }: { count: number; label: string }) {
  return (
    <span className="dot-vote__dots" aria-hidden="true" title={label}>
      {"●".repeat(count)}
    </span>
  );
}

export function DotVotePanel({ live, items }: { live: LiveMeeting; items: DotVoteItem[] }) {
  const { t, tKey } = useI18n();
  const state = live.state;
  const motion = state?.motion;
  const rules = motion?.kind === "dot_vote" ? motion.dotVote : null;
  const motionId = motion?.id ?? null;
  const [allocation, setAllocation] = useState<DotAllocation>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  // Casts go one at a time, the newest wish last: two quick clicks sent at once could be stored
  // (and answered) in either order, leaving the older allocation on the server or on screen.
  const outbox = useRef<{ wish: DotAllocation | null; busy: boolean; confirmed: DotAllocation }>({
    wish: null,
    busy: false,
    confirmed: {},
  });
  const { myVote, connected } = live;

  // After a reload (or a reconnect) the server knows my dots: start from them, unless dots were
  // placed meanwhile (what the server says then is older than what is on screen).
  useEffect(() => {
    if (!motionId || !connected) return;
    let current = true;
    const box = outbox.current;
    void myVote(motionId).then((mine) => {
      if (!current || box.busy || box.wish) return;
      box.confirmed = mine;
      setAllocation(mine);
    });
    return () => {
      current = false;
    };
  }, [motionId, connected, myVote]);
  useEffect(() => {
    setProblem(null);
    outbox.current.confirmed = {};
  }, [motionId]);

  if (!state || !motion || !rules) return null;
  const open = motion.status === "open" && capabilitiesOf(state).voting;
  const tally: VoteTallyMessage | null = live.tally?.motionId === motion.id ? live.tally : null;
  const totals = tally?.totals ?? {};
  const spent = used(allocation);
  const left = rules.dots - spent;

  async function place(itemId: string, dots: number) {
    if (!motionId || !rules) return;
    const next = withDots(allocation, itemId, dots);
    const error = allocationError(rules, next);
    if (error) {
      setProblem(t(error));
      return;
    }
    setProblem(null);
    setAllocation(next);
    const box = outbox.current;
    box.wish = next;
    if (box.busy) return; // the cast in flight sends this wish when it returns
    box.busy = true;
    setSending(true);
    while (box.wish) {
      const wish = box.wish;
      box.wish = null;
      const reply = await live.castVote(motionId, wish);
      if (reply.ok) {
        box.confirmed = reply.allocation;
      } else {
        box.wish = null;
        setProblem(reply.error.message === "offline" ? t("dot_vote.offline") : reply.error.message);
      }
    }
    box.busy = false;
    setSending(false);
    setAllocation(box.confirmed);
  }

  return (
    <section className="card dot-vote" aria-labelledby="dot-vote-title">
      <h2 id="dot-vote-title">{open ? t("dot_vote.title_open") : t("dot_vote.title_closed")}</h2>
      <p className="muted">
        {t(rules.target === "clusters" ? "dot_vote.rules_clusters" : "dot_vote.rules_objectives", {
          dots: rules.dots,
          max: rules.maxPerItem,
        })}{" "}
        {rules.anonymous ? t("dot_vote.anonymous") : t("dot_vote.named")}
      </p>
      {open && (
        <p className="dot-vote__left" aria-live="polite">
          {spent === 1
            ? t("dot_vote.used_one", { dots: rules.dots })
            : t("dot_vote.used", { used: spent, dots: rules.dots })}
          {sending ? ` ${t("dot_vote.sending")}` : ""}
        </p>
      )}
      <p className="dot-vote__problem" role="alert">
        {problem}
      </p>
      {open && items.length === 0 && <p className="empty">{t("dot_vote.no_items")}</p>}
      {open && items.length > 0 && (
        <ul className="dot-vote__items">
          {items.map((item) => {
            const mine = allocation[item.id] ?? 0;
            const mayAdd = left > 0 && mine < rules.maxPerItem;
            return (
              <li key={item.id} className="dot-vote__item">
                <span className="dot-vote__label">{item.label}</span>
                <span className="dot-vote__controls">
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    aria-label={t("dot_vote.remove", { item: item.label })}
                    disabled={mine === 0}
                    onClick={() => void place(item.id, mine - 1)}
                  >
                    −
                  </button>
                  <span className="dot-vote__mine">
                    <Dots count={mine} label={t("dot_vote.mine", { count: mine })} />
                    <span className="visually-hidden">{t("dot_vote.mine", { count: mine })}</span>
                    <span aria-hidden="true">{mine}</span>
                  </span>
                  <button
                    type="button"
                    className="button button--small"
                    aria-label={t("dot_vote.add", { item: item.label })}
                    aria-disabled={!mayAdd}
                    onClick={() =>
                      mayAdd
                        ? void place(item.id, mine + 1)
                        : setProblem(
                            t(
                              left <= 0
                                ? "vote.error.too_many_dots"
                                : "vote.error.too_many_on_item",
                            ),
                          )
                    }
                  >
                    +
                  </button>
                </span>
                {tally && (
                  <span className="dot-vote__total">
                    {t("dot_vote.total", { count: totals[item.id] ?? 0 })}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {tally && (
        <p className="muted" aria-live="polite">
          {t("dot_vote.voters", { count: tally.voters })}
        </p>
      )}
      {!open && (
        <>
          <h3>{t("dot_vote.ranking")}</h3>
          {items.length === 0 ? (
            <p className="empty">{t("dot_vote.no_items")}</p>
          ) : (
            <ol className="dot-vote__ranking">
              {ranking(items, totals).map((item) => {
                const names = tally?.voterNames?.[item.id];
                return (
                  <li key={item.id}>
                    <strong>{item.label}</strong> — {t("dot_vote.total", { count: item.total })}
                    {!rules.anonymous && names && names.length > 0 && (
                      <span className="muted">
                        {" "}
                        ({names.map((name) => name || tKey("dot_vote.anonymous_voter")).join(", ")})
                      </span>
                    )}
                  </li>
                );
              })}
            </ol>
          )}
        </>
      )}
    </section>
  );
}

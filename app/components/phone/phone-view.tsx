// A remote contributor's meeting on a phone: the step and timer, a card to write, the cards they
// wrote (editable while writing is open), what the facilitator shows, and the dot vote.
import { useEffect, useId, useState } from "react";
import * as Y from "yjs";
import { BOARD_MAPS, putCard, type BoardSnapshot } from "../../../core/board";
import { capabilitiesOf, type LiveState } from "../../../core/live";
import { useBoardDoc } from "../../collab/use-board-doc";
import { useLive } from "../../collab/use-live";
import { useI18n, type Translate } from "../../i18n/use-i18n";
import { DotVotePanel } from "../live/dot-vote-panel";
import { LiveBar } from "../live/live-bar";
import { SpotlightView } from "../live/spotlight-view";
import { useBoardRecords } from "../live/use-board-records";
import { loadMyCards, saveMyCards, type GuestProfile } from "./guest-storage";
import { SubmitOrCancel } from "../ui/form";

export const MAX_CARD_CHARS = 500;

/** Why this person cannot write now, or null if they can. */
function writingClosedReason(state: LiveState | null, t: Translate): string | null {
  if (!state) return t("phone.closed_connecting");
  if (capabilitiesOf(state).writing) return null;
  if (state.status === "draft") return t("phone.closed_not_started");
  if (state.status === "closed") return t("phone.closed_meeting_closed");
  if (state.boardLocked) return t("phone.closed_locked");
  return t("phone.closed_step");
}

/** Replaces a card's words in place (its Y.Text), keeping its place, cluster and author. */
function rewriteCard(doc: Y.Doc, cardId: string, text: string): boolean {
  const entry = doc.getMap(BOARD_MAPS.cards).get(cardId);
  const words = entry instanceof Y.Map ? entry.get("text") : null;
  if (!(words instanceof Y.Text)) return false;
  doc.transact(() => {
    words.delete(0, words.length);
    words.insert(0, text);
  });
  return true;
}

/**
 * Cards written while this device could not reach the server: the provider keeps and resends them
 * on its own, and they stop being pending once it has synced with the server again.
 */
function usePendingCards(board: ReturnType<typeof useBoardDoc>) {
  const [pending, setPending] = useState<string[]>([]);
  const provider = board?.provider;
  useEffect(() => {
    if (!provider) return;
    const onSync = (synced: boolean) => {
      if (synced) setPending([]);
    };
    provider.on("sync", onSync);
    return () => provider.off("sync", onSync);
  }, [provider]);
  const online = () => Boolean(provider?.wsconnected && provider.synced);
  return {
    pending,
    wrote(cardId: string) {
      if (!online()) setPending((ids) => [...ids, cardId]);
    },
  };
}

function CardComposer({
  reason,
  onWrite,
}: {
  reason: string | null;
  onWrite: (text: string) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [text, setText] = useState("");
  const [said, setSaid] = useState("");
  const closed = reason !== null;
  return (
    <form
      className="card phone__composer"
      onSubmit={(event) => {
        event.preventDefault();
        const words = text.trim();
        if (closed || words === "") return;
        onWrite(words);
        setText("");
        setSaid(t("phone.card_added"));
      }}
    >
      <label htmlFor={`${id}-card`} className="phone__composer-label">
        {t("phone.add_card")}
      </label>
      <textarea
        id={`${id}-card`}
        rows={4}
        maxLength={MAX_CARD_CHARS}
        value={text}
        disabled={closed}
        onChange={(event) => {
          setText(event.target.value);
          setSaid("");
        }}
        aria-describedby={`${id}-count ${closed ? `${id}-reason` : ""}`.trim()}
      />
      <p className="phone__counter" id={`${id}-count`}>
        {t("phone.chars", { count: text.length, max: MAX_CARD_CHARS })}
      </p>
      {closed && (
        <p className="phone__reason" id={`${id}-reason`}>
          {reason}
        </p>
      )}
      <button
        type="submit"
        className="button phone__big-button"
        disabled={closed || text.trim() === ""}
      >
        {t("phone.send_card")}
      </button>
      <p className="visually-hidden" role="status">
        {said}
      </p>
    </form>
  );
}

function MyCard({
  text,
  pending,
  editable,
  onSave,
}: {
  text: string;
  pending: boolean;
  editable: boolean;
  onSave: (text: string) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  if (draft !== null && editable) {
    return (
      <li className="phone__my-card">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const words = draft.trim();
            if (words) onSave(words);
            setDraft(null);
          }}
        >
          <label htmlFor={`${id}-edit`} className="visually-hidden">
            {t("phone.edit_label")}
          </label>
          <textarea
            id={`${id}-edit`}
            rows={3}
            maxLength={MAX_CARD_CHARS}
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
          />
          <SubmitOrCancel submit={t("common.save")} onCancel={() => setDraft(null)} />
        </form>
      </li>
    );
  }
  return (
    <li className="phone__my-card">
      <p>{text}</p>
      <div className="actions">
        {pending && <span className="badge phone__pending">{t("phone.pending")}</span>}
        {editable && (
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => setDraft(text)}
          >
            {t("phone.edit")}
            <span className="visually-hidden">: {text.slice(0, 40)}</span>
          </button>
        )}
      </div>
    </li>
  );
}

function MyCards({
  ids,
  board,
  pending,
  editable,
  onSave,
}: {
  ids: string[];
  board: BoardSnapshot;
  pending: string[];
  editable: boolean;
  onSave: (cardId: string, text: string) => void;
}) {
  const { t } = useI18n();
  const cards = ids
    .map((id) => board.cards.find((card) => card.id === id))
    .filter((card): card is NonNullable<typeof card> => Boolean(card));
  return (
    <section className="card" aria-labelledby="my-cards-title">
      <h2 id="my-cards-title">{t("phone.my_cards")}</h2>
      {cards.length === 0 ? (
        <p className="empty">{t("phone.my_cards_empty")}</p>
      ) : (
        <ul className="phone__my-cards">
          {cards.map((card) => (
            <MyCard
              key={card.id}
              text={card.text}
              pending={pending.includes(card.id)}
              editable={editable}
              onSave={(text) => onSave(card.id, text)}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

export function PhoneView({
  meetingId,
  token,
  profile,
}: {
  meetingId: string;
  token: string;
  profile: GuestProfile;
}) {
  const { t } = useI18n();
  const live = useLive(meetingId, { token, ...profile });
  const board = useBoardDoc(meetingId, { token, guestKey: profile.guestKey });
  const snapshot = useBoardRecords(board?.doc);
  const { pending, wrote } = usePendingCards(board);
  const [myCards, setMyCards] = useState<string[]>([]);
  useEffect(() => setMyCards(loadMyCards(meetingId)), [meetingId]);

  if (live.removed === "removed_by_facilitator" || board?.refusedCode) {
    return (
      <div className="notice notice--error phone__removed" role="alert">
        <p>
          <strong>{t("phone.removed_title")}</strong>
        </p>
        <p>{t("phone.removed")}</p>
      </div>
    );
  }

  const state = live.state;
  const reason = writingClosedReason(state, t);
  const motion = state?.motion;
  const items =
    motion?.dotVote?.target === "objectives"
      ? snapshot.objectives.map((o) => ({ id: o.id, label: o.title }))
      : snapshot.clusters.map((c) => ({
          id: c.id,
          label: c.label || t("spotlight.untitled_cluster"),
        }));

  return (
    <div className="phone">
      <LiveBar live={live} />
      {/* Once in, a lost connection is the live bar's to say; an error before is a refusal. */}
      {live.error && !state && (
        <p className="notice notice--error" role="alert">
          {live.error}
        </p>
      )}
      <CardComposer
        reason={reason}
        onWrite={(text) => {
          if (!board) return;
          const cardId = crypto.randomUUID();
          putCard(board.doc, cardId, {
            text,
            authorLabel: profile.name,
            group: profile.group,
            createdAt: Date.now(),
          });
          wrote(cardId);
          const next = [...myCards, cardId];
          setMyCards(next);
          saveMyCards(meetingId, next);
        }}
      />
      {motion?.dotVote && <DotVotePanel live={live} items={items} />}
      <SpotlightView
        spotlight={state?.spotlight}
        board={
          // Cards the facilitator hid are shown to no one but them, spotlight included.
          state?.hiddenCards.length
            ? {
                ...snapshot,
                cards: snapshot.cards.filter((card) => !state.hiddenCards.includes(card.id)),
              }
            : snapshot
        }
      />
      <MyCards
        ids={myCards}
        board={snapshot}
        pending={pending}
        editable={reason === null}
        onSave={(cardId, text) => {
          if (board) rewriteCard(board.doc, cardId, text);
        }}
      />
    </div>
  );
}

// The same board as plain lists: each cluster a headed list of its cards, then the loose cards,
// each with the same actions menu. What phones and screen-reader users get, and anyone who asks.
import type { ReactNode } from "react";
import { useI18n } from "../../i18n/use-i18n";
import type { BoardLayout, ShownCard } from "./board-layout";
import { cardLabel, excerpt, groupClass, groupName } from "./card-text";
import type { OpenMenu } from "./item-menu";
import type { FedObjective } from "../sensemaking/card-trace";

interface Props {
  layout: BoardLayout;
  editingId: string | null;
  editor: ReactNode;
  spotlightId: string | null;
  dots: Record<string, number> | null;
  objectives: ReadonlyMap<string, FedObjective[]>;
  openMenu: (menu: OpenMenu) => void;
}

function anchorOf(element: HTMLElement): OpenMenu["anchor"] {
  const box = element.getBoundingClientRect();
  return { left: box.left, top: box.top, bottom: box.bottom };
}

function CardItem({ shown, props }: { shown: ShownCard; props: Props }) {
  const { t } = useI18n();
  const { card, faceDown, hidden } = shown;
  if (card.id === props.editingId) {
    return <li className="board-list__card board-list__card--editing">{props.editor}</li>;
  }
  const classes = ["board-list__card", groupClass(card.group)];
  if (hidden) classes.push("is-hidden");
  if (faceDown) classes.push("is-face-down");
  if (props.spotlightId === card.id) classes.push("is-spotlit");
  return (
    <li className={classes.join(" ")} data-card-id={card.id}>
      <div className="board-list__body">
        {faceDown ? (
          <p className="board-list__text">{t("board.card_face_down")}</p>
        ) : (
          <>
            <p className="board-list__text">{card.text}</p>
            <p className="board-list__meta">
              {groupName(t, card.group)} · {card.authorLabel || t("board.anonymous")}
              {card.inPerson ? ` · ${t("board.in_person")}` : ""}
              {hidden ? ` · ${t("board.menu.hide")}` : ""}
            </p>
          </>
        )}
      </div>
      <button
        type="button"
        className="button button--secondary button--small"
        aria-haspopup="menu"
        aria-label={t("board.actions_for", {
          text: faceDown ? t("board.card_face_down") : excerpt(card.text),
        })}
        data-item-id={card.id}
        title={cardLabel(t, shown)}
        onClick={(event) =>
          props.openMenu({ itemId: card.id, kind: "card", anchor: anchorOf(event.currentTarget) })
        }
      >
        {t("board.actions")}
      </button>
    </li>
  );
}

export function BoardList(props: Props) {
  const { t } = useI18n();
  const { layout } = props;
  return (
    <div className="board-list">
      {layout.clusters.map(({ cluster, cards }) => {
        const headingId = `list-cluster-${cluster.id}`;
        const dots = props.dots?.[cluster.id];
        const fed = props.objectives.get(cluster.id) ?? [];
        return (
          <section
            key={cluster.id}
            className={`board-list__cluster${props.spotlightId === cluster.id ? " is-spotlit" : ""}`}
            aria-labelledby={headingId}
          >
            <div className="board-list__head">
              <h2 id={headingId}>
                {cluster.label}{" "}
                <span className="board-list__count">
                  ({t("board.cluster_cards", { count: cards.length })}
                  {dots !== undefined ? `, ${t("board.dots", { count: dots })}` : ""})
                </span>
              </h2>
              <button
                type="button"
                className="button button--secondary button--small"
                aria-haspopup="menu"
                aria-label={t("board.cluster_actions_for", { label: cluster.label })}
                data-item-id={cluster.id}
                onClick={(event) =>
                  props.openMenu({
                    itemId: cluster.id,
                    kind: "cluster",
                    anchor: anchorOf(event.currentTarget),
                  })
                }
              >
                {t("board.actions")}
              </button>
            </div>
            {fed.length > 0 && (
              <p className="board-list__objectives">
                {t("board.trace.frame_feeds", {
                  objectives: fed.map((o) => t("board.quote", { text: o.title })).join(", "),
                })}
              </p>
            )}
            {cards.length === 0 ? (
              <p className="muted">{t("board.no_cards")}</p>
            ) : (
              <ul className="board-list__cards">
                {cards.map((shown) => (
                  <CardItem key={shown.card.id} shown={shown} props={props} />
                ))}
              </ul>
            )}
          </section>
        );
      })}
      <section className="board-list__cluster" aria-labelledby="list-loose">
        <div className="board-list__head">
          <h2 id="list-loose">
            {t("board.loose_cards")}{" "}
            <span className="board-list__count">
              ({t("board.cluster_cards", { count: layout.loose.length })})
            </span>
          </h2>
        </div>
        {layout.loose.length === 0 ? (
          <p className="muted">{t("board.no_cards")}</p>
        ) : (
          <ul className="board-list__cards">
            {layout.loose.map((shown) => (
              <CardItem key={shown.card.id} shown={shown} props={props} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

// What the facilitator is showing everyone (a card, a cluster, an objective, a part of the board),
// read from the board document so that the words are the current ones.
import type { BoardSnapshot } from "../../../core/board";
import type { Spotlight } from "../../../core/live";
import { useI18n } from "../../i18n/use-i18n";

export function SpotlightView({
  spotlight,
  board,
}: {
  spotlight: Spotlight | undefined;
  board: BoardSnapshot;
}) {
  const { t } = useI18n();
  let body: React.ReactNode;
  if (!spotlight || spotlight.kind === "none") {
    body = <p className="empty">{t("spotlight.none")}</p>;
  } else if (spotlight.kind === "area") {
    body = <p>{t("spotlight.area")}</p>;
  } else if (spotlight.kind === "card") {
    const card = board.cards.find((c) => c.id === spotlight.id);
    body = card ? (
      <blockquote className="spotlight__card">
        <p>{card.text}</p>
        {card.authorLabel && <footer className="muted">{card.authorLabel}</footer>}
      </blockquote>
    ) : (
      <p className="empty">{t("spotlight.missing")}</p>
    );
  } else if (spotlight.kind === "cluster") {
    const cluster = board.clusters.find((c) => c.id === spotlight.id);
    const cards = board.cards.filter((c) => c.clusterId === spotlight.id);
    body = cluster ? (
      <>
        <p className="spotlight__title">{cluster.label || t("spotlight.untitled_cluster")}</p>
        <ul className="list">
          {cards.map((card) => (
            <li key={card.id}>{card.text}</li>
          ))}
        </ul>
      </>
    ) : (
      <p className="empty">{t("spotlight.missing")}</p>
    );
  } else {
    const objective = board.objectives.find((o) => o.id === spotlight.id);
    body = objective ? (
      <>
        <p className="spotlight__title">{objective.title}</p>
        {objective.description && <p>{objective.description}</p>}
      </>
    ) : (
      <p className="empty">{t("spotlight.missing")}</p>
    );
  }
  return (
    <section className="card spotlight" aria-labelledby="spotlight-title">
      <h2 id="spotlight-title">{t("spotlight.title")}</h2>
      <div aria-live="polite">{body}</div>
    </section>
  );
}

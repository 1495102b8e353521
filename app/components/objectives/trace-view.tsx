// Where an objective comes from: how many voices by group, and its clusters with their cards
// (anonymous cards stay anonymous); and the meeting's cards that feed no objective.
import { Link } from "@remix-run/react";
import { useId } from "react";
import type { BoardCard } from "../../../core/board";
import type { ObjectiveTrace } from "../../../core/traceability";
import { useI18n } from "../../i18n/use-i18n";
import { CardLine } from "./controls";
import { useObjectives } from "./objectives-context";
import { traceAnchor, tracedClusters, voiceList, voicesOfCards, type VoiceCount } from "./trace";

export function VoiceCounts({ voices, label }: { voices: VoiceCount[]; label: string }) {
  const { t, formatNumber } = useI18n();
  if (voices.length === 0) return null;
  return (
    <ul className="voices" aria-label={label}>
      {voices.map((voice) => (
        <li key={voice.labelKey}>
          {t(voice.labelKey)}: <strong>{formatNumber(voice.count)}</strong>
        </li>
      ))}
    </ul>
  );
}

export function TraceView({ trace }: { trace: ObjectiveTrace }) {
  const { t, formatNumber } = useI18n();
  const { board, viewer } = useObjectives();
  const headingId = useId();
  const clusters = tracedClusters(board, trace.clusterIds);
  const cards = trace.cardIds.length;
  return (
    // The anchor a pact's table of objectives links to; focusable so that arriving there reads it.
    <section
      className="trace"
      aria-labelledby={headingId}
      id={traceAnchor(trace.objectiveId)}
      tabIndex={-1}
    >
      <h3 id={headingId}>{t("objectives.trace")}</h3>
      {clusters.length === 0 ? (
        <p className="empty">{t("objectives.trace_none")}</p>
      ) : (
        <>
          <p>
            {t("objectives.trace_summary", {
              voices: formatNumber(cards),
              clusters: formatNumber(clusters.length),
            })}
            {trace.inPerson > 0 &&
              ` ${t("objectives.trace_in_person", { count: formatNumber(trace.inPerson) })}`}
          </p>
          <VoiceCounts voices={voiceList(trace.voices)} label={t("objectives.voices_by_group")} />
          <details className="trace__details">
            <summary>{t("objectives.trace_show")}</summary>
            <ul className="trace__clusters">
              {clusters.map((cluster) => (
                <li key={cluster.id}>
                  <p className="trace__cluster">
                    <strong>{cluster.label || t("objectives.cluster_unnamed")}</strong>{" "}
                    <span className="muted">
                      (
                      {t("objectives.cluster_cards", { count: formatNumber(cluster.cards.length) })}
                      )
                    </span>
                  </p>
                  {cluster.cards.length === 0 ? (
                    <p className="empty">{t("board.no_cards")}</p>
                  ) : (
                    <ul
                      className="trace__cards"
                      aria-label={t("objectives.cluster_cards_list", {
                        label: cluster.label || t("objectives.cluster_unnamed"),
                      })}
                    >
                      {cluster.cards.map((card) => (
                        <CardLine key={card.id} card={card} viewer={viewer} />
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ul>
          </details>
        </>
      )}
    </section>
  );
}

/** The meeting's cards that feed no objective, with where each is now on the board. */
export function UnheardSection({
  cardIds,
  roundtableId,
}: {
  cardIds: readonly string[];
  roundtableId: string;
}) {
  const { t, formatNumber } = useI18n();
  const { board, viewer } = useObjectives();
  const byId = new Map(board.cards.map((c) => [c.id, c]));
  const clusterLabels = new Map(board.clusters.map((c) => [c.id, c.label]));
  const cards = cardIds.map((id) => byId.get(id)).filter((c): c is BoardCard => Boolean(c));
  return (
    <section className="card unheard" aria-labelledby="unheard-title">
      <h2 id="unheard-title">{t("objectives.unheard")}</h2>
      <p className="muted">{t("objectives.unheard_lead")}</p>
      {cards.length === 0 ? (
        <p className="empty">{t("objectives.unheard_none")}</p>
      ) : (
        <>
          <p>{t("objectives.unheard_count", { count: formatNumber(cards.length) })}</p>
          <VoiceCounts voices={voicesOfCards(cards)} label={t("objectives.voices_by_group")} />
          <ul className="trace__cards">
            {cards.map((card) => (
              <CardLine key={card.id} card={card} viewer={viewer}>
                {" · "}
                {card.clusterId
                  ? t("objectives.in_cluster", {
                      label: clusterLabels.get(card.clusterId) || t("objectives.cluster_unnamed"),
                    })
                  : t("objectives.not_clustered")}
              </CardLine>
            ))}
          </ul>
        </>
      )}
      <p>
        <Link to={`/roundtables/${roundtableId}/unheard`}>{t("objectives.unheard_all")}</Link>
      </p>
    </section>
  );
}

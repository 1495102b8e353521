// A motion's results: a table and the same in one sentence (read first by screen readers), and who
// voted what when the ballot is open.
import type { MotionResult, MotionView } from "../../../core/motions";
import type { Translate } from "../../i18n/use-i18n";
import { useI18n } from "../../i18n/use-i18n";

/** The result in one sentence, e.g. "Approvata: 3 sì, 0 no, 0 astenuti; quorum raggiunto." */
export function resultSummary(t: Translate, result: MotionResult, quorum: number): string {
  const outcome = t(`motions.outcome.${result.outcome}`);
  if (result.method === "approval") {
    const quorumText =
      quorum === 0
        ? t("motions.summary.no_quorum_needed")
        : result.quorumReached
          ? t("motions.summary.quorum_reached")
          : t("motions.summary.quorum_missed");
    return t("motions.summary.approval", {
      outcome,
      yes: result.yes,
      no: result.no,
      abstain: result.abstain,
      quorum: quorumText,
    });
  }
  if (result.method === "consent") {
    return t("motions.summary.consent", {
      outcome,
      open: result.openObjections,
      withdrawn: result.withdrawnObjections,
    });
  }
  const first = result.ranking[0];
  if (!first || first.dots === 0) return t("motions.summary.dot_vote_empty");
  return t("motions.summary.dot_vote", {
    first: first.title || first.objectiveId,
    dots: first.dots,
  });
}

export function MotionResults({ motion }: { motion: MotionView }) {
  const { t, formatNumber } = useI18n();
  const result = motion.results;
  if (!result) return null;
  const headingId = `motion-${motion.id}-results`;
  const open = motion.status === "open";
  return (
    <section className="motion__results" aria-labelledby={headingId}>
      <h4 id={headingId}>{open ? t("motions.results_provisional") : t("motions.results")}</h4>
      <p className="motion__summary">
        <strong>{resultSummary(t, result, motion.quorum)}</strong>
      </p>
      {result.method === "approval" && (
        <table>
          <caption className="visually-hidden">{t("motions.results")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("motions.choice")}</th>
              <th scope="col">{t("motions.count")}</th>
            </tr>
          </thead>
          <tbody>
            {(["yes", "no", "abstain"] as const).map((choice) => (
              <tr key={choice}>
                <th scope="row">{t(`motions.choice.${choice}`)}</th>
                <td>{formatNumber(result[choice])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result.method === "dot_vote" && (
        <table>
          <caption className="visually-hidden">{t("motions.results")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("motions.rank")}</th>
              <th scope="col">{t("motions.objective")}</th>
              <th scope="col">{t("motions.dots_count")}</th>
            </tr>
          </thead>
          <tbody>
            {result.ranking.map((item) => (
              <tr key={item.objectiveId}>
                <td>{formatNumber(item.rank)}</td>
                <th scope="row">{item.title || item.objectiveId}</th>
                <td>{formatNumber(item.dots)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {motion.ballots && motion.ballots.length > 0 && <Ballots motion={motion} />}
    </section>
  );
}

function Ballots({ motion }: { motion: MotionView }) {
  const { t, formatNumber } = useI18n();
  const titles = new Map(
    motion.target.kind === "objectives" ? motion.target.objectives.map((o) => [o.id, o.title]) : [],
  );
  const headingId = `motion-${motion.id}-ballots`;
  return (
    <>
      <h5 id={headingId}>{t("motions.ballots")}</h5>
      <table aria-labelledby={headingId}>
        <thead>
          <tr>
            <th scope="col">{t("motions.ballot_voter")}</th>
            <th scope="col">{t("motions.ballot_organization")}</th>
            <th scope="col">{t("motions.choice")}</th>
          </tr>
        </thead>
        <tbody>
          {motion.ballots!.map((ballot, index) => (
            <tr key={index}>
              <th scope="row">{ballot.voterName ?? "—"}</th>
              <td>{ballot.organizationName ?? "—"}</td>
              <td>
                {ballot.choice
                  ? t(`motions.choice.${ballot.choice}`)
                  : Object.entries(ballot.allocation ?? {})
                      .map(([id, dots]) =>
                        t("motions.ballot_allocation", {
                          dots: formatNumber(dots),
                          title: titles.get(id) || id,
                        }),
                      )
                      .join("; ")}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

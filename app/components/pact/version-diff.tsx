// Two versions of a pact side by side in one text: section by section, the words added and the
// words removed, marked with <ins>/<del> and named for screen readers (not by colour alone).
import type { SectionDiff } from "../../../core/pact/diff";
import { useI18n } from "../../i18n/use-i18n";

export function VersionDiff(props: { from: number; to: number; sections: SectionDiff[] }) {
  const { t } = useI18n();
  const changed = props.sections.filter((s) => s.status !== "same");
  return (
    <section className="card pact-diff" aria-labelledby="pact-diff-title">
      <h2 id="pact-diff-title">{t("pact.diff.heading", { from: props.from, to: props.to })}</h2>
      {changed.length === 0 ? (
        <p>{t("pact.diff.no_changes")}</p>
      ) : (
        <p className="muted">{t("pact.diff.summary", { count: changed.length })}</p>
      )}
      {props.sections.map((section) => (
        <section
          key={section.key}
          className={`pact-diff__section pact-diff__section--${section.status}`}
          aria-labelledby={`diff-${section.key}`}
        >
          <h3 id={`diff-${section.key}`}>
            {section.title} <span className="badge">{t(`pact.diff.${section.status}`)}</span>
          </h3>
          {section.status !== "same" && (
            <div className="pact-diff__text">
              {section.parts.map((part, index) =>
                part.kind === "same" ? (
                  <span key={index}>{part.text}</span>
                ) : part.kind === "added" ? (
                  <ins key={index}>
                    <span className="visually-hidden">[{t("pact.diff.inserted")} </span>
                    {part.text}
                    <span className="visually-hidden">]</span>
                  </ins>
                ) : (
                  <del key={index}>
                    <span className="visually-hidden">[{t("pact.diff.deleted")} </span>
                    {part.text}
                    <span className="visually-hidden">]</span>
                  </del>
                ),
              )}
            </div>
          )}
        </section>
      ))}
    </section>
  );
}

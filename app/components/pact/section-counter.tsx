// A section's live length against its limit: normal, a warning near it (≥ 90 %), an error over it.
import { limitState as stateOfSection } from "../../../core/pact/counting";
import { limitInCharacters, type SectionLimit } from "../../../core/pact/templates";
import { useI18n } from "../../i18n/use-i18n";

export { stateOfSection };

/** "1.234 di 3.500 caratteri · vicino al limite", in the page's locale. */
export function useCounterText() {
  const { t, formatNumber } = useI18n();
  return (count: number, limit: SectionLimit | null) => {
    if (!limit)
      return { amount: t("pact.counter.count", { count: formatNumber(count) }), note: "" };
    const max = limitInCharacters(limit);
    const state = stateOfSection(count, limit);
    const amount = t("pact.counter.count_of", {
      count: formatNumber(count),
      limit: formatNumber(max),
    });
    const note =
      state === "over"
        ? t("pact.counter.over", { excess: formatNumber(count - max) })
        : t(`pact.counter.${state}`);
    return { amount, note };
  };
}

export function SectionCounter(props: {
  count: number;
  limit: SectionLimit | null;
  id?: string;
  compact?: boolean;
}) {
  const text = useCounterText();
  const state = stateOfSection(props.count, props.limit);
  const { amount, note } = text(props.count, props.limit);
  return (
    <p
      id={props.id}
      className={`pact-counter pact-counter--${state}${props.compact ? " pact-counter--compact" : ""}`}
      data-state={state}
    >
      {state !== "ok" && (
        <span className="pact-counter__icon" aria-hidden="true">
          {state === "over" ? "⛔" : "⚠"}
        </span>
      )}
      <span className="pact-counter__amount">{amount}</span>
      {note && <span className="pact-counter__note"> · {note}</span>}
    </p>
  );
}

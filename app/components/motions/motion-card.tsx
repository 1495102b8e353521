// One motion on the motions page: what it is on and how it is voted, its state and results, and
// the forms the reader may use (vote, object, withdraw, close). Every form is a plain Remix form.
import { Form } from "@remix-run/react";
import type { MotionView } from "../../../core/motions";
import { FieldShell, TextAreaField, type FailureData } from "../ui/form";
import { useI18n } from "../../i18n/use-i18n";
import { MotionResults } from "./motion-results";

interface CardProps {
  motion: MotionView;
  /** The failed submission, when it was one of this motion's forms. */
  failure: FailureData | null;
  busy: boolean;
}

export function MotionCard({ motion, failure, busy }: CardProps) {
  const { t, formatDateTime, formatNumber } = useI18n();
  const headingId = `motion-${motion.id}-title`;
  const target = motion.target;
  const settings = [
    t(`motions.method.${motion.method}`),
    t(`motions.unit.${motion.votingUnit}`),
    motion.secret ? t("motions.settings_secret") : t("motions.settings_open"),
    ...(motion.hideResults ? [t("motions.settings_hidden")] : []),
    ...(motion.method === "approval" && motion.majority
      ? [t(`motions.majority.${motion.majority}`)]
      : []),
    ...(motion.method === "approval" && motion.quorum > 0
      ? [t("motions.settings_quorum", { quorum: motion.quorum })]
      : []),
    ...(motion.dots !== null ? [t("motions.settings_dots", { dots: motion.dots })] : []),
  ];

  return (
    <article className="card motion" aria-labelledby={headingId}>
      <h3 id={headingId} className="motion__title">
        {motion.title}
      </h3>
      <p className="motion__badges">
        <span className={`badge motion__status motion__status--${motion.status}`}>
          {t(`motions.status.${motion.status}`)}
        </span>{" "}
        {motion.outcome && (
          <span className={`badge motion__outcome motion__outcome--${motion.outcome}`}>
            {t(`motions.outcome.${motion.outcome}`)}
          </span>
        )}{" "}
        {target.kind === "version" && target.agreedAt && (
          <span className="badge motion__agreed">
            {t("motions.version_agreed_when", { when: formatDateTime(target.agreedAt) })}
          </span>
        )}
      </p>
      <p>
        {target.kind === "version"
          ? t("motions.on_version", { number: target.number, label: target.label })
          : t("motions.on_objectives", { title: target.meetingTitle })}
      </p>
      {target.kind === "objectives" && (
        <ul className="motion__objectives">
          {target.objectives.map((o) => (
            <li key={o.id}>{o.title || o.id}</li>
          ))}
        </ul>
      )}
      <p className="muted">{settings.join(" · ")}</p>
      <p className="muted">
        {motion.openedBy
          ? t("motions.opened_by", {
              name: motion.openedBy.name,
              when: formatDateTime(motion.openedAt),
            })
          : t("motions.opened_at", { when: formatDateTime(motion.openedAt) })}
        {motion.closedAt &&
          ` · ${
            motion.closedBy
              ? t("motions.closed_by", {
                  name: motion.closedBy.name,
                  when: formatDateTime(motion.closedAt),
                })
              : t("motions.closed_at", { when: formatDateTime(motion.closedAt) })
          }`}
      </p>
      {motion.method !== "consent" && (
        <p>
          {t("motions.participation", {
            participants: formatNumber(motion.participation.participants),
            entitled: formatNumber(motion.participation.entitled),
          })}
        </p>
      )}
      {motion.resultsHidden && <p className="notice notice--info">{t("motions.results_hidden")}</p>}
      <MotionResults motion={motion} />
      {motion.status === "open" && motion.method !== "consent" && (
        <MyVote motion={motion} failure={failure} busy={busy} />
      )}
      {motion.method === "consent" && <Objections motion={motion} failure={failure} busy={busy} />}
      {motion.me.mayManage && (
        <Form
          method="post"
          className="motion__close"
          onSubmit={(event) => {
            if (!window.confirm(t("motions.close.confirm", { title: motion.title }))) {
              event.preventDefault();
            }
          }}
        >
          <input type="hidden" name="intent" value="close" />
          <input type="hidden" name="motionId" value={motion.id} />
          <button type="submit" className="button button--danger" disabled={busy}>
            {t("motions.close.submit")}
          </button>
        </Form>
      )}
    </article>
  );
}

/** The reader's own vote: what they cast (when it can be shown) and the form to cast or change it. */
function MyVote({ motion, failure, busy }: CardProps) {
  const { t } = useI18n();
  const { me } = motion;
  const headingId = `motion-${motion.id}-vote`;
  const mine = me.ballot;
  let state: string | null = null;
  if (mine?.choice) state = t("motions.vote.yours", { choice: t(`motions.choice.${mine.choice}`) });
  else if (mine?.allocation) state = t("motions.vote.yours_dots");
  else if (me.voted && motion.votingUnit === "organization") {
    state = t("motions.vote.organization_voted");
  } else if (me.voted) state = t("motions.vote.voted_secret");
  if (!me.mayVote && !state) {
    return <p className="muted">{t("motions.vote.not_entitled")}</p>;
  }
  return (
    <section className="motion__vote" aria-labelledby={headingId}>
      <h4 id={headingId}>{t("motions.vote.heading")}</h4>
      {state && <p>{state}</p>}
      {me.mayVote && (
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="vote" />
          <input type="hidden" name="motionId" value={motion.id} />
          {motion.method === "approval" ? (
            <ChoiceGroup motion={motion} failure={failure} />
          ) : (
            <DotInputs motion={motion} failure={failure} />
          )}
          <button type="submit" className="button" disabled={busy}>
            {mine ? t("motions.vote.change") : t("motions.vote.submit")}
          </button>
        </Form>
      )}
    </section>
  );
}

function ChoiceGroup({ motion, failure }: { motion: MotionView; failure: FailureData | null }) {
  const { t, tKey } = useI18n();
  const id = `motion-${motion.id}-choice`;
  const errorKey = failure?.fields.choice;
  const chosen = failure?.values?.choice ?? motion.me.ballot?.choice ?? undefined;
  return (
    <fieldset
      className={["motion__choices", errorKey && "field--error"].filter(Boolean).join(" ")}
      aria-describedby={errorKey ? `${id}-error` : undefined}
    >
      <legend>{t("motions.vote.legend")}</legend>
      {(["yes", "no", "abstain"] as const).map((choice) => (
        <label key={choice} className="motion__choice">
          <input
            type="radio"
            name="choice"
            value={choice}
            defaultChecked={chosen === choice}
            required
          />{" "}
          {t(`motions.choice.${choice}`)}
        </label>
      ))}
      {errorKey && (
        <p className="field__error" id={`${id}-error`}>
          {tKey(errorKey)}
        </p>
      )}
    </fieldset>
  );
}

function DotInputs({ motion, failure }: { motion: MotionView; failure: FailureData | null }) {
  const { t, tKey } = useI18n();
  if (motion.target.kind !== "objectives") return null;
  const id = `motion-${motion.id}-allocation`;
  const errorKey = failure?.fields.allocation;
  const mine = motion.me.ballot?.allocation ?? {};
  return (
    <fieldset
      className={["motion__dots", errorKey && "field--error"].filter(Boolean).join(" ")}
      aria-describedby={errorKey ? `${id}-error` : undefined}
    >
      <legend>{t("motions.vote.dots_legend", { dots: motion.dots ?? 0 })}</legend>
      {errorKey && (
        <p className="field__error" id={`${id}-error`}>
          {tKey(errorKey)}
        </p>
      )}
      {motion.target.objectives.map((objective) => {
        const inputId = `${id}-${objective.id}`;
        const name = `dots.${objective.id}`;
        return (
          <FieldShell
            key={objective.id}
            id={inputId}
            label={t("motions.vote.dots_for", { title: objective.title || objective.id })}
          >
            <input
              id={inputId}
              name={name}
              type="number"
              inputMode="numeric"
              min={0}
              max={motion.dots ?? undefined}
              defaultValue={failure?.values?.[name] ?? String(mine[objective.id] ?? 0)}
              aria-invalid={errorKey ? true : undefined}
              aria-describedby={errorKey ? `${id}-error` : undefined}
            />
          </FieldShell>
        );
      })}
    </fieldset>
  );
}

function Objections({ motion, failure, busy }: CardProps) {
  const { t, formatDateTime } = useI18n();
  const headingId = `motion-${motion.id}-objections`;
  return (
    <section className="motion__objections" aria-labelledby={headingId}>
      <h4 id={headingId}>{t("motions.objections")}</h4>
      {motion.objections.length === 0 ? (
        <p className="empty">{t("motions.objections_empty")}</p>
      ) : (
        <ul className="list">
          {motion.objections.map((objection) => (
            <li key={objection.id} className={objection.withdrawnAt ? "motion__withdrawn" : ""}>
              <p>
                <strong>
                  {objection.organizationName
                    ? t("motions.objection.by_organization", {
                        name: objection.authorName,
                        organization: objection.organizationName,
                      })
                    : t("motions.objection.by", { name: objection.authorName })}
                </strong>{" "}
                <span className="muted">{formatDateTime(objection.raisedAt)}</span>
                {objection.withdrawnAt && (
                  <>
                    {" · "}
                    <span className="badge">
                      {t("motions.objection.withdrawn", {
                        when: formatDateTime(objection.withdrawnAt),
                      })}
                    </span>
                  </>
                )}
              </p>
              <p className="motion__reason">{objection.reason}</p>
              {objection.mine && !objection.withdrawnAt && motion.status === "open" && (
                <Form method="post">
                  <input type="hidden" name="intent" value="withdraw" />
                  <input type="hidden" name="motionId" value={motion.id} />
                  <input type="hidden" name="objectionId" value={objection.id} />
                  <button
                    type="submit"
                    className="button button--secondary button--small"
                    disabled={busy}
                  >
                    {t("motions.objection.withdraw")}
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
      {motion.me.mayObject && (
        <Form method="post" noValidate key={motion.objections.length}>
          <input type="hidden" name="intent" value="object" />
          <input type="hidden" name="motionId" value={motion.id} />
          <TextAreaField
            name="reason"
            label={t("motions.objection.reason")}
            hint={t("motions.objection.reason_hint")}
            required
            failure={failure}
            idPrefix={`motion-${motion.id}`}
            maxLength={1000}
          />
          <button type="submit" className="button" disabled={busy}>
            {t("motions.objection.submit")}
          </button>
        </Form>
      )}
    </section>
  );
}

// The form that opens a motion. Without JavaScript every field shows (each says when it applies);
// with it, only the fields of the chosen method and target.
import { useEffect, useState } from "react";
import { Form } from "@remix-run/react";
import { MAJORITIES, MOTION_METHODS, VOTING_UNITS, type MotionMethod } from "../../../core/motions";
import type { MotionTargets } from "../../../server/services/motions";
import { useI18n } from "../../i18n/use-i18n";
import { Field, SelectField, type FailureData } from "../ui/form";

export function OpenMotionForm(props: {
  targets: MotionTargets;
  /** Propose the text as it stands (the editor's «Invia al voto» leads here). */
  proposeCurrent: boolean;
  failure: FailureData | null;
  busy: boolean;
  /** Changes after each motion opened, so the form starts empty again. */
  resetKey: string;
}) {
  const { t, tKey } = useI18n();
  const { targets, failure } = props;
  const values = failure?.values ?? {};
  const [hydrated, setHydrated] = useState(false);
  const [method, setMethod] = useState<MotionMethod>(
    (MOTION_METHODS as readonly string[]).includes(values.method ?? "")
      ? (values.method as MotionMethod)
      : "approval",
  );
  const firstVersion = targets.versions[0];
  const [target, setTarget] = useState(
    values.target ??
      (firstVersion && !props.proposeCurrent ? `version:${firstVersion.id}` : "current"),
  );
  useEffect(() => setHydrated(true), []);
  const shows = (applies: boolean) => !hydrated || applies;

  // A text with sections over their limit says so; the server refuses to put it to a vote.
  const marked = (label: string, overLimit: readonly string[]) =>
    overLimit.length === 0
      ? label
      : t("motions.open.target_over", {
          target: label,
          titles: overLimit.map((title) => `«${title}»`).join(", "),
        });
  const targetOptions = [
    {
      value: "current",
      label: marked(t("motions.open.target_current"), targets.currentText.overLimit),
    },
    ...targets.versions.map((v) => ({
      value: `version:${v.id}`,
      label: marked(
        t(v.agreedAt ? "motions.open.target_version_agreed" : "motions.open.target_version", {
          number: v.number,
          label: v.label,
        }),
        v.overLimit,
      ),
    })),
    ...(targets.meetings.length > 0
      ? [{ value: "objectives", label: t("motions.open.target_objectives") }]
      : []),
  ];
  const objectivesError = failure?.fields.objectiveIds;
  const picked = new Set((values.objectiveIds ?? "").split("\n").filter(Boolean));
  const checkbox = (name: string, label: string) => (
    <div className="field motion-form__check">
      <label>
        <input type="checkbox" name={name} defaultChecked={values[name] === "on"} /> {label}
      </label>
    </div>
  );

  return (
    <Form
      method="post"
      noValidate
      key={props.resetKey}
      className="motion-form"
      onChange={(event) => {
        const control = event.target as HTMLSelectElement;
        if (control.name === "target") setTarget(control.value);
        if (control.name === "method") setMethod(control.value as MotionMethod);
      }}
    >
      <input type="hidden" name="intent" value="open" />
      <Field
        name="title"
        label={t("motions.open.title")}
        hint={t("motions.open.title_hint")}
        required
        failure={failure}
        idPrefix="motion-open"
        maxLength={200}
      />
      {targets.versions.length === 0 && <p className="muted">{t("motions.open.no_versions")}</p>}
      <SelectField
        name="target"
        label={t("motions.open.target")}
        required
        failure={failure}
        idPrefix="motion-open"
        defaultValue={target}
        options={targetOptions}
      />
      {targets.meetings.length > 0 && shows(target === "objectives") && (
        <fieldset
          className={["motion-form__objectives", objectivesError && "field--error"]
            .filter(Boolean)
            .join(" ")}
          aria-describedby={[
            "motion-open-objectives-hint",
            objectivesError && "motion-open-objectives-error",
          ]
            .filter(Boolean)
            .join(" ")}
        >
          <legend>{t("motions.open.objectives")}</legend>
          <p className="field__hint" id="motion-open-objectives-hint">
            {t("motions.open.objectives_hint")}
          </p>
          {objectivesError && (
            <p className="field__error" id="motion-open-objectives-error">
              {tKey(objectivesError)}
            </p>
          )}
          {targets.meetings.map((meeting) => (
            <fieldset key={meeting.id}>
              <legend>{t("motions.open.objectives_meeting", { title: meeting.title })}</legend>
              {meeting.objectives.map((objective) => {
                const value = `${meeting.id}|${objective.id}`;
                return (
                  <label key={objective.id} className="motion-form__objective">
                    <input
                      type="checkbox"
                      name="objectiveIds"
                      value={value}
                      defaultChecked={picked.has(value)}
                    />{" "}
                    {objective.title}
                  </label>
                );
              })}
            </fieldset>
          ))}
        </fieldset>
      )}
      <SelectField
        name="method"
        label={t("motions.open.method")}
        required
        failure={failure}
        idPrefix="motion-open"
        defaultValue={method}
        options={MOTION_METHODS.map((m) => ({ value: m, label: t(`motions.method.${m}`) }))}
      />
      <SelectField
        name="votingUnit"
        label={t("motions.open.voting_unit")}
        required
        failure={failure}
        idPrefix="motion-open"
        options={VOTING_UNITS.map((u) => ({ value: u, label: t(`motions.unit.${u}`) }))}
      />
      {checkbox("secret", t("motions.open.secret"))}
      {checkbox("hideResults", t("motions.open.hide_results"))}
      {shows(method === "approval") && (
        <>
          <Field
            name="quorum"
            type="number"
            label={t("motions.open.quorum")}
            hint={t("motions.open.quorum_hint")}
            failure={failure}
            idPrefix="motion-open"
            defaultValue="0"
          />
          <SelectField
            name="majority"
            label={t("motions.open.majority")}
            hint={t("motions.open.majority_hint")}
            failure={failure}
            idPrefix="motion-open"
            options={MAJORITIES.map((m) => ({ value: m, label: t(`motions.majority.${m}`) }))}
          />
        </>
      )}
      {shows(method === "dot_vote") && (
        <Field
          name="dots"
          type="number"
          label={t("motions.open.dots")}
          hint={t("motions.open.dots_hint")}
          failure={failure}
          idPrefix="motion-open"
          defaultValue="3"
        />
      )}
      <button type="submit" className="button" disabled={props.busy}>
        {t("motions.open.submit")}
      </button>
    </Form>
  );
}

// One action under an objective, co-edited on the board document: who it is for, where, which
// organisations, its indicators, resources and timeline. Every field saves through
// core/sensemaking.ts; what the document would refuse is flagged in place and kept as typed.
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { INDICATOR_KINDS, type BoardAction, type IndicatorKind } from "../../../core/board";
import {
  MAX_DESCRIPTION,
  MAX_INDICATOR_VALUE,
  MAX_PLACE,
  MAX_SHORT_FIELD,
  MAX_TITLE,
  deleteAction,
  putIndicator,
  putMilestone,
  removeIndicator,
  removeMilestone,
  updateAction,
  type ActionChange,
} from "../../../core/sensemaking";
import { newBoardId } from "../../../core/board-ops";
import { useI18n } from "../../i18n/use-i18n";
import { FieldShell, OptionList } from "../ui/form";
import { AddForm, ConfirmDelete, IdChecks, RemoveButton } from "./controls";
import { timelineProblem } from "./field-values";
import {
  AmountField,
  ChoiceField,
  CollabTextField,
  DayField,
  problemOf,
  useEcho,
  type Problem,
} from "./fields";
import { useObjectives } from "./objectives-context";
import { readText } from "./use-objectives-board";

/** The longest milestone label the document takes (core/sensemaking.ts putMilestone). */
const MAX_MILESTONE_LABEL = 200;

function useActionWriter(action: BoardAction) {
  const { doc } = useObjectives();
  return useMemo(
    () => ({
      update: (change: ActionChange) => updateAction(doc, action.id, change),
      reader:
        (...keys: string[]) =>
        () =>
          readText(doc, ["actions", action.id, ...keys]),
    }),
    [doc, action.id],
  );
}

export function ActionEditor(props: {
  action: BoardAction;
  position: number;
  /** After the action was deleted: where the focus should go. */
  onDeleted: () => void;
}) {
  const { action } = props;
  const { t } = useI18n();
  const { doc, editable, announce } = useObjectives();
  const { update, reader } = useActionWriter(action);
  const headingId = useId();
  return (
    <article className="action" aria-labelledby={headingId}>
      <h4 id={headingId}>
        {t("objectives.action_heading", { n: props.position, title: action.title })}
      </h4>
      <div className="objectives__row">
        <CollabTextField
          label={t("objectives.action_title")}
          value={action.title}
          read={reader("title")}
          save={(title) => update({ title })}
          editable={editable}
          max={MAX_TITLE}
          required
        />
        <CollabTextField
          label={t("objectives.target_group")}
          hint={t("objectives.target_group_hint")}
          value={action.targetGroup}
          read={reader("targetGroup")}
          save={(targetGroup) => update({ targetGroup })}
          editable={editable}
          max={MAX_SHORT_FIELD}
        />
      </div>
      <CollabTextField
        label={t("objectives.action_description")}
        value={action.description ?? ""}
        read={reader("description")}
        save={(description) => update({ description })}
        editable={editable}
        max={MAX_DESCRIPTION}
        multiline
      />
      <PlacesEditor action={action} />
      <OrganizationsEditor action={action} />
      <IndicatorsEditor action={action} />
      <ResourcesEditor action={action} />
      <TimelineEditor action={action} />
      {editable && (
        <ConfirmDelete
          label={t("objectives.action_delete", { title: action.title })}
          question={t("objectives.action_delete_question", { title: action.title })}
          onConfirm={() => {
            deleteAction(doc, action.id);
            announce(t("objectives.announce.action_deleted", { title: action.title }));
            props.onDeleted();
          }}
        />
      )}
    </article>
  );
}

function PlacesEditor({ action }: { action: BoardAction }) {
  const { t } = useI18n();
  const { editable, announce } = useObjectives();
  const { update } = useActionWriter(action);
  const addInput = useRef<HTMLInputElement>(null);
  const places = action.places;
  return (
    <fieldset className="places">
      <legend>{t("objectives.places")}</legend>
      {places.length === 0 && <p className="empty">{t("objectives.places_none")}</p>}
      {places.length > 0 && (
        <ul className="plain-list">
          {places.map((place, i) => (
            <li key={i} className="list-row">
              <CollabTextField
                label={t("objectives.place_n", { n: i + 1 })}
                value={place}
                save={(text) => update({ places: places.map((p, j) => (j === i ? text : p)) })}
                editable={editable}
                max={MAX_PLACE}
                required
              />
              {editable && (
                <RemoveButton
                  what={t("objectives.place_n", { n: i + 1 })}
                  onRemove={() => {
                    update({ places: places.filter((_, j) => j !== i) });
                    announce(t("objectives.announce.place_removed", { place }));
                    addInput.current?.focus();
                  }}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <AddForm
          label={t("objectives.place_new")}
          submit={t("objectives.place_add")}
          max={MAX_PLACE}
          inputRef={addInput}
          onAdd={(text) => {
            update({ places: [...places, text] });
            announce(t("objectives.announce.place_added", { place: text.trim() }));
          }}
        />
      )}
    </fieldset>
  );
}

function OrganizationsEditor({ action }: { action: BoardAction }) {
  const { t } = useI18n();
  const { editable, organizations } = useObjectives();
  const { update } = useActionWriter(action);
  const names = new Map(organizations.map((o) => [o.id, o.name]));
  const responsible = action.responsibleOrganizationId;
  const options = [
    { value: "", label: t("objectives.no_organization") },
    ...organizations.map((o) => ({ value: o.id, label: o.name })),
  ];
  if (responsible && !names.has(responsible)) {
    options.push({ value: responsible, label: t("objectives.organization_gone") });
  }
  const [partners, showPartners] = useEcho(action.partnerOrganizationIds);
  return (
    <fieldset className="organizations">
      <legend>{t("objectives.organizations")}</legend>
      {organizations.length === 0 && <p className="muted">{t("objectives.organizations_none")}</p>}
      <ChoiceField
        label={t("objectives.responsible")}
        value={responsible ?? ""}
        options={options}
        save={(id) => update({ responsibleOrganizationId: id || null })}
        editable={editable}
        optional
      />
      <fieldset className="checks">
        <legend>{t("objectives.partners")}</legend>
        {editable && organizations.length > 0 ? (
          <IdChecks
            items={organizations.map((o) => ({ id: o.id, label: o.name }))}
            chosen={partners}
            onChange={(next) => {
              update({ partnerOrganizationIds: next });
              showPartners(next);
            }}
          />
        ) : partners.length === 0 ? (
          <p className="empty">{t("objectives.partners_none")}</p>
        ) : (
          <ul className="plain-list">
            {partners.map((id) => (
              <li key={id}>{names.get(id) ?? t("objectives.organization_gone")}</li>
            ))}
          </ul>
        )}
      </fieldset>
    </fieldset>
  );
}

function useKindOptions() {
  const { t } = useI18n();
  return INDICATOR_KINDS.map((kind) => ({
    value: kind,
    label: t(`objectives.indicator_kind.${kind}`),
  }));
}

function IndicatorsEditor({ action }: { action: BoardAction }) {
  const { t } = useI18n();
  const { doc, editable, announce } = useObjectives();
  const { reader } = useActionWriter(action);
  const kinds = useKindOptions();
  const [newKind, setNewKind] = useState<IndicatorKind>("output");
  const kindId = useId();
  const addInput = useRef<HTMLInputElement>(null);
  return (
    <fieldset className="indicators">
      <legend>{t("objectives.indicators")}</legend>
      {action.indicators.length === 0 && <p className="empty">{t("objectives.indicators_none")}</p>}
      {action.indicators.map((indicator, i) => {
        const put = (fields: Parameters<typeof putIndicator>[3]) =>
          putIndicator(doc, action.id, indicator.id, fields);
        return (
          <fieldset key={indicator.id} className="indicator">
            <legend>{t("objectives.indicator_n", { n: i + 1 })}</legend>
            <div className="objectives__row">
              <ChoiceField
                label={t("objectives.indicator_kind")}
                value={indicator.kind}
                options={kinds}
                save={(kind) => put({ kind: kind as IndicatorKind })}
                editable={editable}
              />
              <CollabTextField
                label={t("objectives.indicator_measure")}
                value={indicator.measure}
                read={reader("indicators", indicator.id, "measure")}
                save={(measure) => put({ measure })}
                editable={editable}
                max={MAX_SHORT_FIELD}
                required
                className="field--wide"
              />
            </div>
            <div className="objectives__row">
              <CollabTextField
                label={t("objectives.indicator_baseline")}
                value={indicator.baseline}
                read={reader("indicators", indicator.id, "baseline")}
                save={(baseline) => put({ baseline })}
                editable={editable}
                max={MAX_INDICATOR_VALUE}
              />
              <CollabTextField
                label={t("objectives.indicator_target")}
                value={indicator.target}
                read={reader("indicators", indicator.id, "target")}
                save={(target) => put({ target })}
                editable={editable}
                max={MAX_INDICATOR_VALUE}
              />
            </div>
            {editable && (
              <RemoveButton
                what={t("objectives.indicator_n", { n: i + 1 })}
                onRemove={() => {
                  removeIndicator(doc, action.id, indicator.id);
                  announce(t("objectives.announce.indicator_removed"));
                  addInput.current?.focus();
                }}
              />
            )}
          </fieldset>
        );
      })}
      {editable && (
        <AddForm
          className="add-form--indicator"
          label={t("objectives.indicator_new_measure")}
          submit={t("objectives.indicator_add")}
          max={MAX_SHORT_FIELD}
          inputRef={addInput}
          extra={
            <FieldShell id={kindId} label={t("objectives.indicator_new_kind")}>
              <select
                id={kindId}
                value={newKind}
                onChange={(event) => setNewKind(event.target.value as IndicatorKind)}
              >
                <OptionList options={kinds} />
              </select>
            </FieldShell>
          }
          onAdd={(measure) => {
            putIndicator(doc, action.id, newBoardId(), { kind: newKind, measure });
            announce(t("objectives.announce.indicator_added"));
          }}
        />
      )}
    </fieldset>
  );
}

function ResourcesEditor({ action }: { action: BoardAction }) {
  const { t, locale, formatNumber } = useI18n();
  const { editable } = useObjectives();
  const { update, reader } = useActionWriter(action);
  const euro = useMemo(
    () => new Intl.NumberFormat(locale, { style: "currency", currency: "EUR" }),
    [locale],
  );
  const { resources } = action;
  return (
    <fieldset className="resources">
      <legend>{t("objectives.resources")}</legend>
      <div className="objectives__row">
        <AmountField
          label={t("objectives.staff_hours")}
          value={resources.staffHours}
          save={(staffHours) => update({ resources: { staffHours } })}
          editable={editable}
          format={(hours) => t("objectives.hours_value", { hours: formatNumber(hours) })}
        />
        <AmountField
          label={t("objectives.euros")}
          value={resources.euros}
          save={(euros) => update({ resources: { euros } })}
          editable={editable}
          format={(amount) => euro.format(amount)}
        />
      </div>
      <CollabTextField
        label={t("objectives.funding_source")}
        value={resources.fundingSource}
        read={reader("resources", "fundingSource")}
        save={(fundingSource) => update({ resources: { fundingSource } })}
        editable={editable}
        max={MAX_SHORT_FIELD}
      />
    </fieldset>
  );
}

type TimelineEnd = "start" | "end";

function TimelineEditor({ action }: { action: BoardAction }) {
  const { t } = useI18n();
  const { doc, editable, announce } = useObjectives();
  const { update } = useActionWriter(action);
  const stored = { start: action.timeline.start ?? "", end: action.timeline.end ?? "" };
  // Days typed but not stored (an end before the start), until they are fixed.
  const [typed, setTyped] = useState<Partial<Record<TimelineEnd, string>>>({});
  const [problem, setProblem] = useState<{ at: TimelineEnd; problem: Problem } | null>(null);
  const shown = { start: typed.start ?? stored.start, end: typed.end ?? stored.end };
  const addInput = useRef<HTMLInputElement>(null);
  const [newDate, setNewDate] = useState("");
  const newDateId = useId();

  // Once the document holds what was typed, show the document again.
  useEffect(() => {
    if (problem) return;
    if ((typed.start ?? stored.start) === stored.start && (typed.end ?? stored.end) === stored.end)
      setTyped({});
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stored.start, stored.end, problem]);

  const change = (at: TimelineEnd, value: string) => {
    const next = { ...shown, [at]: value };
    setTyped(next);
    const found = timelineProblem(next.start || null, next.end || null);
    if (found) {
      setProblem({ at, problem: { kind: found } });
      return;
    }
    try {
      update({ timeline: { start: next.start || null, end: next.end || null } });
      setProblem(null);
    } catch (error) {
      setProblem({ at, problem: problemOf(error) });
    }
  };

  return (
    <fieldset className="timeline">
      <legend>{t("objectives.timeline")}</legend>
      <div className="objectives__row">
        <DayField
          label={t("objectives.start")}
          value={shown.start}
          onChange={(value) => change("start", value)}
          problem={problem?.at === "start" ? problem.problem : null}
          editable={editable}
        />
        <DayField
          label={t("objectives.end")}
          value={shown.end}
          onChange={(value) => change("end", value)}
          problem={problem?.at === "end" ? problem.problem : null}
          editable={editable}
        />
      </div>
      <fieldset className="milestones">
        <legend>{t("objectives.milestones")}</legend>
        {action.timeline.milestones.length === 0 && (
          <p className="empty">{t("objectives.milestones_none")}</p>
        )}
        {action.timeline.milestones.map((milestone, i) => (
          <MilestoneEditor
            key={milestone.id}
            action={action}
            milestone={milestone}
            position={i + 1}
            onRemoved={() => addInput.current?.focus()}
          />
        ))}
        {editable && (
          <AddForm
            className="add-form--milestone"
            label={t("objectives.milestone_new")}
            submit={t("objectives.milestone_add")}
            max={MAX_MILESTONE_LABEL}
            inputRef={addInput}
            extra={
              <FieldShell id={newDateId} label={t("objectives.milestone_new_date")} optional>
                <input
                  id={newDateId}
                  type="date"
                  value={newDate}
                  onChange={(event) => setNewDate(event.target.value)}
                />
              </FieldShell>
            }
            onAdd={(label) => {
              putMilestone(doc, action.id, newBoardId(), { label, date: newDate || null });
              setNewDate("");
              announce(t("objectives.announce.milestone_added"));
            }}
          />
        )}
      </fieldset>
    </fieldset>
  );
}

function MilestoneEditor(props: {
  action: BoardAction;
  milestone: BoardAction["timeline"]["milestones"][number];
  position: number;
  onRemoved: () => void;
}) {
  const { action, milestone } = props;
  const { t } = useI18n();
  const { doc, editable, announce } = useObjectives();
  const { reader } = useActionWriter(action);
  const [typed, setTyped] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  useEffect(() => {
    if (typed !== null && !problem && (typed || null) === milestone.date) setTyped(null);
  }, [milestone.date, typed, problem]);
  return (
    <fieldset className="milestone">
      <legend>{t("objectives.milestone_n", { n: props.position })}</legend>
      <div className="objectives__row">
        <CollabTextField
          label={t("objectives.milestone_label")}
          value={milestone.label}
          read={reader("timeline", "milestones", milestone.id, "label")}
          save={(label) => putMilestone(doc, action.id, milestone.id, { label })}
          editable={editable}
          max={MAX_MILESTONE_LABEL}
          required
        />
        <DayField
          label={t("objectives.milestone_date")}
          value={typed ?? milestone.date ?? ""}
          problem={problem}
          editable={editable}
          onChange={(value) => {
            setTyped(value);
            try {
              putMilestone(doc, action.id, milestone.id, { date: value || null });
              setProblem(null);
            } catch (error) {
              setProblem(problemOf(error));
            }
          }}
        />
      </div>
      {editable && (
        <RemoveButton
          what={t("objectives.milestone_n", { n: props.position })}
          onRemove={() => {
            removeMilestone(doc, action.id, milestone.id);
            announce(t("objectives.announce.milestone_removed"));
            props.onRemoved();
          }}
        />
      )}
    </fieldset>
  );
}

// One objective of a meeting: its words, policy area and clusters, co-edited on the board
// document; its priority from the dot vote; where it comes from; and the actions under it.
import { useId, useRef } from "react";
import type { BoardObjective } from "../../../core/board";
import { newBoardId } from "../../../core/board-ops";
import {
  MAX_DESCRIPTION,
  MAX_TITLE,
  addAction,
  deleteObjective,
  updateObjective,
} from "../../../core/sensemaking";
import type { ObjectiveTrace } from "../../../core/traceability";
import { useI18n } from "../../i18n/use-i18n";
import { ActionEditor } from "./action-editor";
import { AddForm, ConfirmDelete, IdChecks } from "./controls";
import { ChoiceField, CollabTextField, policyAreaOptions, useEcho } from "./fields";
import { useObjectives } from "./objectives-context";
import { TraceView } from "./trace-view";
import { readText } from "./use-objectives-board";

export interface Priority {
  dots: number;
  rank: number;
}

export function ObjectivePanel(props: {
  objective: BoardObjective;
  position: number;
  trace: ObjectiveTrace;
  priority: Priority | null;
  /** After the objective was deleted: where the focus should go. */
  onDeleted: () => void;
}) {
  const { objective } = props;
  const { t, formatNumber } = useI18n();
  const { doc, board, editable, policyAreas, announce } = useObjectives();
  const headingId = useId();
  const newAction = useRef<HTMLInputElement>(null);
  const read = (key: string) => () => readText(doc, ["objectives", objective.id, key]);
  const actions = board.actions.filter((a) => a.objectiveId === objective.id);

  const areaOptions = policyAreaOptions(policyAreas, t("objectives.policy_area_none"));
  if (objective.policyArea && !policyAreas.some((a) => a.key === objective.policyArea)) {
    areaOptions.push({
      value: objective.policyArea,
      label: t("objectives.policy_area_gone", { key: objective.policyArea }),
    });
  }

  return (
    <section className="card objective" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {t("objectives.objective_heading", { n: props.position, title: objective.title })}
      </h2>
      <p className="objective__priority">
        {!props.priority
          ? t("objectives.priority_none")
          : props.priority.dots === 1
            ? t("objectives.priority_one", { rank: formatNumber(props.priority.rank) })
            : t("objectives.priority", {
                dots: formatNumber(props.priority.dots),
                rank: formatNumber(props.priority.rank),
              })}
      </p>
      <CollabTextField
        label={t("objectives.objective_title")}
        value={objective.title}
        read={read("title")}
        save={(title) => updateObjective(doc, objective.id, { title })}
        editable={editable}
        max={MAX_TITLE}
        required
      />
      <CollabTextField
        label={t("objectives.objective_description")}
        value={objective.description ?? ""}
        read={read("description")}
        save={(description) => updateObjective(doc, objective.id, { description })}
        editable={editable}
        max={MAX_DESCRIPTION}
        multiline
      />
      <ChoiceField
        label={t("objectives.policy_area")}
        value={objective.policyArea ?? ""}
        options={areaOptions}
        save={(policyArea) =>
          updateObjective(doc, objective.id, { policyArea: policyArea || null })
        }
        editable={editable}
        optional
      />
      <ClusterLinks objective={objective} />
      <TraceView trace={props.trace} />

      <section className="objective__actions" aria-labelledby={`${headingId}-actions`}>
        <h3 id={`${headingId}-actions`}>{t("objectives.actions")}</h3>
        {actions.length === 0 && <p className="empty">{t("objectives.actions_none")}</p>}
        {actions.map((action, i) => (
          <ActionEditor
            key={action.id}
            action={action}
            position={i + 1}
            onDeleted={() => newAction.current?.focus()}
          />
        ))}
        {editable && (
          <AddForm
            label={t("objectives.action_new", { title: objective.title })}
            submit={t("objectives.action_add")}
            max={MAX_TITLE}
            inputRef={newAction}
            onAdd={(title) => {
              addAction(doc, { id: newBoardId(), objectiveId: objective.id, title });
              announce(t("objectives.announce.action_added", { title: title.trim() }));
            }}
          />
        )}
      </section>

      {editable && (
        <ConfirmDelete
          label={t("objectives.objective_delete", { title: objective.title })}
          question={t("objectives.objective_delete_question", {
            title: objective.title,
            count: formatNumber(actions.length),
          })}
          onConfirm={() => {
            deleteObjective(doc, objective.id);
            announce(t("objectives.announce.objective_deleted", { title: objective.title }));
            props.onDeleted();
          }}
        />
      )}
    </section>
  );
}

/** Which clusters of the board the objective comes from: link and unlink them. */
function ClusterLinks({ objective }: { objective: BoardObjective }) {
  const { t, formatNumber } = useI18n();
  const { doc, board, editable } = useObjectives();
  const counts = new Map<string, number>();
  for (const card of board.cards) {
    if (card.clusterId) counts.set(card.clusterId, (counts.get(card.clusterId) ?? 0) + 1);
  }
  const [linked, showLinked] = useEcho(objective.clusterIds);
  const clusters = [...board.clusters].sort((a, b) => a.label.localeCompare(b.label));
  const labelOf = (label: string, id: string) =>
    `${label || t("objectives.cluster_unnamed")} (${t("objectives.cluster_cards", {
      count: formatNumber(counts.get(id) ?? 0),
    })})`;
  return (
    <fieldset className="checks">
      <legend>{t("objectives.clusters")}</legend>
      {clusters.length === 0 ? (
        <p className="empty">{t("objectives.clusters_none")}</p>
      ) : editable ? (
        <IdChecks
          items={clusters.map((c) => ({ id: c.id, label: labelOf(c.label, c.id) }))}
          chosen={linked}
          onChange={(next) => {
            updateObjective(doc, objective.id, { clusterIds: next });
            showLinked(next);
          }}
        />
      ) : linked.length === 0 ? (
        <p className="empty">{t("objectives.clusters_unlinked")}</p>
      ) : (
        <ul className="plain-list">
          {clusters
            .filter((c) => linked.includes(c.id))
            .map((cluster) => (
              <li key={cluster.id}>{labelOf(cluster.label, cluster.id)}</li>
            ))}
        </ul>
      )}
    </fieldset>
  );
}

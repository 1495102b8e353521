// "Promuovi a obiettivo": one or more clusters become an objective, with a title (the cluster's
// label to start from), a description and a policy area of the tavolo's taxonomy.
import { useEffect, useId, useRef, useState } from "react";
import type { PolicyArea } from "../../../core/policy-areas";
import { MAX_DESCRIPTION, MAX_TITLE } from "../../../core/sensemaking";
import { useI18n } from "../../i18n/use-i18n";
import { policyAreaOptions } from "../objectives/fields";
import { FieldShell, OptionList, fieldAria } from "../ui/form";
import { DialogActions } from "../ui/modal-form";

export interface PromoteInput {
  title: string;
  description: string;
  policyArea: string | null;
}

interface Props {
  clusters: readonly { id: string; label: string }[];
  policyAreas: readonly PolicyArea[];
  /** Creates the objective; answers an error to show, or null when it was made. */
  onCreate: (input: PromoteInput) => string | null;
  /** The dialog closed (made or cancelled); focus goes back where the caller wants it. */
  onClose: () => void;
}

export function PromoteDialog({ clusters, policyAreas, onCreate, onClose }: Props) {
  const { t } = useI18n();
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const [title, setTitle] = useState(() =>
    clusters
      .map((c) => c.label)
      .filter(Boolean)
      .join(" · ")
      .slice(0, MAX_TITLE),
  );
  const [description, setDescription] = useState("");
  const [policyArea, setPolicyArea] = useState("");
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (!element.open) element.showModal();
    const input = element.querySelector<HTMLInputElement>(`#${CSS.escape(`${id}-title`)}`);
    input?.focus();
    input?.select();
    // No close() on unmount: it would fire `close`, and so onClose, after the caller moved on.
  }, [id]);

  return (
    <dialog
      ref={dialog}
      aria-labelledby={`${id}-heading`}
      aria-describedby={`${id}-lead`}
      onClose={onClose}
    >
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          const problem = onCreate({
            title,
            description,
            policyArea: policyArea === "" ? null : policyArea,
          });
          if (problem) setError(problem);
          else dialog.current?.close();
        }}
      >
        <h2 id={`${id}-heading`}>{t("board.promote.title")}</h2>
        <p id={`${id}-lead`} className="muted">
          {t("board.promote.from", {
            labels: clusters.map((c) => t("board.quote", { text: c.label })).join(", "),
          })}
        </p>
        <FieldShell id={`${id}-title`} label={t("board.promote.name")} error={error ?? undefined}>
          <input
            id={`${id}-title`}
            value={title}
            maxLength={MAX_TITLE}
            required
            {...fieldAria(`${id}-title`, { error })}
            onChange={(event) => {
              setTitle(event.target.value);
              setError(null);
            }}
          />
        </FieldShell>
        <FieldShell id={`${id}-description`} label={t("board.promote.description")} optional>
          <textarea
            id={`${id}-description`}
            rows={3}
            value={description}
            maxLength={MAX_DESCRIPTION}
            onChange={(event) => setDescription(event.target.value)}
          />
        </FieldShell>
        <FieldShell id={`${id}-area`} label={t("board.promote.policy_area")}>
          <select
            id={`${id}-area`}
            value={policyArea}
            onChange={(event) => setPolicyArea(event.target.value)}
          >
            <OptionList
              options={policyAreaOptions(policyAreas, t("board.promote.policy_area_none"))}
            />
          </select>
        </FieldShell>
        <DialogActions
          submit={t("board.promote.submit")}
          onCancel={() => dialog.current?.close()}
        />
      </form>
    </dialog>
  );
}

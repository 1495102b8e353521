// A small form in a modal <dialog> (styled by dialog.css): a heading, its fields, submit and
// "Annulla"; it opens on mount with the focus on one field and closes once the submit succeeds.
import { useEffect, useId, useRef, type FormEvent, type ReactNode } from "react";
import { useI18n } from "../../i18n/use-i18n";

export function ModalForm(props: {
  title: string;
  /** Applies the form; false keeps the dialog open (it shows its own errors). */
  onSubmit: () => boolean;
  /** The dialog closed, submitted or cancelled (Escape included). */
  onClose: () => void;
  /** The id of the field that takes the focus when the dialog opens. */
  focusId: string;
  children: ReactNode;
  /** A button between submit and "Annulla" (e.g. remove what the dialog edits). */
  extraAction?: ReactNode;
  submit: string;
}) {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const { focusId } = props;

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (!element.open) element.showModal();
    const input = element.querySelector<HTMLElement>(`#${CSS.escape(focusId)}`);
    input?.focus();
  }, [focusId]);

  return (
    <dialog ref={dialog} aria-labelledby={`${id}-heading`} onClose={props.onClose}>
      <form
        method="dialog"
        noValidate
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          if (props.onSubmit()) dialog.current?.close();
        }}
      >
        <h2 id={`${id}-heading`}>{props.title}</h2>
        {props.children}
        <DialogActions
          submit={props.submit}
          extraAction={props.extraAction}
          onCancel={() => dialog.current?.close()}
        />
      </form>
    </dialog>
  );
}

/** A dialog's buttons: submit, an optional extra action, and "Annulla" (which closes it). */
export function DialogActions(props: {
  submit: string;
  extraAction?: ReactNode;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  return (
    <div className="actions">
      <button type="submit" className="button">
        {props.submit}
      </button>
      {props.extraAction}
      <button type="button" className="button button--secondary" onClick={props.onCancel}>
        {t("common.cancel")}
      </button>
    </div>
  );
}

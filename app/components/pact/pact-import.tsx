// Importing a Word or LibreOffice file into the pact: a dialog that sends the file to
// /pacts/:id/import, then a summary of where each part of the file went. The text itself reaches
// every open editor through the pact's document, as any other change does.
import { useId, useRef, useState } from "react";
import { useI18n } from "../../i18n/use-i18n";
import { FieldShell, OptionList, fieldAria } from "../ui/form";
import { ModalForm } from "../ui/modal-form";

interface ImportSection {
  key: string;
  title: string;
}

/** A part of the file (its heading, empty before the first) and the section it replaced. */
interface Placement {
  title: string;
  section: string | null;
}

const WHOLE_PACT = "";
const FILE_TYPES =
  ".docx,.odt,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.oasis.opendocument.text";

/** The server's placements, or its message (null when it gave none: a network error, a 413). */
type ImportAnswer =
  { ok: true; placements: Placement[] } | { ok: false; tooLarge: boolean; message: string | null };

/** Sends the file as the raw body; the server reads its format from the name's extension. */
async function sendFile(pactId: string, file: File, sectionKey: string): Promise<ImportAnswer> {
  const query = new URLSearchParams({ name: file.name });
  if (sectionKey !== WHOLE_PACT) query.set("section", sectionKey);
  let response: Response;
  try {
    response = await fetch(`/pacts/${encodeURIComponent(pactId)}/import?${query}`, {
      method: "POST",
      body: file,
      headers: { "Content-Type": "application/octet-stream" },
    });
  } catch {
    return { ok: false, tooLarge: false, message: null };
  }
  const body = (await response.json().catch(() => null)) as {
    placements?: Placement[];
    error?: { message?: string };
  } | null;
  if (response.ok && Array.isArray(body?.placements))
    return { ok: true, placements: body.placements };
  // A 413 comes from the server's size check before the route, in English: ours says it better.
  if (response.status === 413) return { ok: false, tooLarge: true, message: null };
  return { ok: false, tooLarge: false, message: body?.error?.message ?? null };
}

function ImportDialog(props: {
  pactId: string;
  sections: ImportSection[];
  onImported: (placements: Placement[]) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const fileId = `${id}-file`;
  const targetId = `${id}-target`;
  const fileInput = useRef<HTMLInputElement>(null);
  const [target, setTarget] = useState(WHOLE_PACT);
  const [busy, setBusy] = useState(false);
  const [fileError, setFileError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const start = () => {
    if (busy) return false;
    const file = fileInput.current?.files?.[0];
    setFailure(null);
    if (!file || !/\.(docx|odt)$/i.test(file.name)) {
      setFileError(t(file ? "pact.import.wrong_kind" : "pact.import.no_file"));
      fileInput.current?.focus();
      return false;
    }
    setFileError(null);
    setBusy(true);
    void sendFile(props.pactId, file, target).then((answer) => {
      setBusy(false);
      if (answer.ok) props.onImported(answer.placements);
      else if (answer.tooLarge) setFailure(t("pact.import.too_large"));
      else setFailure(answer.message ?? t("pact.import.failed"));
    });
    // The dialog stays open until the server answers: an error shows here.
    return false;
  };

  return (
    <ModalForm
      title={t("pact.import.title")}
      submit={t("pact.import.submit")}
      onSubmit={start}
      onClose={props.onClose}
      focusId={fileId}
    >
      {failure && (
        <div className="notice notice--error" role="alert">
          <p>{failure}</p>
        </div>
      )}
      <FieldShell
        id={fileId}
        label={t("pact.import.file")}
        hint={t("pact.import.file_hint")}
        error={fileError ?? undefined}
      >
        <input
          ref={fileInput}
          id={fileId}
          type="file"
          accept={FILE_TYPES}
          required
          {...fieldAria(fileId, { hint: true, error: fileError })}
          onChange={() => {
            setFileError(null);
            setFailure(null);
          }}
        />
      </FieldShell>
      <FieldShell id={targetId} label={t("pact.import.target")}>
        <select id={targetId} value={target} onChange={(event) => setTarget(event.target.value)}>
          <OptionList
            options={[
              { value: WHOLE_PACT, label: t("pact.import.whole") },
              ...props.sections.map((s) => ({
                value: s.key,
                label: t("pact.import.section", { title: s.title }),
              })),
            ]}
          />
        </select>
      </FieldShell>
      <p role="status" className="muted">
        {busy ? t("pact.import.busy") : ""}
      </p>
    </ModalForm>
  );
}

function ImportSummary(props: { placements: Placement[]; sections: ImportSection[] }) {
  const { t } = useI18n();
  const titleOf = (key: string) => props.sections.find((s) => s.key === key)?.title ?? key;
  const single = props.placements.length === 1 && props.placements[0]!.title === "";
  return (
    <div className="notice notice--success pact-import__summary">
      <p>{t("pact.import.done")}</p>
      <ul>
        {props.placements.map((placement, index) => {
          const part = placement.title
            ? `«${placement.title}»`
            : t(single ? "pact.import.whole_file" : "pact.import.before_first");
          return (
            <li key={index}>
              {placement.section
                ? t("pact.import.placed", { part, section: titleOf(placement.section) })
                : t("pact.import.unplaced", { part })}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** The import button, its dialog, and the summary of the last import (announced politely). */
export function PactImport({ pactId, sections }: { pactId: string; sections: ImportSection[] }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [placements, setPlacements] = useState<Placement[] | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  return (
    <div className="pact-import">
      <button
        ref={button}
        type="button"
        className="button button--secondary"
        onClick={() => {
          setPlacements(null);
          setOpen(true);
        }}
      >
        {t("pact.import.open")}
      </button>
      <div role="status">
        {placements && <ImportSummary placements={placements} sections={sections} />}
      </div>
      {open && (
        <ImportDialog
          pactId={pactId}
          sections={sections}
          onImported={(result) => {
            setPlacements(result);
            close();
          }}
          onClose={close}
        />
      )}
    </div>
  );
}

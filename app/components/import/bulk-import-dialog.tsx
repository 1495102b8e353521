// "Importa schede da carta": the post-its of a room, pasted or read from a file, added to the board at once.
import { useDeferredValue, useId, useMemo, useRef, useState, type ChangeEvent } from "react";
import type * as Y from "yjs";
import {
  MAX_IMPORTED_CARD_LENGTH,
  parseCardImport,
  type CardImport,
  type ImportFormat,
} from "../../../core/card-import";
import { CONTRIBUTOR_GROUPS, type ContributorGroup } from "../../../core/domain";
import { useI18n, type Translate } from "../../i18n/use-i18n";
import { importCards } from "./import-cards";
import stylesHref from "./bulk-import-dialog.css?url";

/** The dialog's stylesheet, for the `links` of the route that mounts it. */
export const bulkImportStyles = stylesHref;

const PREVIEW_CARDS = 20;
/** A wrong file can yield a problem per line; the first ones are enough to see what is wrong. */
const PREVIEW_PROBLEMS = 50;
const MAX_FILE_MB = 2;

function delimiterName(t: Translate, delimiter: CardImport["delimiter"]): string {
  if (delimiter === ";") return t("import.delimiter_semicolon");
  if (delimiter === "\t") return t("import.delimiter_tab");
  return t("import.delimiter_comma");
}

function readAs(t: Translate, result: CardImport): string {
  if (result.format === "lines") return t("import.read_as_lines");
  return t(result.header ? "import.read_as_csv_header" : "import.read_as_csv", {
    delimiter: delimiterName(t, result.delimiter),
  });
}

export function BulkImportDialog({ doc }: { doc: Y.Doc }) {
  const { t, formatNumber } = useI18n();
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [input, setInput] = useState("");
  const [format, setFormat] = useState<ImportFormat>("auto");
  const [defaultGroup, setDefaultGroup] = useState<ContributorGroup>("other");
  const [fileError, setFileError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  // A pasted file of thousands of lines is parsed after the keystroke is painted, not during it.
  const deferredInput = useDeferredValue(input);
  const result = useMemo(
    () => parseCardImport(deferredInput, { defaultGroup, format }),
    [deferredInput, defaultGroup, format],
  );
  const count = result.cards.length;

  function open() {
    setAnnouncement("");
    dialog.current?.showModal();
    textarea.current?.focus();
  }

  function close() {
    dialog.current?.close();
  }

  function reset() {
    setInput("");
    setFormat("auto");
    setFileError(null);
  }

  async function readFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    if (file.size > MAX_FILE_MB * 1024 * 1024) {
      setFileError(t("import.file_too_big", { max: MAX_FILE_MB }));
      return;
    }
    try {
      const text = await file.text();
      setFileError(null);
      setInput(text);
      if (/\.csv$/i.test(file.name)) setFormat("csv");
    } catch {
      setFileError(t("import.file_unreadable"));
    }
  }

  function submit() {
    // Parse what is on screen now, not the deferred value, so the cards are the ones just typed.
    const { cards } = parseCardImport(input, { defaultGroup, format });
    if (cards.length === 0) return;
    importCards(doc, cards);
    setAnnouncement(
      cards.length === 1
        ? t("import.done_one")
        : t("import.done", { count: formatNumber(cards.length) }),
    );
    reset();
    close();
  }

  const countText =
    count === 0
      ? t("import.count_none")
      : count === 1
        ? t("import.count_one")
        : t("import.count", { count: formatNumber(count) });

  return (
    <div className="bulk-import">
      <button
        type="button"
        className="button button--secondary"
        ref={opener}
        aria-haspopup="dialog"
        onClick={open}
      >
        {t("import.open")}
      </button>
      <p className="bulk-import__status" role="status">
        {announcement}
      </p>
      <dialog
        ref={dialog}
        className="bulk-import__dialog"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-lead`}
        // Focus goes back where it was, whether closed by a button or by Escape.
        onClose={() => opener.current?.focus()}
      >
        <form
          method="dialog"
          className="bulk-import__form"
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <h2 id={`${id}-title`}>{t("import.title")}</h2>
          <p id={`${id}-lead`} className="muted">
            {t("import.lead")}
          </p>

          <div className="field">
            <label htmlFor={`${id}-text`}>{t("import.paste")}</label>
            <p className="field__hint" id={`${id}-text-hint`}>
              {t("import.paste_hint", { max: MAX_IMPORTED_CARD_LENGTH })}
            </p>
            <textarea
              id={`${id}-text`}
              ref={textarea}
              rows={8}
              value={input}
              aria-describedby={`${id}-text-hint`}
              onChange={(event) => {
                setInput(event.target.value);
                if (event.target.value === "") setFormat("auto");
              }}
            />
          </div>

          <div className={fileError ? "field field--error" : "field"}>
            <label htmlFor={`${id}-file`}>{t("import.file")}</label>
            <input
              id={`${id}-file`}
              type="file"
              accept=".csv,.txt,.tsv,text/csv,text/plain,text/tab-separated-values"
              aria-describedby={fileError ? `${id}-file-error` : undefined}
              onChange={(event) => void readFile(event)}
            />
            {fileError && (
              <p className="field__error" id={`${id}-file-error`} role="alert">
                {fileError}
              </p>
            )}
          </div>

          <div className="bulk-import__options">
            <div className="field">
              <label htmlFor={`${id}-format`}>{t("import.format")}</label>
              <select
                id={`${id}-format`}
                value={format}
                onChange={(event) => setFormat(event.target.value as ImportFormat)}
              >
                <option value="auto">{t("import.format_auto")}</option>
                <option value="lines">{t("import.format_lines")}</option>
                <option value="csv">{t("import.format_csv")}</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-group`}>{t("import.default_group")}</label>
              <p className="field__hint" id={`${id}-group-hint`}>
                {t("import.default_group_hint")}
              </p>
              <select
                id={`${id}-group`}
                value={defaultGroup}
                aria-describedby={`${id}-group-hint`}
                onChange={(event) => setDefaultGroup(event.target.value as ContributorGroup)}
              >
                {CONTRIBUTOR_GROUPS.map((group) => (
                  <option key={group} value={group}>
                    {t(`import.group.${group}`)}
                  </option>
                ))}
              </select>
            </div>
          </div>

          <section className="bulk-import__preview" aria-labelledby={`${id}-preview`}>
            <h3 id={`${id}-preview`}>{t("import.preview")}</h3>
            <p aria-live="polite">
              <strong>{countText}</strong>
              {count > 0 && <> {readAs(t, result)}</>}
              {count > PREVIEW_CARDS && <> {t("import.showing_first", { shown: PREVIEW_CARDS })}</>}
            </p>
            {count > 0 && (
              <ol className="bulk-import__cards">
                {result.cards.slice(0, PREVIEW_CARDS).map((card) => (
                  <li key={card.line}>
                    <span className="bulk-import__text">{card.text}</span>{" "}
                    <span className="bulk-import__group">{t(`import.group.${card.group}`)}</span>
                  </li>
                ))}
              </ol>
            )}
            {result.problems.length > 0 && (
              <>
                <h4>{t("import.problems", { count: formatNumber(result.problems.length) })}</h4>
                <ul className="bulk-import__problems">
                  {result.problems.slice(0, PREVIEW_PROBLEMS).map((problem, i) => (
                    <li key={i}>
                      {t("import.problem_line", {
                        line: problem.line,
                        message: t(problem.key, problem.vars),
                      })}
                    </li>
                  ))}
                </ul>
                {result.problems.length > PREVIEW_PROBLEMS && <p>…</p>}
              </>
            )}
          </section>

          <div className="bulk-import__actions">
            <button type="submit" className="button" disabled={count === 0}>
              {count === 1
                ? t("import.submit_one")
                : t("import.submit", { count: formatNumber(count) })}
            </button>
            <button type="button" className="button button--secondary" onClick={close}>
              {t("import.cancel")}
            </button>
          </div>
        </form>
      </dialog>
    </div>
  );
}

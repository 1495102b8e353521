// The toolbar's dialogs: a link (its address checked before it goes in) and a footnote (its text).
import type { Editor } from "@tiptap/react";
import { useId, useState } from "react";
import { useI18n } from "../../i18n/use-i18n";
import { FieldShell, fieldAria } from "../ui/form";
import { ModalForm } from "../ui/modal-form";

const MAX_URL = 2000;
const MAX_FOOTNOTE = 2000;

/** An address a pact may link to: web pages and email addresses only (no javascript:, no data:). */
export function isLinkAddress(value: string): boolean {
  const text = value.trim();
  if (text.length === 0 || text.length > MAX_URL || /\s/.test(text)) return false;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.protocol === "mailto:") return /^[^@]+@[^@]+\.[^@]+$/.test(url.pathname);
  return (url.protocol === "https:" || url.protocol === "http:") && url.hostname.includes(".");
}

export function LinkDialog({ editor, onClose }: { editor: Editor; onClose: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const inputId = `${id}-url`;
  const existing = editor.isActive("link") ? String(editor.getAttributes("link").href ?? "") : "";
  const [url, setUrl] = useState(existing);
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    onClose();
    editor.commands.focus();
  };

  const apply = () => {
    const href = url.trim();
    if (!isLinkAddress(href)) {
      setError(t("pact.link.invalid"));
      return false;
    }
    const { empty } = editor.state.selection;
    if (empty && !editor.isActive("link")) {
      // No text chosen: the address itself becomes the linked text.
      editor
        .chain()
        .focus()
        .insertContent({ type: "text", text: href, marks: [{ type: "link", attrs: { href } }] })
        .run();
    } else {
      editor.chain().focus().extendMarkRange("link").setLink({ href }).run();
    }
    return true;
  };

  return (
    <ModalForm
      title={t("pact.link.title")}
      submit={t("pact.link.apply")}
      onSubmit={apply}
      onClose={close}
      focusId={inputId}
      extraAction={
        existing ? (
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              editor.chain().focus().extendMarkRange("link").unsetLink().run();
              close();
            }}
          >
            {t("pact.link.remove")}
          </button>
        ) : null
      }
    >
      <FieldShell
        id={inputId}
        label={t("pact.link.url")}
        hint={t("pact.link.url_hint")}
        error={error ?? undefined}
      >
        <input
          id={inputId}
          type="url"
          inputMode="url"
          value={url}
          maxLength={MAX_URL}
          required
          {...fieldAria(inputId, { hint: true, error })}
          onChange={(event) => {
            setUrl(event.target.value);
            setError(null);
          }}
        />
      </FieldShell>
    </ModalForm>
  );
}

export function FootnoteDialog({ editor, onClose }: { editor: Editor; onClose: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const inputId = `${id}-text`;
  const editing = editor.isActive("footnote");
  const [text, setText] = useState(
    editing ? String(editor.getAttributes("footnote").text ?? "") : "",
  );
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    onClose();
    editor.commands.focus();
  };

  const insert = () => {
    const note = text.trim();
    if (note.length === 0) {
      setError(t("pact.footnote.required"));
      return false;
    }
    if (editing) editor.chain().focus().updateAttributes("footnote", { text: note }).run();
    else
      editor
        .chain()
        .focus()
        .insertContent({ type: "footnote", attrs: { text: note } })
        .run();
    return true;
  };

  return (
    <ModalForm
      title={t("pact.footnote.title")}
      submit={t("pact.footnote.insert")}
      onSubmit={insert}
      onClose={close}
      focusId={inputId}
    >
      <FieldShell id={inputId} label={t("pact.footnote.text")} error={error ?? undefined}>
        <textarea
          id={inputId}
          rows={3}
          value={text}
          maxLength={MAX_FOOTNOTE}
          required
          {...fieldAria(inputId, { error })}
          onChange={(event) => {
            setText(event.target.value);
            setError(null);
          }}
        />
      </FieldShell>
    </ModalForm>
  );
}

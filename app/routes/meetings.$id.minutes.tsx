import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { AppError } from "../../core/errors";
import { isLocale } from "../../core/domain";
import { can } from "../../core/permissions";
import { FormErrors, isFailure, Notice } from "../components/ui/form";
import { MarkdownView } from "../components/minutes/markdown-view";
import { DownloadLinks } from "../components/publishing/download-links";
import { useI18n } from "../i18n/use-i18n";
import { loaderError, requireActor } from "../lib/auth.server";
import { runForm } from "../lib/forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.meeting.title} · Tavolo` : "Tavolo" },
];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  try {
    const meeting = await context.services.meetings.get(actor, params.id ?? "");
    const roundtable = await context.services.roundtables.get(actor, meeting.roundtableId);
    const minutes = await context.services.minutes.get(actor, meeting.id);
    return {
      meeting: { id: meeting.id, title: meeting.title },
      canEdit: can(roundtable.role, "meeting.edit"),
      minutes,
    };
  } catch (error) {
    loaderError(error);
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const formData = await request.formData();
  const meetingId = params.id ?? "";
  return runForm(formData, async () => {
    const intent = formData.get("intent");
    if (intent === "generate") {
      const locale = formData.get("locale");
      await context.services.minutes.generate(actor, meetingId, isLocale(locale) ? locale : "it");
      return { ok: true as const, done: "generated" as const };
    }
    if (intent === "save") {
      await context.services.minutes.update(actor, meetingId, { body: formData.get("body") });
      return { ok: true as const, done: "saved" as const };
    }
    if (intent === "finalize") {
      await context.services.minutes.finalize(actor, meetingId);
      return { ok: true as const, done: "finalized" as const };
    }
    throw new AppError("invalid", "error.invalid");
  });
}

export default function MinutesPage() {
  const { meeting, minutes, canEdit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, locale, formatDateTime } = useI18n();
  const failure = isFailure(result) ? result : null;
  const done = result && !isFailure(result) ? result.done : null;
  // Kept on the page across saves: a failed save shows the text that was typed, not the stored one.
  const [draft, setDraft] = useState<string | null>(null);
  const body = failure?.values?.body ?? draft ?? minutes?.body ?? "";
  const busy = navigation.state !== "idle";

  return (
    <div className="page">
      <p>
        <Link to={`/meetings/${meeting.id}`}>← {meeting.title}</Link>
      </p>
      <h1>{t("minutes_page.title", { title: meeting.title })}</h1>
      <FormErrors failure={failure} />
      {done && <Notice>{t(`minutes_page.done_${done}`)}</Notice>}

      {!minutes && (
        <section className="card">
          <p>{t("minutes_page.none")}</p>
          {canEdit && (
            <Form method="post">
              <input type="hidden" name="locale" value={locale} />
              <button className="button" name="intent" value="generate" disabled={busy}>
                {t("minutes_page.generate")}
              </button>
            </Form>
          )}
        </section>
      )}

      {minutes?.finalizedAt && (
        <section className="card" aria-labelledby="minutes-final">
          <h2 id="minutes-final">{t("minutes_page.final")}</h2>
          <p>
            {t("minutes_page.finalized_at", { when: formatDateTime(minutes.finalizedAt) })}
            <br />
            {t("minutes_page.hash")}: <code className="hash">{minutes.contentHash}</code>
          </p>
        </section>
      )}

      {minutes && minutes.canEdit && (
        <section className="card" aria-labelledby="minutes-edit">
          <h2 id="minutes-edit">{t("minutes_page.edit")}</h2>
          <p className="muted">{t("minutes_page.edit_hint")}</p>
          <Form method="post" onSubmit={() => setDraft(null)}>
            <div className="field">
              <label htmlFor="minutes-body">{t("minutes_page.body")}</label>
              <textarea
                id="minutes-body"
                name="body"
                rows={24}
                value={body}
                onChange={(e) => setDraft(e.target.value)}
                className="minutes-editor"
              />
            </div>
            <div className="actions">
              <button className="button" name="intent" value="save" disabled={busy}>
                {t("common.save")}
              </button>
            </div>
          </Form>
          <div className="actions">
            <Form
              method="post"
              onSubmit={(e) => {
                if (!window.confirm(t("minutes_page.regenerate_confirm"))) e.preventDefault();
              }}
            >
              <input type="hidden" name="locale" value={locale} />
              <button
                className="button button--secondary"
                name="intent"
                value="generate"
                disabled={busy}
              >
                {t("minutes_page.regenerate")}
              </button>
            </Form>
            <Form
              method="post"
              onSubmit={(e) => {
                if (draft !== null && draft !== minutes.body) {
                  e.preventDefault();
                  window.alert(t("minutes_page.save_first"));
                } else if (!window.confirm(t("minutes_page.finalize_confirm"))) e.preventDefault();
              }}
            >
              <button
                className="button button--danger"
                name="intent"
                value="finalize"
                disabled={busy}
              >
                {t("minutes_page.finalize")}
              </button>
            </Form>
          </div>
        </section>
      )}

      {minutes && (
        <section className="card" aria-labelledby="minutes-download">
          <h2 id="minutes-download">{t("publishing.download_minutes")}</h2>
          <DownloadLinks href={`/meetings/${meeting.id}/minutes/export`} />
        </section>
      )}

      {minutes && (
        <section className="card" aria-labelledby="minutes-preview">
          <h2 id="minutes-preview">
            {minutes.finalizedAt ? t("minutes_page.text") : t("minutes_page.preview")}
          </h2>
          <MarkdownView markdown={minutes.canEdit ? body : minutes.body} headingOffset={2} />
        </section>
      )}
      {!canEdit && !minutes && <p className="muted">{t("minutes_page.not_yet")}</p>}
    </div>
  );
}

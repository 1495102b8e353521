// The facilitator's console: runs a meeting live (steps, timer, spotlight, votes, people) and hands
// out links for remote contributors.
import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useId, useState } from "react";
import { AppError } from "../../core/errors";
import type { AgendaStep } from "../../core/live";
import { can } from "../../core/permissions";
import { useBoardDoc } from "../collab/use-board-doc";
import { useLive } from "../collab/use-live";
import {
  AgendaControl,
  ConsoleSection,
  DotVoteControl,
  HiddenCardsControl,
  MeetingControl,
  PresenceControl,
  SpotlightControl,
  TimerControl,
  WritingControl,
} from "../components/live/console-sections";
import { BulkImportDialog, bulkImportStyles } from "../components/import/bulk-import-dialog";
import { LiveBar } from "../components/live/live-bar";
import { useBoardRecords } from "../components/live/use-board-records";
import { useCommand } from "../components/live/use-command";
import { FormErrors, isFailure, Notice, useResetOnSuccess } from "../components/ui/form";
import { useI18n } from "../i18n/use-i18n";
import { loaderError, requireActor } from "../lib/auth.server";
import { runForm } from "../lib/forms.server";
import { qrSvg } from "../lib/qr.server";
import consoleStyles from "../components/live/live.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: consoleStyles },
  { rel: "stylesheet", href: bulkImportStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.meeting.title} · Console · Tavolo` : "Tavolo" },
];

/** An agenda item read as a step, with the defaults of the database for what it does not say. */
function stepOf(item: {
  id: string;
  title: string;
  writing?: boolean;
  voting?: boolean;
  editing?: boolean;
}): AgendaStep {
  return {
    id: item.id,
    title: item.title,
    writing: item.writing ?? true,
    voting: item.voting ?? false,
    editing: item.editing ?? true,
  };
}

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  const id = params.id ?? "";
  try {
    const meeting = await context.services.meetings.get(actor, id);
    const view = await context.services.live.view(actor, meeting.id);
    if (!can(view.standing, "meeting.run")) throw new AppError("forbidden", "error.forbidden");
    const invites = await context.services.meetingInvites.list(actor, meeting.id);
    return {
      meeting: {
        id: meeting.id,
        title: meeting.title,
        steps: meeting.agenda.map(stepOf),
      },
      invites: invites.map((invite) => ({
        id: invite.id,
        label: invite.label,
        expiresAt: invite.expiresAt.toISOString(),
        status: invite.status,
      })),
    };
  } catch (error) {
    loaderError(error);
  }
}

const HOURS_PER = { hours: 1, days: 24 } as const;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const formData = await request.formData();
  const id = params.id ?? "";
  const invites = context.services.meetingInvites;
  return runForm(formData, async () => {
    switch (formData.get("intent")) {
      case "invite": {
        const unit = formData.get("unit") === "days" ? "days" : "hours";
        const amount = Number(formData.get("expiresIn"));
        if (!Number.isInteger(amount) || amount < 1) {
          throw new AppError("invalid", "error.invalid", { expiresIn: "validation.number" });
        }
        const { token } = await invites.create(actor, id, {
          label: formData.get("label") || undefined,
          expiresInHours: amount * HOURS_PER[unit],
        });
        const link = `${new URL(request.url).origin}/join/${token}`;
        return {
          ok: true as const,
          message: "console.invite_created" as const,
          link,
          qr: await qrSvg(link),
        };
      }
      case "revoke-invite":
        await invites.revoke(actor, id, String(formData.get("inviteId")));
        return { ok: true as const, message: "console.invite_revoked" as const };
      default:
        throw new AppError("invalid", "error.invalid");
    }
  });
}

function CopyButton({ text }: { text: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  return (
    <>
      <button
        type="button"
        className="button button--secondary button--small"
        onClick={() => {
          void navigator.clipboard?.writeText(text).then(
            () => setCopied(true),
            () => setCopied(false),
          );
        }}
      >
        {t("console.invite_copy")}
      </button>
      <span role="status" className="muted">
        {copied ? t("console.invite_copied") : ""}
      </span>
    </>
  );
}

function InvitesSection() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, formatShortDateTime } = useI18n();
  const id = useId();
  const failure = isFailure(result) ? result : null;
  const success = result && !isFailure(result) ? result : null;
  const created =
    success && "link" in success && success.link
      ? { link: success.link, qr: success.qr ?? "" }
      : null;
  const form = useResetOnSuccess(created);
  const expiresError = failure?.fields.expiresIn ?? failure?.fields.expiresInHours;
  return (
    <ConsoleSection id="console-invites" title={t("console.invites")} className="console__wide">
      <p className="muted">{t("console.invites_lead")}</p>
      {success && (
        <Notice>
          <p>{t(success.message)}</p>
          {created && (
            <div className="console__invite">
              <div className="console__invite-link">
                <span className="visually-hidden">{t("console.invite_link")}: </span>
                <code className="secret" data-testid="meeting-invite-link">
                  {created.link}
                </code>
                <CopyButton text={created.link} />
              </div>
              <div
                className="console__qr"
                role="img"
                aria-label={t("console.invite_qr", { link: created.link })}
                dangerouslySetInnerHTML={{ __html: created.qr }}
              />
            </div>
          )}
        </Notice>
      )}
      <FormErrors failure={failure} />
      <Form method="post" ref={form} noValidate className="console__invite-form">
        <input type="hidden" name="intent" value="invite" />
        <div className="field">
          <label htmlFor={`${id}-label`}>
            {t("console.invite_label")}{" "}
            <span className="field__optional">({t("common.optional")})</span>
          </label>
          <input id={`${id}-label`} name="label" maxLength={80} />
        </div>
        <div className={expiresError ? "field field--error" : "field"}>
          <label htmlFor={`${id}-expires`}>{t("console.invite_expires")}</label>
          <span className="inline-form">
            <input
              id={`${id}-expires`}
              name="expiresIn"
              type="number"
              min={1}
              defaultValue={failure?.values?.expiresIn ?? "3"}
              className="console__number"
              aria-invalid={expiresError ? true : undefined}
              aria-describedby={expiresError ? `${id}-expires-error` : undefined}
            />
            <label className="visually-hidden" htmlFor={`${id}-unit`}>
              {t("console.invite_unit")}
            </label>
            <select id={`${id}-unit`} name="unit" defaultValue={failure?.values?.unit ?? "hours"}>
              <option value="hours">{t("console.invite_hours")}</option>
              <option value="days">{t("console.invite_days")}</option>
            </select>
          </span>
          {expiresError && (
            <p className="field__error" id={`${id}-expires-error`}>
              {t(expiresError as "validation.invite_hours")}
            </p>
          )}
        </div>
        <button type="submit" className="button">
          {t("console.invite_create")}
        </button>
      </Form>
      <h3>{t("console.invites_list")}</h3>
      {data.invites.length === 0 ? (
        <p className="empty">{t("console.invites_empty")}</p>
      ) : (
        <ul className="list">
          {data.invites.map((invite) => (
            <li key={invite.id} className="actions">
              <span>
                <span className="badge">{t(`console.invite_status_${invite.status}`)}</span>{" "}
                {invite.label ?? t("console.invite_unlabelled")} ·{" "}
                {t("console.invite_until", { date: formatShortDateTime(invite.expiresAt) })}
              </span>
              {invite.status === "valid" && (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="revoke-invite" />
                  <input type="hidden" name="inviteId" value={invite.id} />
                  <button type="submit" className="button button--danger button--small">
                    {t("console.invite_revoke")}
                    <span className="visually-hidden">: {invite.label ?? invite.id}</span>
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
    </ConsoleSection>
  );
}

export default function ConsolePage() {
  const { meeting } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const live = useLive(meeting.id);
  const board = useBoardDoc(meeting.id);
  const snapshot = useBoardRecords(board?.doc);
  const commands = useCommand(live);
  const state = live.state;

  // The last refusal stays until the next command is accepted.
  const shownError = commands.error;

  return (
    <div className="page console">
      <p>
        <Link to={`/meetings/${meeting.id}`}>← {meeting.title}</Link>
      </p>
      <h1>{t("console.title", { title: meeting.title })}</h1>
      <LiveBar live={live} />
      <div className="notice notice--error console__error" role="alert" hidden={!shownError}>
        {shownError}
      </div>
      {live.error && !state && (
        <div className="notice notice--error" role="alert">
          {live.error}
        </div>
      )}
      <p>
        <Link to={`/meetings/${meeting.id}/board`}>{t("console.open_board")}</Link>
      </p>
      {!state ? (
        <p className="muted">{t("live_bar.connecting")}</p>
      ) : (
        <div className="console__grid">
          <MeetingControl state={state} commands={commands} />
          <AgendaControl state={state} steps={meeting.steps} commands={commands} />
          <TimerControl state={state} commands={commands} />
          <SpotlightControl state={state} board={snapshot} commands={commands} />
          <WritingControl state={state} commands={commands} />
          <HiddenCardsControl state={state} board={snapshot} commands={commands} />
          <PresenceControl live={live} board={snapshot} commands={commands} />
          <DotVoteControl live={live} board={snapshot} commands={commands} />
          <ConsoleSection id="console-import" title={t("console.import")}>
            <p className="muted">{t("console.import_lead")}</p>
            {board ? (
              <BulkImportDialog doc={board.doc} />
            ) : (
              <p className="muted">{t("live_bar.connecting")}</p>
            )}
          </ConsoleSection>
        </div>
      )}
      <InvitesSection />
    </div>
  );
}

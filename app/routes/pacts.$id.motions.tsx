// A pact's motions (issue 7): open one on a version or on a meeting's objectives, vote, raise or
// withdraw an objection, close; the list follows every change live (socket.io /live), and every
// form works without JavaScript.
import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AppError, isAppError, type FieldErrors } from "../../core/errors";
import { translate } from "../../core/i18n";
import { mayManageMotions, type BallotChoice, type MotionOutcome } from "../../core/motions";
import pactStyles from "../components/pact/pact.css?url";
import motionStyles from "../components/motions/motions.css?url";
import { MotionCard } from "../components/motions/motion-card";
import { OpenMotionForm } from "../components/motions/open-motion-form";
import { useMotionsLive } from "../components/motions/use-motions-live";
import { FormErrors, isFailure, Notice } from "../components/ui/form";
import { useI18n } from "../i18n/use-i18n";
import { loaderError, requireActor } from "../lib/auth.server";
import { runForm } from "../lib/forms.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: pactStyles },
  { rel: "stylesheet", href: motionStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? data.pageTitle : "Tavolo" },
];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  const { pacts, roundtables, motions } = context.services;
  try {
    const pact = await pacts.get(actor, params.id ?? "");
    const [roundtable, list] = await Promise.all([
      roundtables.get(actor, pact.roundtableId),
      motions.list(actor, pact.id),
    ]);
    const mayOpen = mayManageMotions(roundtable.role);
    return {
      pact: { id: pact.id, title: pact.title },
      pageTitle: translate(context.locale, "motions.title", { title: pact.title }),
      motions: list,
      mayOpen,
      targets: mayOpen ? await motions.targets(actor, pact.id) : null,
      /** From the editor's «Invia al voto»: the text as it stands is what the form proposes. */
      proposeCurrent: new URL(request.url).searchParams.get("target") === "current",
    };
  } catch (error) {
    loaderError(error);
  }
}

/** Objectives are picked as "meetingId|objectiveId", so that one form lists every meeting's. */
const PICK_SEPARATOR = "|";

const numberOrUndefined = (value: FormDataEntryValue | null) =>
  typeof value === "string" && value.trim() !== "" ? Number(value) : undefined;

function openInput(formData: FormData) {
  const method = String(formData.get("method") ?? "");
  const target = String(formData.get("target") ?? "");
  let chosen: unknown;
  if (target.startsWith("version:")) {
    chosen = { versionId: target.slice("version:".length) };
  } else if (target === "current") {
    chosen = { currentText: true };
  } else if (target === "objectives") {
    const picks = formData.getAll("objectiveIds").map((v) => String(v).split(PICK_SEPARATOR));
    const meetings = new Set(picks.map(([meetingId]) => meetingId));
    if (picks.length === 0) {
      throw new AppError("invalid", "error.invalid", {
        objectiveIds: "validation.motion_objectives",
      });
    }
    if (meetings.size > 1) {
      throw new AppError("invalid", "error.invalid", {
        objectiveIds: "validation.motion_objectives_one_meeting",
      });
    }
    chosen = { meetingId: picks[0]![0], objectiveIds: picks.map(([, id]) => id ?? "") };
  }
  return {
    title: formData.get("title") ?? "",
    target: chosen,
    method,
    votingUnit: formData.get("votingUnit") ?? "",
    secret: formData.get("secret") === "on",
    hideResults: formData.get("hideResults") === "on",
    quorum: method === "approval" ? numberOrUndefined(formData.get("quorum")) : undefined,
    majority: method === "approval" ? formData.get("majority") || undefined : undefined,
    dots: method === "dot_vote" ? numberOrUndefined(formData.get("dots")) : undefined,
  };
}

function ballotInput(formData: FormData) {
  const choice = formData.get("choice");
  if (choice !== null) return { choice };
  const allocation: Record<string, number> = {};
  for (const [name, value] of formData) {
    if (name.startsWith("dots.")) allocation[name.slice("dots.".length)] = Number(value || 0);
  }
  return Object.keys(allocation).length > 0 ? { allocation } : {};
}

/** The service names fields as the API does; the form's fields are these. */
function formField(field: string): string {
  if (field === "target" || field === "target.versionId") return "target";
  if (field.startsWith("target.")) return "objectiveIds";
  if (field.startsWith("allocation")) return "allocation";
  return field;
}

function onFormFields(error: unknown): never {
  if (isAppError(error) && error.fields) {
    const fields: FieldErrors = {};
    for (const [field, key] of Object.entries(error.fields)) fields[formField(field)] ??= key;
    throw new AppError(error.code, error.messageKey, fields, error.vars);
  }
  throw error;
}

type Done =
  | { ok: true; done: "opened" | "objected" | "withdrawn"; motionId: string }
  | { ok: true; done: "voted"; motionId: string; choice: BallotChoice | null }
  | { ok: true; done: "closed"; motionId: string; outcome: MotionOutcome | null };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const formData = await request.formData();
  const { motions } = context.services;
  const motionId = String(formData.get("motionId") ?? "");
  // What a failed form gets back: the picked objectives as one value, the rest as typed.
  const echo = new FormData();
  for (const [name, value] of formData) if (name !== "objectiveIds") echo.append(name, value);
  echo.set("objectiveIds", formData.getAll("objectiveIds").map(String).join("\n"));
  return runForm(echo, async (): Promise<Done> => {
    switch (formData.get("intent")) {
      case "open": {
        const motion = await motions
          .open(actor, params.id ?? "", openInput(formData))
          .catch(onFormFields);
        return { ok: true, done: "opened", motionId: motion.id };
      }
      case "vote": {
        const motion = await motions
          .vote(actor, motionId, ballotInput(formData))
          .catch(onFormFields);
        return { ok: true, done: "voted", motionId, choice: motion.me.ballot?.choice ?? null };
      }
      case "object":
        await motions.object(actor, motionId, { reason: formData.get("reason") ?? "" });
        return { ok: true, done: "objected", motionId };
      case "withdraw":
        await motions.withdraw(actor, motionId, String(formData.get("objectionId") ?? ""));
        return { ok: true, done: "withdrawn", motionId };
      case "close": {
        const motion = await motions.close(actor, motionId);
        return { ok: true, done: "closed", motionId, outcome: motion.outcome };
      }
    }
    throw new AppError("invalid", "error.invalid");
  });
}

export default function MotionsPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  const live = useMotionsLive(data.pact.id);
  const failure = isFailure(result) ? result : null;
  const done = result && !isFailure(result) ? result : null;
  const busy = navigation.state !== "idle";
  const failedIntent = failure?.values?.intent;
  const failedMotion = failure?.values?.motionId;

  let doneText: string | null = null;
  if (done?.done === "opened") doneText = t("motions.open.done");
  if (done?.done === "voted") {
    doneText = done.choice
      ? `${t("motions.vote.done")} ${t("motions.vote.yours", { choice: t(`motions.choice.${done.choice}`) })}`
      : t("motions.vote.done");
  }
  if (done?.done === "objected") doneText = t("motions.objection.done");
  if (done?.done === "withdrawn") doneText = t("motions.objection.withdraw_done");
  if (done?.done === "closed" && done.outcome) {
    doneText = t("motions.close.done", { outcome: t(`motions.outcome.${done.outcome}`) });
  }

  return (
    <div className="page">
      <p className="pact-breadcrumbs">
        <Link to={`/pacts/${data.pact.id}`}>← {t("motions.back")}</Link>
        <Link to={`/pacts/${data.pact.id}/versions`}>{t("motions.versions_link")}</Link>
        <Link to={`/pacts/${data.pact.id}/signatures`}>{t("signatures.link")}</Link>
      </p>
      <h1>{t("motions.heading", { title: data.pact.title })}</h1>
      <p className="lead">{t("motions.lead")}</p>
      <p
        className={`pact-connection${live.status === "offline" ? " pact-connection--disconnected" : ""}`}
        role="status"
      >
        {live.status === "connected" && t("motions.live_connected")}
        {live.status === "offline" && t("motions.live_offline")}
        {live.updates > 0 && <span className="visually-hidden"> {t("motions.live_updated")}</span>}
      </p>
      <FormErrors failure={failure} />
      {doneText && <Notice>{doneText}</Notice>}

      {data.targets && (
        <section className="card" aria-labelledby="motion-open-heading">
          <h2 id="motion-open-heading">{t("motions.open.heading")}</h2>
          <p className="muted">{t("motions.open.hint")}</p>
          <OpenMotionForm
            targets={data.targets}
            proposeCurrent={data.proposeCurrent}
            failure={failedIntent === "open" ? failure : null}
            busy={busy}
            resetKey={done?.done === "opened" ? done.motionId : "new"}
          />
        </section>
      )}

      <section aria-labelledby="motions-list-title">
        <h2 id="motions-list-title">{t("motions.list")}</h2>
        {data.motions.length === 0 ? (
          <p className="empty">{t("motions.empty")}</p>
        ) : (
          data.motions.map((motion) => (
            <MotionCard
              key={motion.id}
              motion={motion}
              failure={failedIntent !== "open" && failedMotion === motion.id ? failure : null}
              busy={busy}
            />
          ))
        )}
      </section>
    </div>
  );
}

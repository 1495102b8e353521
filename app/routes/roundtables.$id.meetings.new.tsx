import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AppError } from "../../core/errors";
import { can } from "../../core/permissions";
import { MeetingForm, meetingFromForm } from "../components/meeting-form";
import { FormErrors, isFailure } from "../components/ui/form";
import { useI18n } from "../i18n/use-i18n";
import { loaderError, requireActor } from "../lib/auth.server";
import { runForm } from "../lib/forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.roundtable.name} · Tavolo` : "Tavolo" },
];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  try {
    const roundtable = await context.services.roundtables.get(actor, params.id ?? "");
    if (!can(roundtable.role, "meeting.create")) throw new AppError("forbidden", "error.forbidden");
    return { roundtable: { id: roundtable.id, name: roundtable.name } };
  } catch (error) {
    loaderError(error);
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const formData = await request.formData();
  return runForm(formData, async () => {
    const meeting = await context.services.meetings.create(
      actor,
      params.id ?? "",
      meetingFromForm(formData),
    );
    throw redirect(`/meetings/${meeting.id}`);
  });
}

export default function NewMeeting() {
  const { roundtable } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useI18n();
  const failure = isFailure(result) ? result : null;
  return (
    <div className="page">
      <p>
        <Link to={`/roundtables/${roundtable.id}`}>← {roundtable.name}</Link>
      </p>
      <h1>{t("meeting.new_title")}</h1>
      <FormErrors failure={failure} />
      <MeetingForm failure={failure} submitLabel={t("meeting.create")} />
    </div>
  );
}

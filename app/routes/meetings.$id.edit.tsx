import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AppError } from "../../core/errors";
import { can } from "../../core/permissions";
import { toLocalInputValue } from "../../core/time";
import { MeetingForm, meetingFromForm } from "../components/meeting-form";
import { FormErrors, isFailure } from "../components/ui/form";
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
    if (!can(roundtable.role, "meeting.edit")) throw new AppError("forbidden", "error.forbidden");
    return {
      meeting: {
        id: meeting.id,
        title: meeting.title,
        kind: meeting.kind,
        startsAt: toLocalInputValue(new Date(meeting.startsAt)),
        place: meeting.place,
        onlineUrl: meeting.onlineUrl,
        agenda: meeting.agenda,
      },
    };
  } catch (error) {
    loaderError(error);
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = requireActor(context, request);
  const formData = await request.formData();
  return runForm(formData, async () => {
    const meeting = await context.services.meetings.update(
      actor,
      params.id ?? "",
      meetingFromForm(formData),
    );
    throw redirect(`/meetings/${meeting.id}`);
  });
}

export default function EditMeeting() {
  const { meeting } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useI18n();
  const failure = isFailure(result) ? result : null;
  return (
    <div className="page">
      <p>
        <Link to={`/meetings/${meeting.id}`}>← {meeting.title}</Link>
      </p>
      <h1>{t("meeting.edit_title", { title: meeting.title })}</h1>
      <FormErrors failure={failure} />
      <MeetingForm failure={failure} initial={meeting} submitLabel={t("common.save")} />
    </div>
  );
}

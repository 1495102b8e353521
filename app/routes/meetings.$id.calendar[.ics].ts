// /meetings/:id/calendar.ics: the meeting as an iCalendar file, for one's own calendar app.
import type { LoaderFunctionArgs } from "@remix-run/node";
import {
  calendarFileName,
  meetingCalendar,
  meetingDescription,
  meetingDurationMinutes,
} from "../../core/ical";
import { loaderError, requireActor } from "../lib/auth.server";

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  let meeting;
  try {
    meeting = await context.services.meetings.get(actor, params.id ?? "");
  } catch (error) {
    loaderError(error);
  }
  const pageUrl = new URL(`/meetings/${meeting.id}`, request.url).href;
  const body = meetingCalendar({
    id: meeting.id,
    title: meeting.title,
    startsAt: new Date(meeting.startsAt),
    durationMinutes: meetingDurationMinutes(meeting.agenda),
    place: meeting.place,
    onlineUrl: meeting.onlineUrl,
    description: meetingDescription(meeting, pageUrl, context.locale),
    url: pageUrl,
    now: new Date(),
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="${calendarFileName(meeting.title)}"`,
      // A meeting's time and place change; a calendar app should fetch it again, not a stale copy.
      "Cache-Control": "private, no-cache",
    },
  });
}

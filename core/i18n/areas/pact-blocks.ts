// Catalogue keys of the pact's live blocks: the table of a meeting's objectives and actions, as the
// editor shows it and as the pact's Markdown stores it (stored text is written in Italian).
export const it = {
  "pact.live.column.objective": "Obiettivo",
  "pact.live.column.area": "Area di policy",
  "pact.live.column.action": "Azione",
  "pact.live.column.responsible": "Ente responsabile",
  "pact.live.column.indicators": "Indicatori",
  "pact.live.column.timeline": "Tempi",
  "pact.live.area": "{key} · {label}",
  "pact.live.indicator_range": "{measure}: da {baseline} a {target}",
  "pact.live.indicator_target": "{measure}: obiettivo {target}",
  "pact.live.indicator_baseline": "{measure}: oggi {baseline}",
  "pact.live.timeline_range": "{start} – {end}",
  "pact.live.timeline_from": "dal {start}",
  "pact.live.timeline_until": "entro il {end}",
  "pact.live.no_objectives": "L'incontro non ha ancora obiettivi.",
  "pact.live.unreadable":
    "Obiettivi e azioni dell'incontro non disponibili: non è stato possibile leggerli.",
  "pact.live.label": "Obiettivi e azioni di «{meeting}»",
  "pact.live.label_unknown": "Obiettivi e azioni di un incontro",
  "pact.live.note": "Si aggiorna con la lavagna dell'incontro; una versione del patto la congela.",
  "pact.live.loading": "Lettura della lavagna dell'incontro…",
  "pact.live.refused": "Non puoi leggere la lavagna di questo incontro.",
  "pact.live.offline": "Connessione alla lavagna persa: la tabella potrebbe non essere aggiornata.",
  "pact.live.other_tavolo":
    "Questo incontro non è tra quelli del tavolo: la tabella non viene mostrata.",
  "pact.live.trace_hint": "vedi da dove viene",
  "pact.live.insert": "Inserisci obiettivi e azioni",
  "pact.live.dialog_title": "Inserisci obiettivi e azioni",
  "pact.live.meeting": "Incontro",
  "pact.live.meeting_hint":
    "La tabella mostra gli obiettivi e le azioni dell'incontro e resta al passo con la sua lavagna finché non si congela una versione del patto.",
  "pact.live.meeting_required": "Scegli un incontro.",
  "pact.live.no_meetings":
    "Il tavolo non ha ancora incontri: crea un incontro con i suoi obiettivi, poi inserisci la tabella.",
  "pact.live.insert_submit": "Inserisci la tabella",
};

export const en: Record<keyof typeof it, string> = {
  "pact.live.column.objective": "Objective",
  "pact.live.column.area": "Policy area",
  "pact.live.column.action": "Action",
  "pact.live.column.responsible": "Lead organisation",
  "pact.live.column.indicators": "Indicators",
  "pact.live.column.timeline": "Timeline",
  "pact.live.area": "{key} · {label}",
  "pact.live.indicator_range": "{measure}: from {baseline} to {target}",
  "pact.live.indicator_target": "{measure}: target {target}",
  "pact.live.indicator_baseline": "{measure}: today {baseline}",
  "pact.live.timeline_range": "{start} – {end}",
  "pact.live.timeline_from": "from {start}",
  "pact.live.timeline_until": "by {end}",
  "pact.live.no_objectives": "The meeting has no objectives yet.",
  "pact.live.unreadable":
    "The meeting's objectives and actions are not available: they could not be read.",
  "pact.live.label": "Objectives and actions of «{meeting}»",
  "pact.live.label_unknown": "Objectives and actions of a meeting",
  "pact.live.note": "Kept in step with the meeting's board; a version of the pact freezes it.",
  "pact.live.loading": "Reading the meeting's board…",
  "pact.live.refused": "You cannot read this meeting's board.",
  "pact.live.offline": "Connection to the board lost: the table may be out of date.",
  "pact.live.other_tavolo": "This meeting is not one of the roundtable's: the table is not shown.",
  "pact.live.trace_hint": "see where it comes from",
  "pact.live.insert": "Insert objectives and actions",
  "pact.live.dialog_title": "Insert objectives and actions",
  "pact.live.meeting": "Meeting",
  "pact.live.meeting_hint":
    "The table shows the meeting's objectives and actions and stays in step with its board until a version of the pact is frozen.",
  "pact.live.meeting_required": "Choose a meeting.",
  "pact.live.no_meetings":
    "The roundtable has no meetings yet: create a meeting with its objectives, then insert the table.",
  "pact.live.insert_submit": "Insert the table",
};

// Catalogue keys of suggestion mode in the pact editor: the toggle, the marks' titles and the
// panel of pending suggestions (Italian first; English must translate each one).
export const it = {
  "pact.suggestions.toggle": "Suggerisci modifiche",
  "pact.suggestions.mode_on":
    "Stai suggerendo modifiche: quello che scrivi e cancelli resta una proposta finché la segreteria o chi facilita non la accetta.",
  "pact.suggestions.title": "Suggerimenti in sospeso ({count})",
  "pact.suggestions.none": "Nessun suggerimento in sospeso.",
  "pact.suggestions.reviewers_only":
    "Solo la segreteria e chi facilita possono accettare o rifiutare i suggerimenti.",
  "pact.suggestions.kind_insertion": "Aggiunta",
  "pact.suggestions.kind_deletion": "Cancellazione",
  "pact.suggestions.by": "{kind} di {name}",
  "pact.suggestions.someone": "Autore sconosciuto",
  "pact.suggestions.blank": "(spazi o a capo)",
  "pact.suggestions.go": "Vai",
  "pact.suggestions.accept": "Accetta",
  "pact.suggestions.reject": "Rifiuta",
  "pact.suggestions.accept_all": "Accetta tutte",
  "pact.suggestions.reject_all": "Rifiuta tutte",
  "pact.suggestions.accept_all_label": "Accetta tutte le proposte della sezione «{title}»",
  "pact.suggestions.reject_all_label": "Rifiuta tutte le proposte della sezione «{title}»",
  "pact.suggestions.done_accept": "Accettata: {kind} di {name}.",
  "pact.suggestions.done_reject": "Rifiutata: {kind} di {name}.",
  "pact.suggestions.done_accept_all": "Accettate tutte le proposte della sezione «{title}».",
  "pact.suggestions.done_reject_all": "Rifiutate tutte le proposte della sezione «{title}».",
  "pact.suggestions.gone":
    "Questa proposta non c'è più: forse qualcuno l'ha già accettata o rifiutata.",
  "pact.suggestions.mark_insertion": "Aggiunta proposta da {name}, {when}",
  "pact.suggestions.mark_deletion": "Cancellazione proposta da {name}, {when}",
};

export const en: Record<keyof typeof it, string> = {
  "pact.suggestions.toggle": "Suggest changes",
  "pact.suggestions.mode_on":
    "You are suggesting changes: what you type and delete stays a proposal until the secretary or a facilitator accepts it.",
  "pact.suggestions.title": "Pending suggestions ({count})",
  "pact.suggestions.none": "No pending suggestions.",
  "pact.suggestions.reviewers_only":
    "Only the secretary and facilitators can accept or reject suggestions.",
  "pact.suggestions.kind_insertion": "Insertion",
  "pact.suggestions.kind_deletion": "Deletion",
  "pact.suggestions.by": "{kind} by {name}",
  "pact.suggestions.someone": "Unknown author",
  "pact.suggestions.blank": "(spaces or line breaks)",
  "pact.suggestions.go": "Go to",
  "pact.suggestions.accept": "Accept",
  "pact.suggestions.reject": "Reject",
  "pact.suggestions.accept_all": "Accept all",
  "pact.suggestions.reject_all": "Reject all",
  "pact.suggestions.accept_all_label": "Accept all proposals in the section “{title}”",
  "pact.suggestions.reject_all_label": "Reject all proposals in the section “{title}”",
  "pact.suggestions.done_accept": "Accepted: {kind} by {name}.",
  "pact.suggestions.done_reject": "Rejected: {kind} by {name}.",
  "pact.suggestions.done_accept_all": "Accepted all proposals in the section “{title}”.",
  "pact.suggestions.done_reject_all": "Rejected all proposals in the section “{title}”.",
  "pact.suggestions.gone":
    "This proposal is no longer there: someone may have accepted or rejected it already.",
  "pact.suggestions.mark_insertion": "Insertion proposed by {name}, {when}",
  "pact.suggestions.mark_deletion": "Deletion proposed by {name}, {when}",
};

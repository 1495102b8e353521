// Catalogue keys of a tavolo's policy areas page (Italian first; English must translate each one).
export const it = {
  "policy_areas.title": "Aree di policy",
  "policy_areas.lead":
    "Gli obiettivi del tavolo si classificano per area di policy. Se non ne definite di vostre, valgono le dieci macro-aree A–J dei Piani di Zona lombardi.",
  "policy_areas.default_in_use": "Sono in uso le aree predefinite.",
  "policy_areas.custom_in_use": "Il tavolo usa aree proprie.",
  "policy_areas.key": "Codice",
  "policy_areas.key_hint": "Breve e stabile, come «A» o «G2»: gli obiettivi lo conservano.",
  "policy_areas.label": "Nome",
  "policy_areas.row": "Area {n}",
  "policy_areas.add": "Aggiungi un'area",
  "policy_areas.remove": "Togli l'area {n}",
  "policy_areas.save": "Salva le aree",
  "policy_areas.reset": "Torna alle aree predefinite",
  "policy_areas.saved": "Aree di policy salvate.",
  "policy_areas.reset_done": "Tornate le aree predefinite.",
  "policy_areas.read_only": "Solo chi facilita il tavolo può cambiare le aree.",
  "policy_areas.link": "Aree di policy",
  "policy_areas.list_caption": "Aree di policy del tavolo",
};

export const en: Record<keyof typeof it, string> = {
  "policy_areas.title": "Policy areas",
  "policy_areas.lead":
    "The tavolo's objectives are filed by policy area. Unless you define your own, the ten macro-areas A–J of the Lombardy Piani di Zona apply.",
  "policy_areas.default_in_use": "The default areas are in use.",
  "policy_areas.custom_in_use": "The tavolo uses its own areas.",
  "policy_areas.key": "Code",
  "policy_areas.key_hint": "Short and stable, like “A” or “G2”: objectives keep it.",
  "policy_areas.label": "Name",
  "policy_areas.row": "Area {n}",
  "policy_areas.add": "Add an area",
  "policy_areas.remove": "Remove area {n}",
  "policy_areas.save": "Save the areas",
  "policy_areas.reset": "Back to the default areas",
  "policy_areas.saved": "Policy areas saved.",
  "policy_areas.reset_done": "The default areas are back.",
  "policy_areas.read_only": "Only the tavolo's facilitators can change the areas.",
  "policy_areas.link": "Policy areas",
  "policy_areas.list_caption": "The tavolo's policy areas",
};

// A small hand list of near-synonyms from the vocabulary of social policy, so that "spazi per i
// giovani" and "spazi per ragazzi" share their words. Written from general usage in the field
// (who the services are for, and what they offer), not from any labelled data set; kept short on
// purpose, since a wrong pairing merges topics. Each group is read as its first word.
import type { ClusteringLanguage } from "./stopwords";

export const SYNONYM_GROUPS: Record<ClusteringLanguage, readonly string[][]> = {
  it: [
    [
      "giovani",
      "giovane",
      "giovanile",
      "giovanili",
      "ragazzi",
      "ragazze",
      "ragazzo",
      "ragazza",
      "adolescenti",
      "adolescente",
      "adolescenza",
    ],
    ["bambini", "bambino", "bambina", "bambine", "bimbi", "bimbo", "bimba", "bimbe", "minori"],
    ["anziani", "anziano", "anziana", "anziane", "nonni", "nonno", "nonna", "nonne"],
    ["genitori", "genitore", "mamme", "mamma", "madri", "madre", "papà", "padri", "padre"],
    [
      "lavoro",
      "lavori",
      "lavorare",
      "lavorano",
      "lavoratori",
      "lavoratrici",
      "occupazione",
      "impiego",
    ],
    ["disabili", "disabile", "disabilità", "handicap"],
    [
      "stranieri",
      "straniere",
      "straniero",
      "straniera",
      "immigrati",
      "immigrate",
      "migranti",
      "neoarrivati",
    ],
    ["spazi", "spazio", "luoghi", "luogo"],
    ["trasporti", "trasporto", "mezzi", "autobus", "bus", "navetta", "navette", "pullman"],
    ["sostegno", "supporto", "aiuto", "aiuti", "aiutare", "sostenere", "supportare"],
    ["solitudine", "soli", "isolamento", "isolati", "isolate", "isolato", "isolata"],
    ["casa", "case", "abitazione", "abitazioni", "alloggio", "alloggi", "abitativo", "abitativa"],
    ["scuola", "scuole", "scolastico", "scolastica", "scolastici", "scolastiche"],
    ["orari", "orario"],
  ],
  en: [
    ["young", "youth", "youngsters", "teenagers", "teens", "adolescents", "adolescent"],
    ["children", "child", "kids", "kid", "minors"],
    ["elderly", "older", "seniors", "senior", "aged", "grandparents"],
    ["parents", "parent", "mothers", "mother", "fathers", "father", "mums", "moms", "dads"],
    ["work", "job", "jobs", "employment", "working", "workers"],
    ["disabled", "disability", "disabilities"],
    ["migrants", "migrant", "immigrants", "immigrant", "foreigners", "newcomers", "refugees"],
    ["spaces", "space", "places", "venues", "venue"],
    ["transport", "transportation", "buses", "bus", "transit", "shuttle"],
    ["support", "help", "assistance", "aid"],
    ["loneliness", "lonely", "alone", "isolation", "isolated"],
    ["housing", "home", "homes", "house", "houses", "accommodation"],
    ["school", "schools", "schooling"],
  ],
};

// Italian listening-session statements made up from templates and vocabularies over 20 themes,
// with a seeded random generator: the same seed gives the same statements. For the speed figure
// (and a labelled set whose themes are known by construction), not a substitute for real data.

/** Mulberry32: small, fast, and good enough to pick words. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Theme {
  name: string;
  /** Who the statement is about. */
  who: string[];
  /** What is asked for or missing. */
  what: string[];
  /** Where or when. */
  where: string[];
  /** A problem as people say it. */
  problems: string[];
}

const THEMES: Theme[] = [
  {
    name: "spazi-giovani",
    who: ["i ragazzi", "gli adolescenti", "i giovani", "i ragazzi delle medie"],
    what: [
      "uno spazio di aggregazione",
      "un centro giovani",
      "una sala prove",
      "un luogo di ritrovo",
    ],
    where: ["il pomeriggio", "nel fine settimana", "in ogni frazione", "vicino alla piazza"],
    problems: [
      "non sanno dove incontrarsi",
      "passano il tempo in strada",
      "non hanno un posto loro",
    ],
  },
  {
    name: "conciliazione",
    who: ["i genitori che lavorano", "le mamme lavoratrici", "le famiglie con turni"],
    what: ["orari del nido più lunghi", "centri estivi", "il pre-scuola", "congedi flessibili"],
    where: ["d'estate", "durante le vacanze", "al mattino presto", "in azienda"],
    problems: [
      "non riescono a conciliare lavoro e figli",
      "hanno orari incompatibili con la scuola",
    ],
  },
  {
    name: "dispersione",
    who: ["gli studenti", "i ragazzi a rischio", "gli alunni in difficoltà"],
    what: [
      "un doposcuola",
      "tutor per lo studio",
      "orientamento scolastico",
      "recupero delle materie",
    ],
    where: ["dopo le medie", "nelle superiori", "in biblioteca"],
    problems: ["abbandonano la scuola", "sono bocciati più volte", "non studiano a casa"],
  },
  {
    name: "mobilita",
    who: ["chi non guida", "chi vive nelle frazioni", "i pendolari"],
    what: ["autobus più frequenti", "un trasporto a chiamata", "piste ciclabili", "una navetta"],
    where: ["la sera", "verso l'ospedale", "tra i paesi", "nei giorni festivi"],
    problems: [
      "restano isolati senza auto",
      "non hanno collegamenti",
      "aspettano il pullman per ore",
    ],
  },
  {
    name: "intercultura",
    who: ["le famiglie straniere", "i bambini neoarrivati", "le donne migranti"],
    what: [
      "corsi di italiano",
      "mediatori culturali",
      "feste interculturali",
      "uno sportello per stranieri",
    ],
    where: ["a scuola", "in quartiere", "al consultorio"],
    problems: ["non capiscono la lingua", "si sentono esclusi", "non conoscono i servizi"],
  },
  {
    name: "violenza",
    who: ["le donne vittime di violenza", "i figli che assistono alla violenza"],
    what: [
      "un centro antiviolenza",
      "case rifugio",
      "un numero di ascolto",
      "formazione per le forze dell'ordine",
    ],
    where: ["vicino a casa", "anche di notte", "in pronto soccorso"],
    problems: ["hanno paura a denunciare", "non sanno a chi rivolgersi"],
  },
  {
    name: "anziani",
    who: ["gli anziani soli", "i nonni", "le persone anziane"],
    what: [
      "assistenza domiciliare",
      "un centro diurno",
      "visite di compagnia",
      "pasti a domicilio",
    ],
    where: ["a casa propria", "in paese", "durante l'estate"],
    problems: ["vivono in solitudine", "non escono più di casa", "faticano con le commissioni"],
  },
  {
    name: "disabilita",
    who: ["le persone con disabilità", "i ragazzi disabili", "le famiglie con un figlio disabile"],
    what: [
      "progetti di vita indipendente",
      "sollievo per i caregiver",
      "insegnanti di sostegno",
      "un dopo di noi",
    ],
    where: ["dopo la scuola", "nel tempo libero", "al compimento dei diciotto anni"],
    problems: ["restano senza percorsi", "le famiglie sono lasciate sole"],
  },
  {
    name: "casa",
    who: [
      "le famiglie sfrattate",
      "i giovani che vogliono uscire di casa",
      "chi ha un reddito basso",
    ],
    what: ["alloggi popolari", "affitti calmierati", "un'agenzia per la casa", "housing sociale"],
    where: ["in centro", "nei quartieri", "nel comune"],
    problems: [
      "non trovano un affitto",
      "pagano canoni troppo alti",
      "vivono in case sovraffollate",
    ],
  },
  {
    name: "lavoro",
    who: ["i disoccupati", "i giovani in cerca di lavoro", "le donne over cinquanta"],
    what: ["tirocini", "corsi di formazione professionale", "uno sportello lavoro", "borse lavoro"],
    where: ["con le aziende del territorio", "al centro per l'impiego"],
    problems: ["non trovano un impiego", "hanno contratti precari", "perdono il posto"],
  },
  {
    name: "poverta",
    who: ["le famiglie in povertà", "i senza dimora", "chi ha perso il reddito"],
    what: [
      "un emporio solidale",
      "pacchi alimentari",
      "contributi per le bollette",
      "un dormitorio",
    ],
    where: ["d'inverno", "in città", "alla Caritas"],
    problems: ["non arrivano a fine mese", "non pagano le bollette", "dormono in stazione"],
  },
  {
    name: "salute-mentale",
    who: ["i ragazzi con ansia", "le persone con disagio psichico", "chi soffre di depressione"],
    what: [
      "uno psicologo gratuito",
      "gruppi di auto aiuto",
      "un ambulatorio di ascolto",
      "percorsi di cura",
    ],
    where: ["a scuola", "al consultorio", "senza liste d'attesa"],
    problems: ["aspettano mesi per una visita", "si vergognano a chiedere aiuto"],
  },
  {
    name: "digitale",
    who: ["gli anziani senza computer", "chi non usa internet", "le famiglie senza connessione"],
    what: [
      "un facilitatore digitale",
      "corsi di informatica",
      "aiuto con lo spid",
      "wifi pubblico",
    ],
    where: ["in biblioteca", "agli sportelli comunali", "online"],
    problems: ["non riescono a prenotare online", "non hanno la connessione"],
  },
  {
    name: "sport",
    who: ["i bambini", "le ragazze", "i giovani del paese"],
    what: ["palestre aperte", "campi sportivi", "corsi di nuoto gratuiti", "squadre accessibili"],
    where: ["nel quartiere", "dopo la scuola", "al parco"],
    problems: ["le rette sono troppo care", "gli impianti sono chiusi"],
  },
  {
    name: "ambiente",
    who: ["i cittadini", "i residenti", "le scuole"],
    what: ["più verde pubblico", "raccolta differenziata", "alberi nei cortili", "orti urbani"],
    where: ["nei parchi", "lungo il fiume", "in periferia"],
    problems: ["l'aria è inquinata", "i rifiuti sono abbandonati"],
  },
  {
    name: "sicurezza",
    who: ["i residenti", "i commercianti", "le donne che tornano tardi"],
    what: ["illuminazione nelle strade", "vigili di quartiere", "telecamere", "presidio serale"],
    where: ["di notte", "vicino alla stazione", "nei sottopassi"],
    problems: ["hanno paura a uscire", "subiscono furti"],
  },
  {
    name: "partecipazione",
    who: ["i cittadini", "le associazioni", "i comitati di quartiere"],
    what: [
      "assemblee pubbliche",
      "un bilancio partecipativo",
      "consulte di frazione",
      "tavoli di confronto",
    ],
    where: ["in municipio", "ogni mese", "online"],
    problems: ["non vengono ascoltati", "non sono informati delle decisioni"],
  },
  {
    name: "prima-infanzia",
    who: ["le neo mamme", "i neonati", "le famiglie con bambini piccoli"],
    what: [
      "posti al nido",
      "spazi gioco zero sei",
      "sostegno all'allattamento",
      "visite domiciliari ostetriche",
    ],
    where: ["nei primi mille giorni", "vicino a casa"],
    problems: ["restano in lista d'attesa", "si sentono sole dopo il parto"],
  },
  {
    name: "dipendenze",
    who: ["i giovani che bevono", "chi gioca d'azzardo", "le famiglie di chi usa droghe"],
    what: [
      "prevenzione nelle scuole",
      "un servizio per le dipendenze",
      "limiti alle slot machine",
      "educatori di strada",
    ],
    where: ["nei bar", "il sabato sera", "nei locali"],
    problems: ["si indebitano con il gioco", "abusano di alcol"],
  },
  {
    name: "cultura",
    who: ["i cittadini", "i giovani artisti", "le famiglie"],
    what: [
      "una biblioteca aperta la sera",
      "rassegne di teatro",
      "cinema all'aperto",
      "laboratori di musica",
    ],
    where: ["d'estate", "in piazza", "nel centro storico"],
    problems: ["non ci sono eventi", "la cultura costa troppo"],
  },
];

const TEMPLATES: ((t: Theme, pick: <T>(list: T[]) => T) => string)[] = [
  (t, p) => `Servono ${p(t.what)} per ${p(t.who)} ${p(t.where)}`,
  (t, p) => `${cap(p(t.who))} ${p(t.problems)}`,
  (t, p) => `Manca ${p(t.what)} ${p(t.where)}`,
  (t, p) => `${cap(p(t.who))} ${p(t.problems)}: ci vorrebbe ${p(t.what)}`,
  (t, p) => `Chiediamo ${p(t.what)} e ${p(t.what)} ${p(t.where)}`,
  (t, p) => `Sarebbe utile ${p(t.what)} perché ${p(t.who)} ${p(t.problems)}`,
  (t, p) => `Più attenzione a ${p(t.who)}, che ${p(t.problems)}`,
  (t, p) => `${cap(p(t.what))} ${p(t.where)}`,
];

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export interface GeneratedStatement {
  text: string;
  label: string;
}

export function generateStatements(count: number, seed = 20240501): GeneratedStatement[] {
  const random = seededRandom(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)]!;
  return Array.from({ length: count }, () => {
    const theme = pick(THEMES);
    return { text: pick(TEMPLATES)(theme, pick), label: theme.name };
  });
}

export const THEME_COUNT = THEMES.length;

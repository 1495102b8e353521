// Words that say nothing about a statement's topic, in Italian and English.
import { foldAccents } from "./normalize";

export type ClusteringLanguage = "it" | "en";

// After Snowball's Italian list: articles, prepositions with their articles, pronouns,
// conjunctions, common adverbs, and the forms of essere, avere, stare and fare. The elided
// halves ("dell", "nell", "l", "c", "quest") are here because tokenize splits at apostrophes.
const ITALIAN = `
a ad al allo ai agli all alla alle agl da dal dallo dai dagli dall dalla dalle dagl
di d del dello dei degli dell della delle degl in nel nello nei negli nell nella nelle negl
con col coi su sul sullo sui sugli sull sulla sulle sugl per tra fra
il lo la i gli le l un uno una
io tu lui lei noi voi loro mio mia miei mie tuo tua tuoi tue suo sua suoi sue
nostro nostra nostri nostre vostro vostra vostri vostre
mi ti ci vi si ce ne me te se sé ve gliel glie m t s c v
chi che cui cosa come com dove dov quando quanto quanta quanti quante quale quali perché
questo questa questi queste quest quello quella quelli quelle quell quei quegli
ciò altro altra altri altre stesso stessa stessi stesse tutto tutta tutti tutte ogni
e ed o od ma però anche anch né neanche nemmeno neppure se sia oppure invece quindi dunque
non più meno molto molta molti molte poco poca pochi poche po troppo troppa troppi troppe
tanto tanta tanti tante così cos già ancora sempre mai solo soltanto proprio ora adesso
qui qua lì là dopo prima mentre sopra sotto dentro fuori senza verso contro
sono sei è siamo siete era eri eravamo eravate erano fui fosti fu fummo foste furono
sarò sarai sarà saremo sarete saranno sarei saresti sarebbe saremmo sareste sarebbero
sia siano fossi fosse fossimo foste fossero essere stato stata stati state essendo
ho hai ha abbiamo avete hanno avevo avevi aveva avevamo avevate avevano ebbi ebbe ebbero
avrò avrai avrà avremo avrete avranno avrei avresti avrebbe avremmo avreste avrebbero
abbia abbiano avessi avesse avessero avere avuto avuta avuti avute avendo
sto stai sta stiamo state stanno stava stavano stare stando
faccio fai fa facciamo fate fanno faceva facevano fare fatto fatta fatti fatte
ecco cioè tipo ecc etc
`;

// Words every listening statement uses to ask for something ("servono…", "manca…", "si
// dovrebbe…"): they say that a need exists, not which one, so they would pull unrelated
// statements together. Chosen from how requests are phrased in general, not from any data set.
const ITALIAN_REQUEST_WORDS = `
serve servono servirebbe servirebbero servire manca mancano mancanza bisogno bisogna bisogni
vorrei vorremmo volere dovrebbe dovrebbero dovremmo deve devono dovere può possono potrebbe
potrebbero potere poter possa possano occorre occorrono maggiore maggiori nuovo nuova nuovi nuove
`;

// After Snowball's English list, with a few request words.
const ENGLISH = `
a an the and or but nor if then else so than too very not no only own same such both each few
more most other some any all i me my myself we our ours ourselves you your yours yourself
yourselves he him his himself she her hers herself it its itself they them their theirs
themselves what which who whom whose this that these those am is are was were be been being
have has had having do does did doing would should could ought can will shall may might must
of at by for with about against between into through during before after above below to from
up down in out on off over under again further once here there when where why how just also
as until while s t don doesn didn isn aren wasn weren hasn haven hadn won wouldn shouldn
couldn mustn let ll re ve d m etc
need needs needed want wants would like lack lacks lacking missing new more less
`;

function wordSet(...lists: string[]): ReadonlySet<string> {
  const set = new Set<string>();
  for (const list of lists)
    for (const word of list.split(/\s+/)) if (word) set.add(foldAccents(word));
  return set;
}

const STOP_WORDS: Record<ClusteringLanguage, ReadonlySet<string>> = {
  it: wordSet(ITALIAN, ITALIAN_REQUEST_WORDS),
  en: wordSet(ENGLISH),
};

/** Whether a word (lower case, accents kept or folded) carries no topic. */
export function isStopWord(word: string, lang: ClusteringLanguage): boolean {
  return STOP_WORDS[lang].has(foldAccents(word));
}

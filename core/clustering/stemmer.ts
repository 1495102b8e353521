// Stemmers: Snowball's Italian algorithm and Porter's English one, written from their published
// descriptions (snowballstem.org/algorithms/italian, Porter 1980), so that "abbandonata" and
// "abbandonate" count as one word.

const IT_VOWELS = "aeiouàèìòù";
const IT_AEIO = "aeioàèìò";

const isItalianVowel = (c: string | undefined): boolean => c !== undefined && IT_VOWELS.includes(c);

/** Suffixes sorted longest first, so the first that matches is Snowball's `among` choice. */
const longestFirst = (list: string): string[] =>
  list
    .split(/\s+/)
    .filter(Boolean)
    .sort((a, b) => b.length - a.length || (a < b ? -1 : 1));

const IT_PRONOUNS = longestFirst(`ci gli la le li lo mi ne si ti vi sene gliela gliele glieli
  glielo gliene mela mele meli melo mene tela tele teli telo tene cela cele celi celo cene
  vela vele veli velo vene`);

type StandardRule =
  "r2" | "azione" | "logia" | "uzione" | "enza" | "amento" | "amente" | "ita" | "ivo";
const IT_STANDARD: [string, StandardRule][] = (
  [
    [
      `anza anze ico ici ica ice iche ichi ismo ismi abile abili ibile ibili ista iste isti istà
      istè istì oso osi osa ose mente atrice atrici ante anti`,
      "r2",
    ],
    ["azione azioni atore atori", "azione"],
    ["logia logie", "logia"],
    ["uzione uzioni usione usioni", "uzione"],
    ["enza enze", "enza"],
    ["amento amenti imento imenti", "amento"],
    ["amente", "amente"],
    ["ità", "ita"],
    ["ivo ivi iva ive", "ivo"],
  ] as const
)
  .flatMap(([list, rule]) => longestFirst(list).map((s): [string, StandardRule] => [s, rule]))
  .sort((a, b) => b[0].length - a[0].length);

const IT_VERB = longestFirst(`ammo ando ano are arono asse assero assi assimo ata ate ati ato
  ava avamo avano avate avi avo emmo enda ende endi endo erà erai eranno ere erebbe erebbero
  erei eremmo eremo ereste eresti erete erò erono essero ete eva evamo evano evate evi evo
  iamo immo irà irai iranno ire irebbe irebbero irei iremmo iremo ireste iresti irete irò
  irono isca iscano isce isci isco iscono issero ita ite iti ito iva ivamo ivano ivate ivi ivo
  ono uta ute uti uto ar ir`);

/** Region start after the first non-vowel that follows a vowel, from `from` on (Snowball's R1). */
function regionAfter(word: string, from: number): number {
  for (let i = from + 1; i < word.length; i++) {
    if (!isItalianVowel(word[i]) && isItalianVowel(word[i - 1])) return i + 1;
  }
  return word.length;
}

function italianRv(word: string): number {
  if (word.length < 2) return word.length;
  const [first, second] = [word[0], word[1]];
  const nextAfter = (from: number, wantVowel: boolean): number => {
    for (let i = from; i < word.length; i++) {
      if (isItalianVowel(word[i]) === wantVowel) return i + 1;
    }
    return word.length;
  };
  if (isItalianVowel(first)) {
    return isItalianVowel(second) ? nextAfter(2, false) : nextAfter(2, true);
  }
  return isItalianVowel(second) ? Math.min(3, word.length) : nextAfter(2, true);
}

/** Snowball Italian stemmer. Input: one lower-case word, accents kept. */
export function stemItalian(input: string): string {
  // Prelude: acute accents become grave, "qu" keeps its u, and i/u between vowels are marked as
  // consonants (upper case), left to right, a marked letter no longer counting as a vowel.
  const chars = [
    ...input
      .replace(/á/g, "à")
      .replace(/é/g, "è")
      .replace(/í/g, "ì")
      .replace(/ó/g, "ò")
      .replace(/ú/g, "ù")
      .replace(/qu/g, "qU"),
  ];
  for (let i = 1; i < chars.length - 1; i++) {
    const c = chars[i];
    if ((c === "u" || c === "i") && isItalianVowel(chars[i - 1]) && isItalianVowel(chars[i + 1])) {
      chars[i] = c.toUpperCase();
    }
  }
  let w = chars.join("");
  const rv = italianRv(w);
  const r1 = regionAfter(w, 0);
  const r2 = regionAfter(w, r1);
  const at = (suffix: string): number => (w.endsWith(suffix) ? w.length - suffix.length : -1);
  const cut = (n: number): void => {
    w = w.slice(0, w.length - n);
  };
  /** Deletes `suffix` if the word ends with it from a position at or after `region`. */
  const deleteIn = (suffix: string, region: number): boolean => {
    const start = at(suffix);
    if (start < 0 || start < region) return false;
    cut(suffix.length);
    return true;
  };

  // Step 0: an attached pronoun after a gerund (deleted) or an infinitive stem (becomes "e").
  const pronoun = IT_PRONOUNS.find((p) => w.endsWith(p));
  if (pronoun) {
    const before = w.slice(0, w.length - pronoun.length);
    const gerund = ["ando", "endo"].find((s) => before.endsWith(s));
    const infinitive = ["ar", "er", "ir"].find((s) => before.endsWith(s));
    if (gerund && before.length - gerund.length >= rv) w = before;
    else if (infinitive && before.length - infinitive.length >= rv) w = `${before}e`;
  }

  // Step 1: standard suffixes; step 2 (verb suffixes) only if step 1 did nothing.
  const standard = (): boolean => {
    const match = IT_STANDARD.find(([s]) => w.endsWith(s));
    if (!match) return false;
    const [suffix, rule] = match;
    const start = w.length - suffix.length;
    switch (rule) {
      case "r2":
        return deleteIn(suffix, r2);
      case "azione":
        if (!deleteIn(suffix, r2)) return false;
        deleteIn("ic", r2);
        return true;
      case "logia":
        if (start < r2) return false;
        w = `${w.slice(0, start)}log`;
        return true;
      case "uzione":
        if (start < r2) return false;
        w = `${w.slice(0, start)}u`;
        return true;
      case "enza":
        if (start < r2) return false;
        w = `${w.slice(0, start)}ente`;
        return true;
      case "amento":
        return deleteIn(suffix, rv);
      case "amente": {
        if (!deleteIn(suffix, r1)) return false;
        const next = ["abil", "iv", "os", "ic"].find((s) => w.endsWith(s));
        if (next && deleteIn(next, r2) && next === "iv") deleteIn("at", r2);
        return true;
      }
      case "ita": {
        if (!deleteIn(suffix, r2)) return false;
        const next = ["abil", "ic", "iv"].find((s) => w.endsWith(s));
        if (next) deleteIn(next, r2);
        return true;
      }
      case "ivo":
        if (!deleteIn(suffix, r2)) return false;
        if (deleteIn("at", r2)) deleteIn("ic", r2);
        return true;
    }
  };
  if (!standard()) {
    const verb = IT_VERB.find((s) => w.endsWith(s) && w.length - s.length >= rv);
    if (verb) cut(verb.length);
  }

  // Step 3a: a final vowel in RV, and an i before it in RV. Step 3b: "ch"/"gh" → "c"/"g" in RV.
  const last = w.length - 1;
  if (last >= rv && IT_AEIO.includes(w[last] ?? "")) {
    cut(1);
    if (w.endsWith("i") && w.length - 1 >= rv) cut(1);
  }
  if ((w.endsWith("ch") || w.endsWith("gh")) && w.length - 2 >= rv) cut(1);

  return w.replace(/I/g, "i").replace(/U/g, "u");
}

// --- English: Porter (1980) ---

function isConsonant(w: string, i: number): boolean {
  const c = w[i];
  if (c === "a" || c === "e" || c === "i" || c === "o" || c === "u") return false;
  if (c === "y") return i === 0 || !isConsonant(w, i - 1);
  return true;
}

/** Porter's m: the number of vowel-consonant sequences in `stem`. */
function measure(stem: string): number {
  let m = 0;
  let i = 0;
  while (i < stem.length && isConsonant(stem, i)) i++;
  while (i < stem.length) {
    while (i < stem.length && !isConsonant(stem, i)) i++;
    if (i >= stem.length) break;
    while (i < stem.length && isConsonant(stem, i)) i++;
    m++;
  }
  return m;
}

const hasVowel = (stem: string): boolean => [...stem].some((_, i) => !isConsonant(stem, i));
const endsDoubleConsonant = (w: string): boolean =>
  w.length >= 2 && w[w.length - 1] === w[w.length - 2] && isConsonant(w, w.length - 1);
/** Consonant-vowel-consonant at the end, the last not w, x or y ("hop", not "snow"). */
function endsCvc(w: string): boolean {
  const n = w.length;
  if (n < 3) return false;
  if (!isConsonant(w, n - 1) || isConsonant(w, n - 2) || !isConsonant(w, n - 3)) return false;
  return !"wxy".includes(w[n - 1] ?? "");
}

function replaceByRule(w: string, rules: [string, string][], minMeasure: number): string {
  for (const [suffix, replacement] of rules) {
    if (w.endsWith(suffix)) {
      const stem = w.slice(0, w.length - suffix.length);
      return measure(stem) > minMeasure ? stem + replacement : w;
    }
  }
  return w;
}

const STEP2: [string, string][] = [
  ["ational", "ate"],
  ["tional", "tion"],
  ["enci", "ence"],
  ["anci", "ance"],
  ["izer", "ize"],
  ["abli", "able"],
  ["alli", "al"],
  ["entli", "ent"],
  ["eli", "e"],
  ["ousli", "ous"],
  ["ization", "ize"],
  ["ation", "ate"],
  ["ator", "ate"],
  ["alism", "al"],
  ["iveness", "ive"],
  ["fulness", "ful"],
  ["ousness", "ous"],
  ["aliti", "al"],
  ["iviti", "ive"],
  ["biliti", "ble"],
];
const STEP3: [string, string][] = [
  ["icate", "ic"],
  ["ative", ""],
  ["alize", "al"],
  ["iciti", "ic"],
  ["ical", "ic"],
  ["ful", ""],
  ["ness", ""],
];
const STEP4 = longestFirst(
  "al ance ence er ic able ible ant ement ment ent ion ou ism ate iti ous ive ize",
);
// Porter's own order matters where one suffix ends another ("ement" before "ment" before "ent").
const byLength = (rules: [string, string][]): [string, string][] =>
  [...rules].sort((a, b) => b[0].length - a[0].length);
const STEP2_SORTED = byLength(STEP2);
const STEP3_SORTED = byLength(STEP3);

/** Porter's English stemmer. Input: one lower-case word. */
export function stemEnglish(input: string): string {
  let w = input;
  if (w.length <= 2) return w;

  // Step 1a
  if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("ies")) w = w.slice(0, -2);
  else if (!w.endsWith("ss") && w.endsWith("s")) w = w.slice(0, -1);

  // Step 1b
  let cleanUp = false;
  if (w.endsWith("eed")) {
    if (measure(w.slice(0, -3)) > 0) w = w.slice(0, -1);
  } else if (w.endsWith("ed") && hasVowel(w.slice(0, -2))) {
    w = w.slice(0, -2);
    cleanUp = true;
  } else if (w.endsWith("ing") && hasVowel(w.slice(0, -3))) {
    w = w.slice(0, -3);
    cleanUp = true;
  }
  if (cleanUp) {
    if (w.endsWith("at") || w.endsWith("bl") || w.endsWith("iz")) w += "e";
    else if (endsDoubleConsonant(w) && !"lsz".includes(w[w.length - 1] ?? "")) w = w.slice(0, -1);
    else if (measure(w) === 1 && endsCvc(w)) w += "e";
  }

  // Step 1c
  if (w.endsWith("y") && hasVowel(w.slice(0, -1))) w = `${w.slice(0, -1)}i`;

  w = replaceByRule(w, STEP2_SORTED, 0);
  w = replaceByRule(w, STEP3_SORTED, 0);

  // Step 4
  const suffix = STEP4.find((s) => w.endsWith(s));
  if (suffix) {
    const stem = w.slice(0, w.length - suffix.length);
    const ionOk = suffix !== "ion" || stem.endsWith("s") || stem.endsWith("t");
    if (measure(stem) > 1 && ionOk) w = stem;
  }

  // Step 5
  if (w.endsWith("e")) {
    const stem = w.slice(0, -1);
    const m = measure(stem);
    if (m > 1 || (m === 1 && !endsCvc(stem))) w = stem;
  }
  if (measure(w) > 1 && w.endsWith("ll")) w = w.slice(0, -1);
  return w;
}

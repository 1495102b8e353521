// Turning a statement into the words clustering compares: case, accents, apostrophes, numbers.

/** Apostrophe look-alikes typed by phones and word processors; all read as the plain one. */
const APOSTROPHES = /[\u2019\u2018\u02bc\u00b4`\u2032]/g;
/** Anything that is not a letter or a digit separates words, the apostrophe included. */
const SEPARATOR = /[^\p{L}\p{N}]+/u;
const DIGITS_ONLY = /^\p{N}+$/u;

/** Lower case, one Unicode form, one apostrophe. Accents are kept: "più" and "piu" stay apart here. */
export function normalizeText(text: string): string {
  return text.normalize("NFC").toLowerCase().replace(APOSTROPHES, "'");
}

/**
 * Drops diacritics, so that "più", "piu" and "piu'" (an accent typed as an apostrophe) meet.
 * Used for matching (stop words, stems, n-grams); labels keep the accented form.
 */
export function foldAccents(word: string): string {
  return word
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .normalize("NFC");
}

/**
 * The words of a statement, lower case with accents kept. An elision splits in two
 * ("dell'educare" → "dell", "educare"; "c'è" → "c", "è"), punctuation separates, and numbers
 * on their own ("15", "2024") are dropped: they name amounts, not topics. Words mixing letters
 * and digits ("over65") stay.
 */
export function tokenize(text: string): string[] {
  const words: string[] = [];
  for (const word of normalizeText(text).split(SEPARATOR)) {
    if (word !== "" && !DIGITS_ONLY.test(word)) words.push(word);
  }
  return words;
}

/** The key statements are sorted by so that the result never depends on their order. */
export function canonicalKey(text: string): string {
  return tokenize(text).map(foldAccents).join(" ");
}

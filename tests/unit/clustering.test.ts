import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { communityHierarchy, cutDendrogram } from "../../core/clustering/cluster";
import { louvain, nearestNeighbours, sharedNeighbourGraph } from "../../core/clustering/graph";
import { clusterStatements } from "../../core/clustering/index";
import { adjustedRandIndex, normalizedMutualInformation } from "../../core/clustering/metrics";
import { canonicalKey, foldAccents, tokenize } from "../../core/clustering/normalize";
import { stemEnglish, stemItalian } from "../../core/clustering/stemmer";
import { isStopWord } from "../../core/clustering/stopwords";
import { analyzeStatement, cosine, termOf, tfIdf } from "../../core/clustering/vectors";

describe("normalising statements", () => {
  it.each([
    [
      "lower case and punctuation",
      "Più SPAZI, per i giovani!",
      ["più", "spazi", "per", "i", "giovani"],
    ],
    ["an elision splits in two", "dell'educare", ["dell", "educare"]],
    [
      "a typographic apostrophe too",
      "dell\u2019educare all\u2019aperto",
      ["dell", "educare", "all", "aperto"],
    ],
    ["c'è", "c'è un posto", ["c", "è", "un", "posto"]],
    ["an accent typed as an apostrophe", "piu' spazi", ["piu", "spazi"]],
    ["numbers alone are dropped", "tra i 15 e i 20 anni", ["tra", "i", "e", "i", "anni"]],
    ["letters with digits stay", "corsi per over65", ["corsi", "per", "over65"]],
    ["hyphens separate", "pre-scuola", ["pre", "scuola"]],
    ["nothing at all", "  \t ", []],
  ])("%s", (_case, text, words) => {
    expect(tokenize(text)).toEqual(words);
  });

  it("folds accents for matching, so più and piu meet", () => {
    expect(foldAccents("più")).toBe("piu");
    expect(foldAccents("perché città")).toBe("perche citta");
    expect(canonicalKey("Più  spazi!")).toBe(canonicalKey("piu' spazi"));
  });
});

describe("stop words", () => {
  it.each([
    ["it", "dell"],
    ["it", "più"],
    ["it", "piu"],
    ["it", "perché"],
    ["it", "sono"],
    ["it", "servono"],
    ["en", "the"],
    ["en", "needs"],
  ] as const)("%s: %s carries no topic", (lang, word) => {
    expect(isStopWord(word, lang)).toBe(true);
  });

  it.each([
    ["it", "giovani"],
    ["it", "educare"],
    ["it", "scuola"],
    ["en", "school"],
  ] as const)("%s: %s does", (lang, word) => {
    expect(isStopWord(word, lang)).toBe(false);
  });

  it("leaves of dell'educare only the verb", () => {
    expect(analyzeStatement("dell'educare", "it").surfaces).toEqual(["educare"]);
  });
});

describe("the Snowball Italian stemmer", () => {
  // Pairs from Snowball's Italian sample vocabulary and output.
  it.each([
    ["abbandonata", "abbandon"],
    ["abbandonate", "abbandon"],
    ["abbandonati", "abbandon"],
    ["abbandonato", "abbandon"],
    ["abbandonava", "abbandon"],
    ["abbassare", "abbass"],
    ["abbastanza", "abbast"],
    ["pronunciare", "pronunc"],
  ])("stems %s to %s", (word, stem) => {
    expect(stemItalian(word)).toBe(stem);
  });

  // Each step of the algorithm, worked by hand from its description.
  it.each([
    ["an attached pronoun after a gerund", "abbassandola", "abbass"],
    ["an attached pronoun after an infinitive", "mangiarlo", "mang"],
    ["-ità after -iv", "attività", "attiv"],
    ["-mente after a vowel", "velocemente", "veloc"],
    ["-azione", "educazione", "educ"],
    ["-amento in RV", "abbattimento", "abbatt"],
    ["a final vowel and the i before it", "servizio", "serviz"],
    ["ch becomes c", "abbenché", "abbenc"],
  ])("%s: %s → %s", (_case, word, stem) => {
    expect(stemItalian(word)).toBe(stem);
  });

  it("gives a word and its unaccented spelling the same term", () => {
    expect(termOf("attività", "it")).toBe(termOf("attivita", "it"));
    expect(termOf("città", "it")).toBe(termOf("citta", "it"));
  });
});

describe("the Porter English stemmer", () => {
  // Examples from Porter's 1980 paper.
  it.each([
    ["caresses", "caress"],
    ["ponies", "poni"],
    ["cats", "cat"],
    ["feed", "feed"],
    ["agreed", "agre"],
    ["plastered", "plaster"],
    ["motoring", "motor"],
    ["sing", "sing"],
    ["conflated", "conflat"],
    ["hopping", "hop"],
    ["falling", "fall"],
    ["filing", "file"],
    ["happy", "happi"],
    ["relational", "relat"],
    ["hopeful", "hope"],
    ["goodness", "good"],
    ["generalizations", "gener"],
    ["oscillators", "oscil"],
  ])("stems %s to %s", (word, stem) => {
    expect(stemEnglish(word)).toBe(stem);
  });
});

describe("weighting", () => {
  it("reads near-synonyms as one term", () => {
    expect(termOf("ragazzi", "it")).toBe(termOf("giovani", "it"));
    expect(termOf("adolescenti", "it")).toBe(termOf("giovani", "it"));
    expect(termOf("anziani", "it")).not.toBe(termOf("giovani", "it"));
  });

  it("gives rarer terms more weight, and unit-length vectors", () => {
    const { vectors, features } = tfIdf([
      ["spaz", "giovan"],
      ["spaz", "anzian"],
      ["spaz", "giovan"],
    ]);
    const v = vectors[1]!;
    const weight = (term: string): number => v.values[v.indices.indexOf(features.indexOf(term))]!;
    expect(weight("anzian")).toBeGreaterThan(weight("spaz"));
    expect(Math.hypot(...v.values)).toBeCloseTo(1, 12);
  });

  it("counts repeats sublinearly", () => {
    const { vectors } = tfIdf([["a", "a", "a", "a", "b"], ["c"]]);
    const [a, b] = vectors[0]!.values;
    expect(a! / b!).toBeCloseTo(1 + Math.log(4), 12);
  });

  it("leaves a document without features as the zero vector", () => {
    const { vectors } = tfIdf([[], ["a"]]);
    expect(vectors[0]!.indices).toHaveLength(0);
    expect(cosine(vectors[0]!, vectors[1]!)).toBe(0);
  });

  it("adds character n-grams of 3 to 5 letters within words", () => {
    const { grams } = analyzeStatement("più spazi", "it");
    expect(grams).toContain("^sp");
    expect(grams).toContain("spazi");
    expect(grams).toContain("azi$");
    expect(grams.some((g) => g.includes(" "))).toBe(false);
  });
});

/** Squared distances between points on a line: two tight runs far apart, and a third. */
function lineDistances(points: number[]): Float32Array {
  const n = points.length;
  const d = new Float32Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) d[i * n + j] = (points[i]! - points[j]!) ** 2;
  return d;
}

describe("communities of the shared-nearest-neighbour graph", () => {
  const points = [0, 0.1, 0.2, 0.3, 10, 10.1, 10.2, 10.3, 30, 30.1, 30.2, 30.3];
  const runs = [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2];

  it("lists each point's nearest neighbours, nearest first, ties to the lower index", () => {
    const knn = nearestNeighbours(lineDistances([0, 1, 1, 5]), 4, 2);
    expect(knn.map((row) => [...row])).toEqual([
      [1, 2],
      [2, 0],
      [1, 0],
      [1, 2],
    ]);
  });

  it("finds the three runs by modularity, without being told how many", () => {
    const distances = lineDistances(points);
    const community = louvain(sharedNeighbourGraph(nearestNeighbours(distances, 12, 3)));
    expect([...community]).toEqual(runs);
  });

  it("builds one hierarchy: the communities at their count, whole communities merged below it", () => {
    const distances = lineDistances(points);
    const community = Int32Array.from(runs);
    const merges = communityHierarchy(distances, 12, community);
    expect(merges).toHaveLength(11);
    expect([...cutDendrogram(merges, 12, 3)]).toEqual(runs);
    expect([...cutDendrogram(merges, 12, 2)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
    // Splitting undoes the costliest merge inside a community.
    expect(new Set(cutDendrogram(merges, 12, 4)).size).toBe(4);
  });
});

const partition = (texts: string[], clusters: { members: number[] }[]): string[] =>
  clusters
    .map((c) =>
      c.members
        .map((m) => texts[m]!)
        .sort()
        .join("\u0000"),
    )
    .sort();

const FIXTURE = [
  "Servono autobus la sera per tornare dalla città",
  "Gli autobus serali non passano nelle frazioni",
  "Più corse di autobus la sera",
  "Autobus la sera per chi lavora in città",
  "Gli anziani soli hanno bisogno di visite a casa",
  "Visite a casa per anziani soli",
  "Anziani soli senza visite",
  "Compagnia e visite agli anziani soli",
  "Corsi di italiano per le mamme straniere",
  "Corsi di lingua italiana per stranieri",
  "Le mamme straniere chiedono corsi di italiano",
  "Corsi serali di italiano per stranieri",
];

describe("clustering statements", () => {
  it("finds the three obvious groups and names them by their words", () => {
    const { clusters } = clusterStatements(FIXTURE, { lang: "it" });
    expect(clusters.map((c) => c.members)).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9, 10, 11],
    ]);
    expect(clusters[0]!.label).toContain("autobus");
    expect(clusters[1]!.label).toContain("anziani");
    expect(clusters[2]!.label).toMatch(/corsi|italiano/);
  });

  it("labels with readable words, not stems", () => {
    const { clusters } = clusterStatements(FIXTURE, { lang: "it" });
    for (const { label } of clusters)
      for (const word of label.split(", ")) expect(word).toMatch(/^\p{L}+$/u);
    expect(clusters.map((c) => c.label).join(" ")).not.toMatch(/\banzian\b|\bcors\b/);
  });

  it("flags near-duplicates for merging, synonyms included", () => {
    const texts = ["Più spazi per i giovani", "spazi per ragazzi", "Case popolari per le famiglie"];
    expect(clusterStatements(texts, { lang: "it" }).nearDuplicates).toEqual([[0, 1]]);
  });

  it("puts empty and keyword-less statements in a group of their own", () => {
    const texts = ["", "   ", "Autobus la sera", "autobus serali", "per il"];
    const { clusters } = clusterStatements(texts, { lang: "it" });
    expect(clusters).toEqual([
      { label: "(senza parole chiave)", members: [0, 1, 4] },
      { label: expect.stringContaining("autobus"), members: [2, 3] },
    ]);
  });

  it("answers nothing for nothing, and one group for one statement", () => {
    expect(clusterStatements([], { lang: "it" })).toEqual({ clusters: [], nearDuplicates: [] });
    expect(clusterStatements(["Autobus la sera"], { lang: "it" }).clusters).toHaveLength(1);
  });

  it("never splits identical statements", () => {
    const { clusters } = clusterStatements(
      ["Autobus la sera", "autobus la sera!", "Autobus la sera"],
      {
        lang: "it",
      },
    );
    expect(clusters).toHaveLength(1);
  });

  it("keeps together more copies of a statement than it has neighbours", () => {
    const copies = Array.from({ length: 15 }, () => "Più corse di autobus la sera");
    const texts = [...FIXTURE, ...copies];
    for (const granularity of [-1, 0, 1]) {
      const { clusters } = clusterStatements(texts, { lang: "it", granularity });
      const holding = clusters.filter((c) => c.members.some((m) => m >= FIXTURE.length));
      expect(holding).toHaveLength(1);
    }
  });

  it("clusters English too", () => {
    const texts = [
      "More buses in the evening",
      "Evening buses to the villages",
      "Evening buses for workers",
      "Home visits for lonely elderly people",
      "Lonely elderly people need home visits",
      "Visits at home for the elderly",
    ];
    const { clusters } = clusterStatements(texts, { lang: "en" });
    expect(partition(texts, clusters)).toEqual(
      partition(texts, [{ members: [0, 1, 2] }, { members: [3, 4, 5] }]),
    );
  });

  it("orders clusters by size, then by first member", () => {
    const { clusters } = clusterStatements([...FIXTURE, "Anziani soli a casa"], { lang: "it" });
    expect(clusters[0]!.members).toEqual([4, 5, 6, 7, 12]);
    expect(clusters[1]!.members[0]).toBe(0);
  });

  const statements = fc.array(
    fc.oneof(
      fc.constantFrom(
        ...FIXTURE,
        "",
        "  ",
        "per il",
        "Più spazi per i giovani",
        "spazi per ragazzi",
      ),
      fc.string({ maxLength: 30 }),
    ),
    { maxLength: 25 },
  );

  it("puts every input in exactly one cluster", () => {
    fc.assert(
      fc.property(statements, fc.double({ min: -1, max: 1, noNaN: true }), (texts, granularity) => {
        const { clusters } = clusterStatements(texts, { lang: "it", granularity });
        const members = clusters.flatMap((c) => c.members).sort((a, b) => a - b);
        expect(members).toEqual(texts.map((_, i) => i));
        for (const c of clusters) expect(c.members.length).toBeGreaterThan(0);
      }),
    );
  });

  it("gives the same partition whatever the order of the inputs", () => {
    fc.assert(
      fc.property(
        statements.chain((texts) =>
          fc.tuple(fc.constant(texts), fc.shuffledSubarray(texts, { minLength: texts.length })),
        ),
        ([texts, shuffled]) => {
          const a = clusterStatements(texts, { lang: "it" });
          const b = clusterStatements(shuffled, { lang: "it" });
          expect(partition(shuffled, b.clusters)).toEqual(partition(texts, a.clusters));
        },
      ),
    );
  });

  it("never gives fewer clusters for more granularity", () => {
    fc.assert(
      fc.property(
        statements,
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        (texts, g1, g2) => {
          const [low, high] = g1 <= g2 ? [g1, g2] : [g2, g1];
          const fewer = clusterStatements(texts, { lang: "it", granularity: low }).clusters.length;
          const more = clusterStatements(texts, { lang: "it", granularity: high }).clusters.length;
          expect(more).toBeGreaterThanOrEqual(fewer);
        },
      ),
    );
  });
});

describe("agreement measures", () => {
  it("score identical partitions 1 whatever the names", () => {
    expect(adjustedRandIndex([0, 0, 1, 1], ["b", "b", "a", "a"])).toBe(1);
    expect(normalizedMutualInformation([0, 0, 1, 1], ["b", "b", "a", "a"])).toBeCloseTo(1, 12);
  });

  it("match scikit-learn on a known case", () => {
    // sklearn: adjusted_rand_score([0,0,1,1],[0,0,1,2]) = 0.5714…, normalized_mutual_info_score = 0.8
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(4 / 7, 12);
    expect(normalizedMutualInformation([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(0.8, 12);
  });

  it("score independent partitions about 0", () => {
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 12);
    expect(normalizedMutualInformation([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(0, 12);
  });
});

// The demo instance, from the Chieri seed: one tavolo, its organisations, a member in each role, a meeting.
import type { Db } from "../db/create-db";
import * as Y from "yjs";
import { readBoard } from "../core/board";
import { addCard } from "../core/board-ops";
import { applyTemplate, BOARD_TEMPLATES } from "../core/board-templates";
import {
  boardDocName,
  type ContributorGroup,
  type MemberRole,
  type OrganizationKind,
} from "../core/domain";
import { translate } from "../core/i18n";
import { randomId } from "../core/ids";
import { addAction, createObjective, putIndicator, updateAction } from "../core/sensemaking";
import { projectBoard } from "./projection/board-projection";
import { createDocumentStore } from "./yjs/persistence";
import type { Actor, Services } from "./services";
import { pactDocName } from "../core/pact/extensions";
import { writeSection } from "../core/pact/section-doc";
import { logger } from "./logger";

const log = logger("demo");

/**
 * The first meeting's board, prepared as a facilitator would: the working group's four sheets
 * (after seed 001) with the post-its of a previous session typed up, so the demo shows a board.
 */
const DEMO_CARDS: {
  slot: (typeof BOARD_TEMPLATES)["working-group"][number];
  text: string;
  group: ContributorGroup;
}[] = [
  { slot: "target", text: "Minori 0-6 e le loro famiglie", group: "social_services" },
  { slot: "target", text: "Ragazze e ragazzi 11-14 che escono da scuola alle 14", group: "school" },
  { slot: "objectives", text: "Mettere in rete servizi sociali, scuola e sanità", group: "health" },
  {
    slot: "objectives",
    text: "Accompagnare le famiglie nei passaggi da un grado di scuola all'altro",
    group: "family",
  },
  {
    slot: "actions",
    text: "Una mappa aggiornata dei riferimenti (sanitari, scuola, servizi)",
    group: "association",
  },
  {
    slot: "actions",
    text: "Protocolli operativi tra enti per le segnalazioni",
    group: "social_services",
  },
  { slot: "places", text: "Centro per la famiglia aperto anche il sabato", group: "family" },
  {
    slot: "places",
    text: "Biblioteca civica e oratori come spazi di incontro",
    group: "association",
  },
];

/**
 * A first step of sensemaking on that board: the "objectives" sheet promoted to an objective under
 * macro-area G, with one action (its organisations, resources, timeline and one indicator), so
 * that the objectives page, the trace back to the cards and the unheard cards have something to show.
 */
function seedDemoObjective(
  doc: Y.Doc,
  clusterId: string,
  organizationIds: ReadonlyMap<string, string>,
) {
  const objectiveId = randomId();
  createObjective(doc, {
    id: objectiveId,
    title: "Una rete tra famiglie, scuola e servizi nei passaggi di crescita",
    description:
      "Servizi sociali, scuola e sanità si parlano e accompagnano insieme le famiglie nei passaggi da un grado di scuola all'altro.",
    policyArea: "G",
    clusterIds: [clusterId],
  });
  const actionId = randomId();
  addAction(doc, {
    id: actionId,
    objectiveId,
    title: "Mappa condivisa dei riferimenti per le famiglie",
  });
  updateAction(doc, actionId, {
    description:
      "Una mappa aggiornata di chi fa cosa (sanità, scuola, servizi), distribuita alle famiglie e agli operatori.",
    targetGroup: "Famiglie con figli 0-14 anni",
    places: ["Centro per la famiglia", "Biblioteca civica"],
    responsibleOrganizationId: organizationIds.get("consorzio") ?? null,
    partnerOrganizationIds: ["comune", "scuola", "asl"].flatMap((key) => {
      const id = organizationIds.get(key);
      return id ? [id] : [];
    }),
    resources: { staffHours: 120, euros: 3000, fundingSource: "Piano di Zona" },
    timeline: { start: "2026-09-01", end: "2027-06-30" },
  });
  putIndicator(doc, actionId, randomId(), {
    kind: "output",
    measure: "Mappa dei riferimenti pubblicata e distribuita nelle scuole",
    baseline: "Nessuna mappa",
    target: "Una mappa aggiornata ogni anno",
  });
}

async function seedDemoBoard(
  db: Db,
  meetingId: string,
  organizationIds: ReadonlyMap<string, string>,
) {
  const doc = new Y.Doc();
  const labels = Object.fromEntries(
    BOARD_TEMPLATES["working-group"].map((slot) => [
      slot,
      translate("it", `board.template.working-group.${slot}`),
    ]),
  );
  const frames = applyTemplate(doc, "working-group", labels);
  const frameOf = new Map(BOARD_TEMPLATES["working-group"].map((slot, i) => [slot, frames[i]!]));
  DEMO_CARDS.forEach((card, order) =>
    addCard(doc, {
      id: randomId(),
      text: card.text,
      authorLabel: "",
      group: card.group,
      inPerson: true,
      clusterId: frameOf.get(card.slot) ?? null,
      createdAt: Date.now() + order,
    }),
  );
  const objectivesFrame = frameOf.get("objectives");
  if (objectivesFrame) seedDemoObjective(doc, objectivesFrame, organizationIds);
  const docName = boardDocName(meetingId);
  await createDocumentStore(db).append([{ docName, update: Y.encodeStateAsUpdate(doc) }]);
  await projectBoard(db, meetingId, readBoard(doc));
}
/**
 * The pact the tavolo reached, so that the demo shows the hand-off: its text (with the meeting's
 * objectives as a live block), a version passed by one vote per organisation, signed by two
 * organisations with a third adhering, and published at /public/pacts/:id.
 */
async function seedDemoPact(
  services: Services,
  people: { chair: Actor; secretary: Actor; voters: Actor[]; signers: [Actor, string][] },
  roundtableId: string,
  meetingId: string,
): Promise<string> {
  const { chair, secretary } = people;
  const pact = await services.pacts.create(chair, roundtableId, {
    title: "Patto educativo di comunità del Chierese",
    template: "patto-educativo",
  });
  for (const [key, markdown] of Object.entries(DEMO_PACT_TEXT)) {
    await services.pacts.putSection(chair, pact.id, key, { markdown });
  }
  await services.pacts.documents().change(pactDocName(pact.id), (doc) =>
    writeSection(doc, "obiettivi", {
      type: "doc",
      content: [
        { type: "paragraph", content: [{ type: "text", text: "Dal primo laboratorio:" }] },
        { type: "objectivesBlock", attrs: { meetingId } },
      ],
    }),
  );
  const version = await services.pacts.createVersion(secretary, pact.id, {
    label: "Testo approvato dal tavolo",
  });
  const motion = await services.motions.open(secretary, pact.id, {
    title: "Approvazione del patto educativo",
    target: { versionId: version.id },
    method: "approval",
    votingUnit: "organization",
    majority: "absolute",
  });
  for (const voter of [secretary, ...people.voters]) {
    await services.motions.vote(voter, motion.id, { choice: "yes" });
  }
  await services.motions.close(secretary, motion.id);
  for (const [i, [signer, organizationId]] of people.signers.entries()) {
    await services.signatures.nameSigner(secretary, organizationId, signer.userId);
    await services.signatures.sign(signer, pact.id, version.id, {
      organizationId,
      role: i < 2 ? "signatory" : "adherent",
    });
  }
  await services.exports.publish(secretary, pact.id, { versionId: version.id });
  return pact.id;
}

const DEMO_PACT_TEXT: Record<string, string> = {
  premesse:
    "Il tavolo *Genitori, scuola, servizi* riunisce dal 2025 il Consorzio, il Comune di Chieri, l'Istituto Comprensivo Chieri I, l'ASL TO5 e le associazioni dei genitori, per dare risposte concrete e condivise alla crisi dell'educare.",
  finalita:
    "Costruire un modello di governance dei servizi per il sostegno alla genitorialità, in cui famiglie, scuola e servizi si riconoscono come **corresponsabili** del percorso educativo.",
  impegni:
    "Gli enti firmatari si impegnano a:\n\n- condividere i riferimenti dei propri servizi;\n- partecipare agli incontri del tavolo almeno tre volte l'anno;\n- rendere conto delle azioni di cui sono responsabili.",
};

export const DEMO_PASSWORD = "tavolo-demo-2026";

const ORGANIZATIONS: { key: string; name: string; kind: OrganizationKind }[] = [
  {
    key: "consorzio",
    name: "Consorzio dei Servizi Socio-Assistenziali del Chierese",
    kind: "social_services",
  },
  { key: "comune", name: "Comune di Chieri", kind: "municipality" },
  { key: "scuola", name: "Istituto Comprensivo Chieri I", kind: "school" },
  { key: "asl", name: "ASL TO5 – Consultorio familiare", kind: "health_authority" },
  { key: "genitori", name: "Associazione Genitori del Chierese", kind: "parents_association" },
];

const PEOPLE: { email: string; name: string; role: MemberRole; organization: string }[] = [
  {
    email: "facilitatore@demo.tavolo.it",
    name: "Giulia Ferrero",
    role: "facilitator",
    organization: "consorzio",
  },
  {
    email: "segreteria@demo.tavolo.it",
    name: "Marco Rosso",
    role: "secretary",
    organization: "consorzio",
  },
  { email: "comune@demo.tavolo.it", name: "Elena Bosco", role: "member", organization: "comune" },
  { email: "scuola@demo.tavolo.it", name: "Paolo Gallo", role: "member", organization: "scuola" },
  { email: "asl@demo.tavolo.it", name: "Sara Conti", role: "member", organization: "asl" },
  {
    email: "genitori@demo.tavolo.it",
    name: "Luca Bianco",
    role: "observer",
    organization: "genitori",
  },
];

const ROUNDTABLE = {
  name: "Genitori, scuola, servizi: al lavoro verso un patto educativo",
  territory: "Ambito territoriale di Chieri (n. 25)",
  description:
    "Fornire risposte concrete e condivise alla crescente crisi dell'educare, attraverso la costruzione di un modello di governance dei servizi per il sostegno alla genitorialità.",
};

/** Seeds once: when the demo facilitator already exists, it only prints the logins again. */
export async function seedDemo(db: Db, services: Services): Promise<void> {
  const facilitatorEmail = PEOPLE[0]!.email;
  const existing = await db
    .selectFrom("users")
    .select("id")
    .where("email", "=", facilitatorEmail)
    .executeTakeFirst();
  if (!existing) {
    const actors = new Map<string, Awaited<ReturnType<Services["accounts"]["createUser"]>>>();
    for (const person of PEOPLE) {
      actors.set(
        person.email,
        await services.accounts.createUser({
          email: person.email,
          name: person.name,
          password: DEMO_PASSWORD,
        }),
      );
    }
    const facilitator = actors.get(facilitatorEmail)!;
    const roundtable = await services.roundtables.create(facilitator, ROUNDTABLE);
    const organizationIds = new Map<string, string>();
    for (const org of ORGANIZATIONS) {
      const created = await services.roundtables.createOrganization(
        facilitator,
        roundtable.id,
        org,
      );
      organizationIds.set(org.key, created.id);
    }
    await db
      .updateTable("roundtable_members")
      .set({ organization_id: organizationIds.get("consorzio")! })
      .where("roundtable_id", "=", roundtable.id)
      .where("user_id", "=", facilitator.userId)
      .execute();
    // Everyone else joins the way real members do: by a single-use invite.
    for (const person of PEOPLE.slice(1)) {
      const { token } = await services.roundtables.createInvite(facilitator, roundtable.id, {
        role: person.role,
        organizationId: organizationIds.get(person.organization),
      });
      await services.roundtables.acceptInvite(actors.get(person.email)!, token);
    }
    const inTwoWeeks = new Date(Date.now() + 14 * 24 * 3600_000);
    inTwoWeeks.setUTCHours(16, 30, 0, 0);
    const meeting = await services.meetings.create(facilitator, roundtable.id, {
      title: "Primo laboratorio: ascoltare famiglie, scuole e servizi",
      kind: "workshop",
      startsAt: inTwoWeeks.toISOString(),
      place: "Biblioteca civica Nicolò e Paola Francone, Chieri",
      agenda: [
        {
          title: "Accoglienza e presentazione del tavolo",
          durationMinutes: 15,
          writing: false,
          editing: false,
        },
        { title: "Raccolta dei contributi: cosa manca oggi alle famiglie?", durationMinutes: 40 },
        { title: "Raggruppamento e obiettivi", durationMinutes: 30, writing: false },
        {
          title: "Votazione delle priorità e prossimi passi",
          durationMinutes: 20,
          writing: false,
          voting: true,
          editing: false,
        },
      ],
    });
    await seedDemoBoard(db, meeting.id, organizationIds);
    const actor = (email: string) => actors.get(email)!;
    const organization = (key: string) => organizationIds.get(key)!;
    await seedDemoPact(
      services,
      {
        chair: facilitator,
        secretary: actor("segreteria@demo.tavolo.it"),
        voters: ["comune", "scuola", "asl"].map((key) => actor(`${key}@demo.tavolo.it`)),
        signers: [
          [actor("comune@demo.tavolo.it"), organization("comune")],
          [actor("scuola@demo.tavolo.it"), organization("scuola")],
          [actor("asl@demo.tavolo.it"), organization("asl")],
        ],
      },
      roundtable.id,
      meeting.id,
    );
    log.info("demo tavolo created");
  }
  const lines = PEOPLE.map((p) => `  ${p.role.padEnd(12)} ${p.email}`);
  const published = await db
    .selectFrom("pacts")
    .select("id")
    .where("published_version_id", "is not", null)
    .orderBy("created_at")
    .executeTakeFirst();
  const publicPage = published ? `Published pact: /public/pacts/${published.id}\n` : "";
  process.stdout.write(
    `\nDemo tavolo «${ROUNDTABLE.name}»\nDemo logins (password: ${DEMO_PASSWORD}):\n${lines.join("\n")}\n${publicPage}\n`,
  );
}

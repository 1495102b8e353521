import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { putCard } from "../../core/board";
import { api, startTestApp, type TestApp } from "../support/app";
import { testDbKind } from "../support/test-db";
import { boardFixture, connectClient, until, wsUrl } from "../support/yjs";

describe(`cards written over /yjs reach the read models on ${testDbKind()}`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it("projects a card added by an official y-websocket client and serves it on the cards API", async () => {
    const board = await boardFixture(app);
    const client = await connectClient(wsUrl(app), board.docName, board.owner.token);
    try {
      putCard(client.doc, "card-1", {
        text: "Uno sportello per le famiglie a scuola",
        authorLabel: "Genitore",
        group: "famiglie",
      });
      let cards: { id: string; text: string; authorLabel: string }[] = [];
      await until("the card to be projected", async () => {
        await app.projector.flush();
        cards = (await api(app, board.owner.token, "GET", `/meetings/${board.meetingId}/cards`))
          .json.cards;
        return cards.length === 1;
      });
      expect(cards[0]).toMatchObject({
        id: "card-1",
        text: "Uno sportello per le famiglie a scuola",
        authorLabel: "Genitore",
      });
    } finally {
      client.destroy();
    }
  });
});

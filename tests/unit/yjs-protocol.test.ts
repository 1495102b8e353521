import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { parseDocName } from "../../server/yjs/doc-names";
import { accessFromStanding } from "../../server/yjs/access";
import {
  MalformedMessage,
  awarenessFrame,
  encodeAwarenessEntries,
  readMessage,
  syncStep1Frame,
  syncStep2Frame,
  updateFrame,
} from "../../server/yjs/protocol";

const ID = "0b6f8a52-3c1e-4d4b-9a57-8f1f5d2c9e10";

describe("Yjs document names", () => {
  it.each([
    [`board:${ID}`, { name: `board:${ID}`, kind: "board", id: ID }],
    [`pact:${ID.toUpperCase()}`, { name: `pact:${ID}`, kind: "pact", id: ID }],
    [`notes:${ID}`, null],
    ["board:42", null],
    [`board:${ID}:extra`, null],
    ["", null],
  ])("%j names %j", (raw, expected) => {
    expect(parseDocName(raw)).toEqual(expected);
  });
});

describe("access to a document from a standing", () => {
  it.each([
    ["facilitator", "board", "write"],
    ["member", "board", "write"],
    ["observer", "board", "read"],
    ["remote_contributor", "board", "write"],
    ["remote_contributor", "pact", "none"],
    ["observer", "pact", "read"],
    ["member", "pact", "write"],
    ["none", "board", "none"],
  ] as const)("%s on a %s may %s", (standing, kind, mode) => {
    expect(accessFromStanding(standing, kind)).toBe(mode);
  });
});

describe("reading y-websocket frames", () => {
  const doc = new Y.Doc();
  doc.getMap("cards").set("c1", { text: "idea" });
  const update = Y.encodeStateAsUpdate(doc);

  it("reads what the official client sends", () => {
    expect(readMessage(syncStep1Frame(Y.encodeStateVector(doc))).type).toBe("sync-step-1");
    expect(readMessage(syncStep2Frame(update))).toEqual({ type: "update", update, step2: true });
    expect(readMessage(updateFrame(update))).toEqual({ type: "update", update, step2: false });
    const entries = [{ clientId: 7, clock: 3, state: { user: "Giulia" } }];
    const awareness = readMessage(awarenessFrame(encodeAwarenessEntries(entries)));
    expect(awareness.type === "awareness" && awareness.entries).toEqual(entries);
    expect(readMessage(new Uint8Array([2, 0])).type).toBe("auth");
    expect(readMessage(new Uint8Array([3])).type).toBe("query-awareness");
  });

  it.each([
    ["an empty frame", []],
    ["an unknown message type", [9]],
    ["an unknown sync type", [0, 7, 0]],
    ["a truncated varint", [0x80]],
    ["a length past the end", [0, 2, 50, 1, 2]],
    ["awareness that is not JSON", [1, 5, 1, 1, 1, 1, 0x7b]],
  ])("refuses %s", (_label, bytes) => {
    expect(() => readMessage(new Uint8Array(bytes))).toThrow(MalformedMessage);
  });
});

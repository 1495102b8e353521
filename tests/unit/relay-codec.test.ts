import { describe, expect, it } from "vitest";
import {
  decodeRelayMessage,
  encodeRelayMessage,
  MalformedRelayMessage,
} from "../../server/scale/relay-codec";
import type { RelayedMessage } from "../../server/yjs/relay";

describe("relay messages between instances", () => {
  const messages: RelayedMessage[] = [
    { kind: "update", update: new Uint8Array([1, 2, 3]) },
    { kind: "awareness", update: new Uint8Array([0]) },
    { kind: "resync" },
    { kind: "query-awareness" },
  ];

  it.each(messages)("round-trips a $kind message with its origin", (message) => {
    expect(decodeRelayMessage(encodeRelayMessage("instance-a", message))).toEqual({
      origin: "instance-a",
      message,
    });
  });

  const valid = encodeRelayMessage("instance-a", messages[0]!);
  it.each([
    ["empty", new Uint8Array()],
    ["an unknown format", new Uint8Array([9, ...valid.slice(1)])],
    ["truncated", valid.slice(0, valid.length - 1)],
    ["trailing bytes", new Uint8Array([...valid, 0])],
    [
      "an unknown kind",
      encodeRelayMessage("a", { kind: "resync" }).map((b, i, all) =>
        i === all.length - 1 ? 7 : b,
      ),
    ],
    ["no origin", encodeRelayMessage("", { kind: "resync" })],
    ["a text", new TextEncoder().encode("hello")],
  ])("refuses %s", (_name, data) => {
    expect(() => decodeRelayMessage(data)).toThrow(MalformedRelayMessage);
  });
});

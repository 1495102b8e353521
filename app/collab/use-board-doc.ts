// The browser side of a board's Yjs document: one Y.Doc kept in sync with /yjs/board:<id>.
import { boardDocName } from "../../core/domain";
import { useYjsDoc, type YjsDoc, type YjsDocOptions } from "./use-yjs-doc";

export type { ConnectionStatus } from "./use-yjs-doc";

/** A remote contributor's invite token and device key; signed-in users need neither. */
export type BoardDocOptions = Pick<YjsDocOptions, "token" | "guestKey">;

/** A board's document; `synced` means it holds the stored board. */
export type BoardDoc = YjsDoc;

/** Connects to a board's document for as long as the component is mounted (null until then). */
export function useBoardDoc(meetingId: string, options: BoardDocOptions = {}): BoardDoc | null {
  const { token, guestKey } = options;
  // A cold board of thousands of cards is read in one sync: do not encode it again on the way in.
  return useYjsDoc(boardDocName(meetingId), { token, guestKey, skipEchoEncoding: true });
}

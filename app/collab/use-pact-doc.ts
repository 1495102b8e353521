// The browser side of a pact's Yjs document: one Y.Doc for the whole pact (one fragment per
// section) kept in sync with /yjs/pact:<id>. Its awareness carries who is writing where.
import { pactDocName } from "../../core/pact/extensions";
import { useYjsDoc, type YjsDoc } from "./use-yjs-doc";

/** A pact's document; `synced` means its fragments hold the stored sections. */
export type PactDoc = YjsDoc;

/** What each client publishes in the awareness besides CollaborationCaret's `user`. */
export const SECTION_FIELD = "section";

/** Joins a pact's document for as long as the component is mounted (null until then, and in SSR). */
export function usePactDoc(pactId: string): PactDoc | null {
  // Signed-in users only: the session cookie authenticates the socket.
  return useYjsDoc(pactDocName(pactId));
}

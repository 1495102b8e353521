// The browser side of a pact's Yjs document: one Y.Doc for the whole pact (one fragment per
// section) kept in sync with /yjs/pact:<id>. Its awareness carries who is writing where.
import { pactDocName } from "../../core/pact/extensions";
import { useYjsDoc, type YjsDoc, type YjsDocOptions } from "./use-yjs-doc";

/** A pact's document; `synced` means its fragments hold the stored sections. */
export type PactDoc = YjsDoc;

/** What each client publishes in the awareness besides CollaborationCaret's `user`. */
export const SECTION_FIELD = "section";

/**
 * Joins a pact's document for as long as the component is mounted (null until then, and in SSR).
 * Members go by their session cookie; a remote contributor by their invite and device key.
 */
export function usePactDoc(
  pactId: string,
  guest?: Pick<YjsDocOptions, "token" | "guestKey">,
): PactDoc | null {
  return useYjsDoc(pactDocName(pactId), { token: guest?.token, guestKey: guest?.guestKey });
}

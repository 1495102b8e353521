// What every part of the objectives page needs and would otherwise be handed down five levels:
// the board document, whether this viewer may change it, the tavolo's organisations and policy
// areas, what they may read of cards, and the page's announcer.
import { createContext, useContext } from "react";
import type * as Y from "yjs";
import type { BoardSnapshot } from "../../../core/board";
import type { PolicyArea } from "../../../core/policy-areas";
import type { CardViewer } from "./trace";

export interface OrganizationOption {
  id: string;
  name: string;
}

export interface ObjectivesContextValue {
  doc: Y.Doc;
  board: BoardSnapshot;
  editable: boolean;
  organizations: readonly OrganizationOption[];
  policyAreas: readonly PolicyArea[];
  viewer: CardViewer;
  /** Says something to screen readers (an action added, an indicator removed). */
  announce: (text: string) => void;
}

const ObjectivesContext = createContext<ObjectivesContextValue | null>(null);

export const ObjectivesProvider = ObjectivesContext.Provider;

export function useObjectives(): ObjectivesContextValue {
  const value = useContext(ObjectivesContext);
  if (!value) throw new Error("useObjectives() outside the objectives page");
  return value;
}

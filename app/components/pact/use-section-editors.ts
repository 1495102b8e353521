// The pact page's section editors by key, as state: the suggestions panel and the comments follow
// the ones that exist, and each editor reports itself through SectionEditor's onEditor.
import type { Editor } from "@tiptap/react";
import { useCallback, useState } from "react";

/** The sections' editors by key, as state: the panel follows the ones that exist. */
export function useSectionEditors() {
  const [editors, setEditors] = useState<Record<string, Editor>>({});
  const onEditor = useCallback((key: string, editor: Editor | null) => {
    setEditors((previous) => {
      if (editor) return previous[key] === editor ? previous : { ...previous, [key]: editor };
      if (!(key in previous)) return previous;
      const { [key]: _gone, ...rest } = previous;
      return rest;
    });
  }, []);
  return [editors, onEditor] as const;
}

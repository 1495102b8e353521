import type { JSONContent } from "@tiptap/core";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { sectionFragmentName } from "../../core/pact/extensions";
import { markdownToSection, sectionToMarkdown } from "../../core/pact/markdown";
import { emptySection, readSection, writeSection } from "../../core/pact/section-doc";

const sync = (from: Y.Doc, to: Y.Doc) =>
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));

describe("readSection and writeSection", () => {
  it("reads an empty document for a section never written", () => {
    expect(readSection(new Y.Doc(), "premesse")).toEqual(emptySection());
    expect(emptySection()).toEqual({ type: "doc", content: [{ type: "paragraph" }] });
  });

  it("writes a section into its own fragment and reads it back", () => {
    const ydoc = new Y.Doc();
    const markdown =
      "## Obiettivi\n\nUn **patto** con [link](https://a.it)[^1]\n\n- uno\n  - due\n\n| A | B |\n| --- | ---: |\n| 1 | 2 |\n\n[^1]: nota";
    writeSection(ydoc, "obiettivi", markdownToSection(markdown));
    expect(sectionToMarkdown(readSection(ydoc, "obiettivi"))).toBe(markdown);
    expect(ydoc.getXmlFragment(sectionFragmentName("obiettivi")).length).toBe(4);
    expect(readSection(ydoc, "premesse")).toEqual(emptySection());
  });

  it("replaces the content in one transaction that another copy receives as one update", () => {
    const server = new Y.Doc();
    const client = new Y.Doc();
    writeSection(server, "azioni", markdownToSection("Prima versione\n\nSecondo paragrafo"));
    sync(server, client);
    const updates: Uint8Array[] = [];
    server.on("update", (update: Uint8Array, origin: unknown) => {
      expect(origin).toBe("import");
      updates.push(update);
    });
    writeSection(
      server,
      "azioni",
      markdownToSection("Seconda versione\n\nSecondo paragrafo"),
      "import",
    );
    expect(updates).toHaveLength(1);
    Y.applyUpdate(client, updates[0]!);
    expect(sectionToMarkdown(readSection(client, "azioni"))).toBe(
      "Seconda versione\n\nSecondo paragrafo",
    );
  });

  it("refuses a document the pact schema does not allow", () => {
    const bad: JSONContent = { type: "doc", content: [{ type: "text", text: "fuori posto" }] };
    expect(() => writeSection(new Y.Doc(), "x", bad)).toThrow();
  });

  it("reads what it can of a fragment a client filled with nodes the schema does not know", () => {
    const ydoc = new Y.Doc();
    const fragment = ydoc.getXmlFragment(sectionFragmentName("x"));
    const unknown = new Y.XmlElement("video");
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText("resta")]);
    const heading = new Y.XmlElement("heading");
    heading.setAttribute("level", 2 as unknown as string);
    heading.insert(0, [new Y.XmlElement("paragraph")]);
    fragment.insert(0, [unknown, paragraph, heading]);
    expect(sectionToMarkdown(readSection(ydoc, "x"))).toBe("resta");
  });
});

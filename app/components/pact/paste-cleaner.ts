// Cleans HTML pasted from Word, LibreOffice or a web page before the editor parses it: keeps the
// structure a pact has (headings, paragraphs, lists, tables, bold, italic, strike, links) and
// drops the rest (styles, classes, mso-* markup, comments, conditional blocks, images, empty
// spans). Word's "lists" are paragraphs with an `mso-list` style and a typed marker: they become
// real nested lists. Pure string work (no DOM), so the same code runs in the browser and in tests.

interface ElementNode {
  kind: "element";
  name: string;
  attributes: Record<string, string>;
  children: TreeNode[];
}
interface TextNode {
  kind: "text";
  /** Raw HTML text: entities stay encoded. */
  text: string;
}
type TreeNode = ElementNode | TextNode;

const VOID = new Set([
  "br",
  "hr",
  "img",
  "col",
  "meta",
  "link",
  "input",
  "area",
  "base",
  "wbr",
  "source",
]);
/** Dropped with everything inside them. */
const DROPPED = new Set([
  "head",
  "style",
  "script",
  "title",
  "meta",
  "link",
  "xml",
  "img",
  "picture",
  "svg",
  "object",
  "embed",
  "iframe",
  "video",
  "audio",
  "canvas",
  "col",
  "colgroup",
  "button",
  "input",
  "select",
  "textarea",
  "form",
  "map",
  "noscript",
  "template",
]);
/** Kept as they are (their allowed attributes only). */
const KEPT = new Set([
  "p",
  "ul",
  "ol",
  "li",
  "table",
  "thead",
  "tbody",
  "tfoot",
  "tr",
  "th",
  "td",
  "blockquote",
  "hr",
  "br",
  "strong",
  "em",
  "s",
  "sup",
  "sub",
]);
const RENAMED: Record<string, string> = {
  b: "strong",
  i: "em",
  strike: "s",
  del: "s",
  caption: "p",
};
const ATTRIBUTES: Record<string, readonly string[]> = {
  a: ["href"],
  td: ["colspan", "rowspan"],
  th: ["colspan", "rowspan"],
  ol: ["start"],
};
const BLOCKS = new Set(["p", "h2", "h3", "h4", "ul", "ol", "li", "table", "blockquote", "hr"]);

// Internal names for the list markers Word writes as text; never in the output.
const MARKER = "x-list-marker";

/** Removes comments and Word's conditional blocks; list markers become a named element. */
function stripMarkup(html: string): string {
  return (
    html
      // Word's typed list markers ("1.", "·" and the spaces after), shown only without list support.
      .replace(/<!\[if !supportLists\]>([\s\S]*?)<!\[endif\]>/gi, `<${MARKER}>$1</${MARKER}>`)
      .replace(/<!--[\s\S]*?-->/g, "")
      .replace(/<!\[if[^\]]*\]>|<!\[endif\]>/gi, "")
      .replace(/<!DOCTYPE[^>]*>|<\?xml[^>]*>/gi, "")
  );
}

const TAG =
  /<(\/?)([a-zA-Z][\w:.-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*(\/?)>/g;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

function parseAttributes(source: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of source.matchAll(ATTRIBUTE)) {
    attributes[match[1]!.toLowerCase()] = match[2] ?? match[3] ?? match[4] ?? "";
  }
  return attributes;
}

/** A forgiving tree builder: unknown closing tags are ignored, unclosed elements end with their parent. */
function parse(html: string): ElementNode {
  const root: ElementNode = { kind: "element", name: "#root", attributes: {}, children: [] };
  const stack: ElementNode[] = [root];
  const top = () => stack[stack.length - 1]!;
  let last = 0;
  const pushText = (text: string) => {
    // A stray "<" that opened no tag is text, and must stay text.
    if (text) top().children.push({ kind: "text", text: text.replace(/</g, "&lt;") });
  };
  for (const match of html.matchAll(TAG)) {
    pushText(html.slice(last, match.index));
    last = match.index + match[0].length;
    const [, closing, rawName, attributes, selfClosing] = match;
    const name = rawName!.toLowerCase();
    if (closing) {
      const at = stack.map((e) => e.name).lastIndexOf(name);
      if (at > 0) stack.length = at;
      continue;
    }
    const element: ElementNode = {
      kind: "element",
      name,
      attributes: parseAttributes(attributes ?? ""),
      children: [],
    };
    // A new paragraph or list item closes an unclosed one (the HTML rule, for hand-made markup).
    if ((name === "p" || name === "li") && top().name === name) stack.pop();
    top().children.push(element);
    if (!selfClosing && !VOID.has(name)) stack.push(element);
  }
  pushText(html.slice(last));
  return root;
}

function styleOf(element: ElementNode): Record<string, string> {
  const style: Record<string, string> = {};
  for (const declaration of (element.attributes.style ?? "").split(";")) {
    const colon = declaration.indexOf(":");
    if (colon < 0) continue;
    style[declaration.slice(0, colon).trim().toLowerCase()] = declaration
      .slice(colon + 1)
      .trim()
      .toLowerCase();
  }
  return style;
}

const decodeSpaces = (text: string) => text.replace(/&nbsp;|&#160;|&#xa0;/gi, " ");

function textOf(node: TreeNode): string {
  return node.kind === "text" ? node.text : node.children.map(textOf).join("");
}

function isBlank(nodes: TreeNode[]): boolean {
  return nodes.every((node) =>
    node.kind === "text"
      ? decodeSpaces(node.text).trim() === ""
      : node.name !== "br" && node.name !== "hr" && node.name !== "table" && isBlank(node.children),
  );
}

function element(name: string, children: TreeNode[], attributes = {}): ElementNode {
  return { kind: "element", name, attributes, children };
}

function safeHref(href: string): string | null {
  const value = href.trim();
  return /^(https?:\/\/|mailto:)/i.test(value) ? value : null;
}

/** Bold, italic and strike written as a style (LibreOffice spans, Word's `<span style=…>`). */
function styledMarks(style: Record<string, string>): string[] {
  const marks: string[] = [];
  const weight = style["font-weight"];
  if (weight === "bold" || weight === "bolder" || (weight && Number(weight) >= 600))
    marks.push("strong");
  if (style["font-style"] === "italic" || style["font-style"] === "oblique") marks.push("em");
  if ((style["text-decoration"] ?? style["text-decoration-line"] ?? "").includes("line-through"))
    marks.push("s");
  return marks;
}

const wrapIn = (marks: string[], children: TreeNode[]): TreeNode[] =>
  marks.reduceRight<TreeNode[]>((inner, mark) => [element(mark, inner)], children);

/** Cleans one node into zero or more nodes. */
function clean(node: TreeNode, headingShift: number): TreeNode[] {
  if (node.kind === "text") return [node];
  const { name } = node;
  if (DROPPED.has(name) || name === MARKER) return [];
  // Word's VML shapes and drawing markup (v:shape, w:…): images and layout, never text.
  if (/^(v|w|m|wp|a|pic|x|st1):/.test(name) && name !== "o:p") return [];
  const style = styleOf(node);
  if (style["mso-list"] === "ignore" || style.display === "none") return [];
  const children = cleanChildren(node, headingShift);

  const heading = /^h([1-6])$/.exec(name);
  if (heading) {
    const level = Math.min(4, Math.max(2, Number(heading[1]) - headingShift));
    return isBlank(children) ? [] : [element(`h${level}`, children)];
  }
  if (name === "a") {
    const href = safeHref(node.attributes.href ?? "");
    // Bookmarks and Word's internal anchors (#_ftn1, #_Toc…) keep their text only.
    return href ? [element("a", children, { href })] : children;
  }
  if (name === "br") {
    return /page-break/.test(node.attributes.style ?? "") ? [] : [element("br", [])];
  }
  if (name === "p" || name === "li") {
    if (name === "p" && isBlank(children)) return [];
    return [element(name, wrapIn(styledMarks(style), children))];
  }
  if (name === "b" && style["font-weight"] && styledMarks(style).length === 0) {
    // Google Docs wraps a whole paste in <b style="font-weight:normal">: not bold at all.
    return children;
  }
  const kept = RENAMED[name] ?? (KEPT.has(name) ? name : null);
  if (kept) {
    const allowed = ATTRIBUTES[kept] ?? [];
    const attributes = Object.fromEntries(
      allowed.flatMap((a) =>
        node.attributes[a] && /^\d{1,3}$/.test(node.attributes[a]!)
          ? [[a, node.attributes[a]!]]
          : [],
      ),
    );
    const result = element(kept, children, attributes);
    if ((kept === "strong" || kept === "em" || kept === "s") && isBlank(children)) return children;
    return [result];
  }
  // span, font, div, u, o:p, section and the like: their text stays, with the marks their style gave.
  if (isBlank(children)) return children.filter((c) => c.kind === "text");
  return wrapIn(styledMarks(style), children);
}

/** Elements whose whitespace-only text between children means nothing (indentation). */
const CONTAINERS = new Set([
  "#root",
  "body",
  "html",
  "ul",
  "ol",
  "li",
  "table",
  "thead",
  "tbody",
  "tfoot",
  "tr",
  "td",
  "th",
  "blockquote",
]);

function cleanChildren(parent: ElementNode, headingShift: number): TreeNode[] {
  const cleaned = groupWordLists(parent.children).flatMap((node) => clean(node, headingShift));
  if (!CONTAINERS.has(parent.name)) return cleaned;
  // Only line breaks and indentation: a lone space between two words in bold and italic stays.
  return cleaned.filter((node) => node.kind !== "text" || !/^[ \t]*[\r\n][\s]*$/.test(node.text));
}

interface WordListItem {
  /** Word's list id (`l0`, `l1`…): a new id at the top level starts a new list. */
  list: string;
  level: number;
  ordered: boolean;
  paragraph: ElementNode;
}

/** A Word list paragraph: its level and whether its marker is a number or letter. */
function wordListItem(node: TreeNode): WordListItem | null {
  if (node.kind !== "element" || node.name !== "p") return null;
  const msoList = /mso-list:\s*(l\d+)\s+level(\d+)/i.exec(node.attributes.style ?? "");
  if (!msoList) return null;
  const marker = findMarker(node);
  const markerText = marker ? decodeSpaces(textOf(marker)).trim() : "";
  return {
    list: msoList[1]!.toLowerCase(),
    level: Number(msoList[2]),
    ordered: /^(\(?[0-9]+|[a-z]{1,3}|[ivxlc]+)[.)]$/i.test(markerText),
    paragraph: node,
  };
}

function findMarker(node: ElementNode): ElementNode | null {
  for (const child of node.children) {
    if (child.kind !== "element") continue;
    if (child.name === MARKER || /mso-list:\s*ignore/i.test(child.attributes.style ?? ""))
      return child;
    const inner = findMarker(child);
    if (inner) return inner;
  }
  return null;
}

/** Turns each run of Word list paragraphs among these siblings into nested <ul>/<ol>. */
function groupWordLists(nodes: TreeNode[]): TreeNode[] {
  const result: TreeNode[] = [];
  let run: WordListItem[] = [];
  const flush = () => {
    if (run.length > 0) result.push(buildList(run));
    run = [];
  };
  for (const node of nodes) {
    const item = wordListItem(node);
    if (item && run.length > 0 && item.list !== run[0]!.list && item.level <= run[0]!.level) {
      flush();
      run.push(item);
    } else if (item) run.push(item);
    // Whitespace between Word's paragraphs does not end a list.
    else if (node.kind === "text" && decodeSpaces(node.text).trim() === "" && run.length > 0)
      continue;
    else {
      flush();
      result.push(node);
    }
  }
  flush();
  return result;
}

function buildList(items: WordListItem[]): ElementNode {
  const paragraph = (item: WordListItem) => element("li", [{ ...item.paragraph, attributes: {} }]);
  const root = element(items[0]!.ordered ? "ol" : "ul", []);
  // The open list at each depth; a deeper item opens a list inside the last item above it.
  const lists: { level: number; list: ElementNode }[] = [{ level: items[0]!.level, list: root }];
  for (const item of items) {
    while (lists.length > 1 && item.level < lists[lists.length - 1]!.level) lists.pop();
    const current = lists[lists.length - 1]!;
    if (item.level > current.level) {
      const parentItem = current.list.children[current.list.children.length - 1] as
        ElementNode | undefined;
      const nested = element(item.ordered ? "ol" : "ul", []);
      if (parentItem) parentItem.children.push(nested);
      else current.list.children.push(element("li", [nested]));
      lists.push({ level: item.level, list: nested });
    }
    lists[lists.length - 1]!.list.children.push(paragraph(item));
  }
  return root;
}

function escapeAttribute(value: string): string {
  return value.replace(/&(?!(#\d+|#x[0-9a-f]+|\w+);)/gi, "&amp;").replace(/"/g, "&quot;");
}

function serialize(nodes: TreeNode[]): string {
  return nodes
    .map((node) => {
      if (node.kind === "text") return node.text;
      const attributes = Object.entries(node.attributes)
        .map(([key, value]) => ` ${key}="${escapeAttribute(value)}"`)
        .join("");
      if (VOID.has(node.name)) return `<${node.name}${attributes}>`;
      const inner = serialize(node.children);
      // Block boundaries on their own line: easier to read in tests, ignored by the parser.
      const end = BLOCKS.has(node.name) ? "\n" : "";
      return `<${node.name}${attributes}>${inner}</${node.name}>${end}`;
    })
    .join("");
}

/** The shift that makes the pasted text's top heading a level 2 (the section's own title is above). */
function headingShiftOf(html: string): number {
  const levels = [...html.matchAll(/<h([1-6])[\s>]/gi)].map((m) => Number(m[1]));
  return levels.length === 0 ? 0 : Math.min(...levels) - 2;
}

/** The editor's transformPastedHTML: pasted HTML in, clean HTML in the pact's vocabulary out. */
export function cleanPastedHtml(html: string): string {
  const stripped = stripMarkup(html);
  const tree = parse(stripped);
  const body = findBody(tree) ?? tree;
  return serialize(cleanChildren(body, headingShiftOf(stripped))).trim();
}

function findBody(node: ElementNode): ElementNode | null {
  for (const child of node.children) {
    if (child.kind !== "element") continue;
    if (child.name === "body") return child;
    const inner = findBody(child);
    if (inner) return inner;
  }
  return null;
}

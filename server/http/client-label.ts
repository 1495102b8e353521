// A short, coarse label for a session's device ("Firefox · Linux"): enough to recognise it, no more.
// Order matters: Edge and Opera also say Chrome, and every browser on iOS also says Safari.
const BROWSERS: [RegExp, string][] = [
  [/Edg(iOS|A)?\//, "Edge"],
  [/OPR\//, "Opera"],
  [/(Firefox|FxiOS)\//, "Firefox"],
  [/(Chrom(e|ium)|CriOS)\//, "Chrome"],
  [/Safari\//, "Safari"],
  [/curl\//, "curl"],
];
const SYSTEMS: [RegExp, string][] = [
  [/Android/, "Android"],
  [/iPhone|iPad|iOS/, "iOS"],
  [/Windows/, "Windows"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/CrOS/, "ChromeOS"],
  [/Linux/, "Linux"],
];

export function clientLabel(userAgent: string | undefined): string | null {
  if (!userAgent) return null;
  const browser = BROWSERS.find(([re]) => re.test(userAgent))?.[1];
  const system = SYSTEMS.find(([re]) => re.test(userAgent))?.[1];
  const label = [browser, system].filter(Boolean).join(" · ");
  return label || null;
}

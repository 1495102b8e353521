// The one logger: one line per event, level and scope first, quiet in tests unless asked.
type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function threshold(): number {
  const wanted = process.env.LOG_LEVEL as Level | undefined;
  if (wanted && wanted in ORDER) return ORDER[wanted];
  return process.env.NODE_ENV === "test" || process.env.VITEST ? ORDER.error + 1 : ORDER.info;
}

function write(level: Level, scope: string, message: string, extra?: Record<string, unknown>) {
  if (ORDER[level] < threshold()) return;
  const tail = extra ? ` ${JSON.stringify(extra)}` : "";
  const line = `${new Date().toISOString()} ${level.toUpperCase()} [${scope}] ${message}${tail}`;
  if (level === "error" || level === "warn") process.stderr.write(line + "\n");
  else process.stdout.write(line + "\n");
}

export function logger(scope: string) {
  return {
    debug: (m: string, e?: Record<string, unknown>) => write("debug", scope, m, e),
    info: (m: string, e?: Record<string, unknown>) => write("info", scope, m, e),
    warn: (m: string, e?: Record<string, unknown>) => write("warn", scope, m, e),
    error: (m: string, e?: Record<string, unknown>) => write("error", scope, m, e),
  };
}
export type Logger = ReturnType<typeof logger>;

// The embedded database belongs to one process: a lock file in the data directory says which.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface LockInfo {
  pid: number;
  port: number;
  secret: string;
}

const LOCK_FILE = "tavolo-server.lock.json";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The server holding `dataDir`, if one is running; a lock left by a dead process is ignored. */
export function readLiveLock(dataDir: string): LockInfo | null {
  const file = path.join(dataDir, LOCK_FILE);
  if (!existsSync(file)) return null;
  try {
    const info = JSON.parse(readFileSync(file, "utf8")) as LockInfo;
    return Number.isInteger(info.pid) && alive(info.pid) && info.pid !== process.pid ? info : null;
  } catch {
    return null;
  }
}

/** Port 0 means the holder is starting (or is a CLI run) and cannot take commands yet. */
export function writeLock(dataDir: string, port: number, secret: string): LockInfo {
  const info: LockInfo = { pid: process.pid, port, secret };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(path.join(dataDir, LOCK_FILE), JSON.stringify(info), { mode: 0o600 });
  return info;
}

export function removeLock(dataDir: string): void {
  const file = path.join(dataDir, LOCK_FILE);
  try {
    const info = JSON.parse(readFileSync(file, "utf8")) as LockInfo;
    if (info.pid === process.pid) rmSync(file, { force: true });
  } catch {
    // Nothing to remove.
  }
}

export function newCliSecret(): string {
  return randomBytes(24).toString("hex");
}

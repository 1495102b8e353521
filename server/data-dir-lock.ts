// The embedded database belongs to one process: a lock file in the data directory says which.
import { randomBytes } from "node:crypto";
import {
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
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

/** A complete lock file under a private name, so no reader ever sees it half written. */
function writeTemporary(dataDir: string, info: LockInfo): string {
  mkdirSync(dataDir, { recursive: true });
  const temporary = path.join(
    dataDir,
    `${LOCK_FILE}.${process.pid}.${randomBytes(4).toString("hex")}`,
  );
  writeFileSync(temporary, JSON.stringify(info), { mode: 0o600 });
  return temporary;
}

/**
 * Takes `dataDir` for this process, atomically: of two processes starting at once, exactly one
 * gets it. Refused while a live process holds it; a lock left by a dead process is replaced.
 * It starts with port 0: the holder is starting (or is a CLI run) and takes no commands yet.
 */
export function acquireLock(
  dataDir: string,
  secret: string,
): { acquired: true; info: LockInfo } | { acquired: false; holder: LockInfo } {
  const info: LockInfo = { pid: process.pid, port: 0, secret };
  const file = path.join(dataDir, LOCK_FILE);
  const temporary = writeTemporary(dataDir, info);
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        // link() fails if the lock exists, and otherwise makes it appear complete, in one step.
        linkSync(temporary, file);
        return { acquired: true, info };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const holder = readLiveLock(dataDir);
      if (holder) return { acquired: false, holder };
      rmSync(file, { force: true });
    }
    throw new Error(`could not take the lock file ${file}`);
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** Rewrites this process's lock, e.g. with the port it now listens on; readers see old or new. */
export function writeLock(dataDir: string, port: number, secret: string): LockInfo {
  const info: LockInfo = { pid: process.pid, port, secret };
  renameSync(writeTemporary(dataDir, info), path.join(dataDir, LOCK_FILE));
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

// The loaded documents: one Room per name, loaded on first use, unloaded when idle and saved.
import { CLOSE } from "./protocol";
import { Room, type RoomDeps } from "./room";

export class RoomRegistry {
  private readonly rooms = new Map<string, Promise<Room>>();
  /** The promise in `rooms` each loaded room came from, so it can be forgotten at once. */
  private readonly origins = new WeakMap<Room, Promise<Room>>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly deps: Omit<RoomDeps, "onBroken">,
    private readonly idleUnloadMs: number,
  ) {}

  /** The room, loaded if needed and pinned until `release`; rejects if the load fails. */
  async acquire(name: string): Promise<Room> {
    for (;;) {
      this.cancelIdle(name);
      let loading = this.rooms.get(name);
      if (!loading) {
        const started = Room.load(name, { ...this.deps, onBroken: (room) => this.drop(room) });
        loading = started;
        this.rooms.set(name, started);
        started.then((room) => this.origins.set(room, started)).catch(() => {});
        // A failed load is forgotten so the next attempt reads storage again.
        started.catch(() => {
          if (this.rooms.get(name) === started) this.rooms.delete(name);
        });
      }
      const room = await loading;
      // The room may have been unloaded or dropped while we waited: load it afresh.
      if (room.destroyed || room.broken) {
        if (this.rooms.get(name) === loading) this.rooms.delete(name);
        continue;
      }
      room.pins += 1;
      return room;
    }
  }

  release(room: Room) {
    room.pins = Math.max(0, room.pins - 1);
    this.scheduleIdle(room);
  }

  /** Called when a room's last connection leaves. */
  scheduleIdle(room: Room) {
    if (room.pins > 0 || room.members.size > 0 || room.broken) return;
    this.cancelIdle(room.name);
    const timer = setTimeout(() => void this.unloadIfIdle(room), this.idleUnloadMs);
    timer.unref();
    this.idleTimers.set(room.name, timer);
  }

  async unloadIfIdle(room: Room) {
    this.idleTimers.delete(room.name);
    if (room.pins > 0 || room.members.size > 0) return;
    await room.whenCommitted();
    // Someone may have joined while the last commit finished.
    if (room.pins > 0 || room.members.size > 0) return;
    this.forget(room);
  }

  /** A room whose commit failed: its clients reconnect and resync from storage. */
  private drop(room: Room) {
    for (const member of [...room.members]) member.close(CLOSE.UNAVAILABLE, "document not saved");
    this.forget(room);
  }

  private forget(room: Room) {
    const origin = this.origins.get(room);
    if (origin && this.rooms.get(room.name) === origin) this.rooms.delete(room.name);
    this.cancelIdle(room.name);
    room.destroy();
  }

  private cancelIdle(name: string) {
    const timer = this.idleTimers.get(name);
    if (timer) clearTimeout(timer);
    this.idleTimers.delete(name);
  }

  /** Every room currently loaded (for shutdown). */
  async all(): Promise<Room[]> {
    const settled = await Promise.allSettled([...this.rooms.values()]);
    return settled.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  }

  /** After the relay reconnected (updates may have been missed): every loaded room reads storage. */
  async resyncAll(): Promise<void> {
    const rooms = await this.all();
    await Promise.all(
      rooms.map((room) =>
        room.resyncFromStore().catch((error: unknown) =>
          this.deps.log.warn("resync from storage failed", {
            doc: room.name,
            error: String(error),
          }),
        ),
      ),
    );
  }

  async closeAll() {
    for (const name of [...this.idleTimers.keys()]) this.cancelIdle(name);
    const rooms = await this.all();
    this.rooms.clear();
    for (const room of rooms) room.destroy();
  }

  get size(): number {
    return this.rooms.size;
  }
}

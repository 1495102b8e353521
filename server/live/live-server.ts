// socket.io on the shared http.Server: namespace /live, meeting rooms, zod-checked commands with acks.
import type http from "node:http";
import { Server, type ServerOptions, type Socket } from "socket.io";
import { AppError, isAppError } from "../../core/errors";
import { translate } from "../../core/i18n";
import type { Locale } from "../../core/domain";
import { parseInput } from "../../core/schemas";
import {
  LIVE_CLIENT_EVENTS,
  LIVE_NAMESPACE,
  meetingCommandInput,
  meetingJoinInput,
  meetingRoom,
  type ClientToServerEvents,
  type LiveAck,
  type LiveErrorBody,
  type LiveState,
  type MeetingRemovalReason,
  type MeetingStateMessage,
  type PresenceEntry,
  type ServerToClientEvents,
  voteCastInput,
  voteMineInput,
} from "../../core/live";
import {
  MOTION_CLIENT_EVENTS,
  motionCloseInput,
  motionObjectInput,
  motionsJoinInput,
  motionsRoom,
  motionVoteInput,
  motionWithdrawInput,
} from "../../core/motions";
import type { Services } from "../services";
import type { RateLimiter } from "../http/rate-limit";
import { logger } from "../logger";
import type { LiveMeetingView } from "../services/meeting-live";
import { MEETING_INVITE_PREFIX } from "../services/meeting-invites";
import {
  authenticateHandshake,
  identityKey,
  type LiveAuthentication,
  type LiveIdentity,
} from "./authenticate";
import { presenceList } from "./presence";

const log = logger("live");

// Commands and joins are a few hundred bytes; anything far larger is not ours.
const MAX_MESSAGE_BYTES = 16 * 1024;
const MAX_MEETINGS_PER_CONNECTION = 8;
const MAX_PACTS_PER_CONNECTION = 8;
const KNOWN_EVENTS: ReadonlySet<string> = new Set([...LIVE_CLIENT_EVENTS, ...MOTION_CLIENT_EVENTS]);
const DEFAULT_ACCESS_RECHECK_MS = 1_000;

/** Kept on each socket; plain data, so that fetchSockets() works across instances too. */
export interface LiveSocketData {
  identity: LiveIdentity;
  locale: Locale;
  /** Meeting id → how this connection appears in that meeting's room. */
  meetings: Record<string, PresenceEntry>;
  /** Pacts whose motions room this connection joined. */
  pacts: string[];
}

type LiveServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  LiveSocketData
>;
type LiveSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  LiveSocketData
>;

export interface LiveOptions {
  services: Services;
  /** Origins accepted for cookie authentication besides the request's own host. */
  allowedOrigins: () => string[];
  /** Events a connection may send (counted per connection id). */
  eventLimit: RateLimiter;
  /** socket.io's Redis adapter when scaled out (REDIS_URL); none: rooms live in this process. */
  adapter?: ServerOptions["adapter"];
  /** How often the access of every connection in a meeting's room is checked again. */
  accessRecheckMs?: number;
}

export interface LiveEndpoint {
  io: LiveServer;
  /**
   * Sends every local connection the current state and presence of its meetings (after Redis
   * came back: broadcasts from other instances may have been lost meanwhile).
   */
  refreshAll(): void;
  close(): Promise<void>;
}

function stateMessage(meetingId: string, state: LiveState): MeetingStateMessage {
  return { meetingId, state, serverTime: new Date().toISOString() };
}

function errorBody(error: unknown, locale: Locale): LiveErrorBody {
  if (isAppError(error)) {
    return {
      code: error.code,
      message: translate(locale, error.messageKey),
      ...(error.fields ? { fields: error.fields } : {}),
    };
  }
  log.error("live handler failed", { error: String((error as Error)?.stack ?? error) });
  return { code: "internal", message: translate(locale, "error.page_generic") };
}

export function attachLive(httpServer: http.Server, options: LiveOptions): LiveEndpoint {
  const { services } = options;
  const io: LiveServer = new Server(httpServer, {
    serveClient: false,
    ...(options.adapter ? { adapter: options.adapter } : {}),
    // The Yjs endpoint shares this server's upgrades: socket.io must leave the others alone.
    destroyUpgrade: false,
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    // No `cors`: pages are served from this origin; other sites get no CORS headers.
  });
  // Everything happens in /live; the main namespace serves nobody.
  io.of("/").use((_socket, next) => next(new Error("Use the /live namespace")));

  const live = io.of(LIVE_NAMESPACE);
  // A motion changed (over the API, a page or a socket): its pact's room refetches what it may see.
  const stopMotionNotices = services.motions.onChange((change) => {
    live.to(motionsRoom(change.pactId)).emit("motions:changed", change);
  });
  const accessRecheckMs = options.accessRecheckMs ?? DEFAULT_ACCESS_RECHECK_MS;
  /** When each connection's credential was last checked (kept apart: socket data stays plain). */
  const identityCheckedAt = new WeakMap<LiveSocket, number>();

  live.use((socket, next) => {
    authenticateHandshake(handshakeOf(socket), services, options.allowedOrigins()).then(
      (result) => {
        if (!result.ok) {
          const error = new Error(translate("en", result.messageKey)) as Error & {
            data?: unknown;
          };
          error.data = { code: result.code };
          return next(error);
        }
        socket.data.identity = result.identity;
        identityCheckedAt.set(socket, Date.now());
        socket.data.locale = result.locale;
        socket.data.meetings = {};
        socket.data.pacts = [];
        next();
      },
      (error: unknown) => {
        log.error("live authentication failed", { error: String(error) });
        next(new Error("Internal error"));
      },
    );
  });

  async function broadcastPresence(meetingId: string): Promise<void> {
    const sockets = await live.in(meetingRoom(meetingId)).fetchSockets();
    live.to(meetingRoom(meetingId)).emit("meeting:presence", {
      meetingId,
      people: presenceList(sockets.map((s) => s.data.meetings?.[meetingId])),
    });
  }

  function announcePresence(meetingId: string): void {
    broadcastPresence(meetingId).catch((error: unknown) =>
      log.warn("presence broadcast failed", { meetingId, error: String(error) }),
    );
  }

  const handshakeOf = (socket: LiveSocket) => ({
    headers: socket.handshake.headers,
    auth: socket.handshake.auth ?? {},
    connectionId: socket.id,
  });

  /** What a connection may see of a meeting; throws not_found when it may not (the one check). */
  function viewFor(identity: LiveIdentity, meetingId: string): Promise<LiveMeetingView> {
    return services.live.view(participantOf(identity), meetingId);
  }

  const participantOf = (identity: LiveIdentity) =>
    identity.kind === "user" ? identity.actor : identity.guest;

  function logFailure(what: string, meetingId: string) {
    return (error: unknown) => log.warn(what, { meetingId, error: String(error) });
  }

  /** Sends a connection (or the whole room) the tally of the meeting's dot vote, if it has one. */
  async function sendTally(meetingId: string, state: LiveState, socket?: LiveSocket) {
    const motion = state.motion;
    if (!motion || motion.kind !== "dot_vote") return;
    const tally = await services.dotVotes.tally(meetingId, motion.id, motion.dotVote);
    if (socket) socket.emit("vote:tally", tally);
    else live.to(meetingRoom(meetingId)).emit("vote:tally", tally);
  }

  /** Everyone in the room when the meeting starts took part in it. */
  async function recordRoomAttendance(meetingId: string) {
    const sockets = await live.in(meetingRoom(meetingId)).fetchSockets();
    const attendees = sockets.flatMap((s) => {
      const presence = s.data.meetings?.[meetingId];
      if (!presence || !s.data.identity) return [];
      const role = presence.group.kind === "role" ? presence.group.role : null;
      return [{ participant: participantOf(s.data.identity), presence, role }];
    });
    await services.live.recordAttendance(meetingId, attendees);
  }

  /** A removed remote contributor is told, and their connection closed, on whichever instance. */
  async function dismissGuest(meetingId: string, presenceId: string) {
    const sockets = await live.in(meetingRoom(meetingId)).fetchSockets();
    for (const s of sockets) {
      if (s.data.meetings?.[meetingId]?.id !== presenceId) continue;
      s.emit("meeting:removed", { meetingId, reason: "removed_by_facilitator" });
      s.disconnect(true);
    }
    log.info("remote contributor removed from a meeting", { meetingId });
  }

  /** Whether a connection may follow a pact's motions; throws not_found when it may not. */
  function motionsAccess(identity: LiveIdentity, pactId: string): Promise<string> {
    if (identity.kind !== "user")
      return Promise.reject(new AppError("not_found", "error.not_found"));
    return services.motions.access(identity.actor, pactId);
  }

  /** Takes a connection out of a pact's motions room, and tells it why. */
  async function removeFromMotions(socket: LiveSocket, pactId: string): Promise<void> {
    if (!socket.data.pacts.includes(pactId)) return;
    socket.data.pacts = socket.data.pacts.filter((id) => id !== pactId);
    await socket.leave(motionsRoom(pactId));
    socket.emit("motions:removed", { pactId, reason: "access_removed" });
  }

  function identify(socket: LiveSocket): Promise<LiveAuthentication> {
    return authenticateHandshake(handshakeOf(socket), services, options.allowedOrigins());
  }

  /** Takes a connection out of a meeting's room, and tells it why. */
  async function removeFromMeeting(
    socket: LiveSocket,
    meetingId: string,
    reason: MeetingRemovalReason,
  ): Promise<void> {
    if (!socket.data.meetings[meetingId]) return;
    delete socket.data.meetings[meetingId];
    await socket.leave(meetingRoom(meetingId));
    socket.emit("meeting:removed", { meetingId, reason });
    log.info("connection removed from a meeting", { meetingId, reason });
    announcePresence(meetingId);
  }

  /**
   * Broadcasts reach whoever is in a room, so the access of each connection in a meeting's room is
   * checked again about once a second (commands and joins check it each time anyway): a member
   * removed, or a credential that ended, stops receiving within about a second. Checks are shared
   * within one round by credential and by person and meeting.
   */
  let refreshRequested = false;
  async function recheckAll(): Promise<void> {
    const refresh = refreshRequested;
    refreshRequested = false;
    const identities = new Map<string, Promise<LiveAuthentication>>();
    const views = new Map<string, Promise<LiveMeetingView>>();
    const pactAccess = new Map<string, Promise<string>>();
    const changedPresence = new Set<string>();
    const once = <T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>) => {
      let pending = cache.get(key);
      if (!pending) cache.set(key, (pending = load()));
      return pending;
    };
    const recheck = async (socket: LiveSocket) => {
      const joined = Object.keys(socket.data.meetings ?? {});
      const pacts = socket.data.pacts ?? [];
      if ((joined.length === 0 && pacts.length === 0) || socket.disconnected) return;
      const { auth, headers } = handshakeOf(socket);
      // A guest's identity is their device's (or this connection's), not only the shared link's.
      const guest = typeof auth.token === "string" && auth.token.startsWith(MEETING_INVITE_PREFIX);
      const credential = JSON.stringify([
        auth.token,
        headers.cookie,
        headers.origin,
        guest ? [auth.name, auth.group, auth.guestKey ?? socket.id] : null,
      ]);
      const result = await once(identities, credential, () => identify(socket));
      if (socket.disconnected) return;
      if (!result.ok) {
        for (const meetingId of joined) {
          socket.emit("meeting:removed", { meetingId, reason: "credential_ended" });
        }
        log.info("live connection closed: its credential ended", { code: result.code });
        socket.disconnect(true);
        return;
      }
      socket.data.identity = result.identity;
      identityCheckedAt.set(socket, Date.now());
      for (const meetingId of joined) {
        const key = `${identityKey(result.identity)}|${meetingId}`;
        let view: LiveMeetingView;
        try {
          view = await once(views, key, () => viewFor(result.identity, meetingId));
        } catch (error) {
          if (isAppError(error) && (error.code === "not_found" || error.code === "forbidden")) {
            const removed = error.messageKey === "live.error.removed";
            await removeFromMeeting(
              socket,
              meetingId,
              removed ? "removed_by_facilitator" : "access_removed",
            );
            // Seen here before dismissGuest found it (it then skips a socket out of the room): a
            // removed guest's connection serves only that meeting, so it is closed either way.
            if (removed) socket.disconnect(true);
          } else {
            log.warn("live access recheck failed", { meetingId, error: String(error) });
          }
          continue;
        }
        const entry = socket.data.meetings[meetingId];
        if (!entry || socket.disconnected) continue;
        if (refresh || JSON.stringify(entry) !== JSON.stringify(view.presence)) {
          socket.data.meetings[meetingId] = view.presence;
          changedPresence.add(meetingId);
        }
        if (refresh) socket.emit("meeting:state", stateMessage(meetingId, view.state));
      }
      for (const pactId of pacts) {
        const key = `${identityKey(result.identity)}|pact:${pactId}`;
        try {
          await once(pactAccess, key, () => motionsAccess(result.identity, pactId));
        } catch (error) {
          if (isAppError(error) && (error.code === "not_found" || error.code === "forbidden")) {
            await removeFromMotions(socket, pactId);
          } else {
            log.warn("live access recheck failed", { pactId, error: String(error) });
          }
        }
      }
    };
    await Promise.all(
      [...live.sockets.values()].map((socket) =>
        recheck(socket).catch((error: unknown) =>
          log.warn("live access recheck failed", { error: String(error) }),
        ),
      ),
    );
    for (const meetingId of changedPresence) announcePresence(meetingId);
  }

  let rechecking = false;
  const recheckTimer = setInterval(() => {
    if (rechecking) return;
    rechecking = true;
    void recheckAll().finally(() => {
      rechecking = false;
    });
  }, accessRecheckMs);
  recheckTimer.unref();

  live.on("connection", (socket: LiveSocket) => {
    /**
     * The identity, checked again before a join or command when the last check is older than the
     * recheck interval (a second): a session ended (signed out, revoked, expired) or a token
     * revoked stops working within it, and the connection is then closed.
     */
    async function currentIdentity() {
      const checked = identityCheckedAt.get(socket);
      if (checked !== undefined && Date.now() - checked < accessRecheckMs) {
        return socket.data.identity;
      }
      const result = await identify(socket);
      if (!result.ok) {
        setImmediate(() => socket.disconnect(true));
        throw new AppError(result.code, result.messageKey);
      }
      socket.data.identity = result.identity;
      identityCheckedAt.set(socket, Date.now());
      return result.identity;
    }

    // Every incoming event passes here first: over the rate, or unknown, it is answered and dropped.
    socket.use(([event, ...args], next) => {
      const ack = args.at(-1);
      const refuse = (code: LiveErrorBody["code"], messageKey: string) => {
        if (typeof ack !== "function") return;
        const error: LiveErrorBody = { code, message: translate(socket.data.locale, messageKey) };
        ack({ ok: false, error });
      };
      if (options.eventLimit.hit(socket.id) > 0)
        return refuse("rate_limited", "error.rate_limited");
      if (!KNOWN_EVENTS.has(event)) return refuse("invalid", "error.unknown_event");
      next();
    });

    /** Runs a handler and answers its ack with its result or the one error shape; never throws. */
    function answer<T extends object>(ack: unknown, handler: () => Promise<T>): void {
      const reply = (body: LiveAck<T>) => {
        if (typeof ack === "function") ack(body);
      };
      handler().then(
        (result) => reply({ ok: true, ...result }),
        (error: unknown) => reply({ ok: false, error: errorBody(error, socket.data.locale) }),
      );
    }

    socket.on("meeting:join", (payload: unknown, ack: unknown) =>
      answer(ack, async () => {
        const { meetingId } = parseInput(meetingJoinInput, payload);
        const identity = await currentIdentity();
        const view = await viewFor(identity, meetingId);
        // Gone while the database answered: joining now would leave its id in the room.
        if (socket.disconnected) throw new AppError("not_found", "error.not_found");
        const joined = Object.keys(socket.data.meetings);
        if (!joined.includes(view.meetingId) && joined.length >= MAX_MEETINGS_PER_CONNECTION) {
          throw new AppError("too_large", "error.too_large");
        }
        socket.data.meetings[view.meetingId] = view.presence;
        await socket.join(meetingRoom(view.meetingId));
        announcePresence(view.meetingId);
        if (view.state.status === "live") {
          const attendee = { participant: participantOf(identity), presence: view.presence };
          services.live
            .recordAttendance(view.meetingId, [{ ...attendee, role: view.standing }])
            .catch(logFailure("attendance not recorded", view.meetingId));
        }
        sendTally(view.meetingId, view.state, socket).catch(
          logFailure("tally not sent", view.meetingId),
        );
        return stateMessage(view.meetingId, view.state);
      }),
    );

    socket.on("meeting:leave", (payload: unknown, ack: unknown) =>
      answer(ack, async () => {
        const { meetingId } = parseInput(meetingJoinInput, payload);
        const id = meetingId.toLowerCase();
        if (socket.data.meetings[id]) {
          delete socket.data.meetings[id];
          await socket.leave(meetingRoom(id));
          announcePresence(id);
        }
        return { meetingId: id };
      }),
    );

    socket.on("meeting:command", (payload: unknown, ack: unknown) =>
      answer(ack, async () => {
        const input = parseInput(meetingCommandInput, payload);
        const identity = await currentIdentity();
        // A remote contributor never runs a meeting (and has no actor to check it against).
        if (identity.kind !== "user") throw new AppError("forbidden", "error.forbidden");
        const result = await services.live.run(
          identity.actor,
          input.meetingId,
          input.command,
          input.expectedVersion,
        );
        const message = stateMessage(result.meetingId, result.state);
        if (result.changed) {
          const { meetingId } = result;
          live.to(meetingRoom(meetingId)).emit("meeting:state", message);
          const { command } = input;
          if (command.type.startsWith("motion.")) {
            sendTally(meetingId, result.state).catch(logFailure("tally not sent", meetingId));
          }
          if (command.type === "meeting.start") {
            recordRoomAttendance(meetingId).catch(logFailure("attendance not recorded", meetingId));
          }
          if (command.type === "participant.remove") {
            dismissGuest(meetingId, command.presenceId).catch(
              logFailure("guest not dismissed", meetingId),
            );
          }
        }
        return message;
      }),
    );

    socket.on("vote:cast", (payload: unknown, ack: unknown) =>
      answer(ack, async () => {
        const input = parseInput(voteCastInput, payload);
        const identity = await currentIdentity();
        const result = await services.dotVotes.cast(
          participantOf(identity),
          input.meetingId,
          input.motionId,
          input.allocation,
        );
        live.to(meetingRoom(result.tally.meetingId)).emit("vote:tally", result.tally);
        return { allocation: result.allocation };
      }),
    );

    socket.on("vote:mine", (payload: unknown, ack: unknown) =>
      answer(ack, async () => {
        const input = parseInput(voteMineInput, payload);
        const identity = await currentIdentity();
        const allocation = await services.dotVotes.mine(
          participantOf(identity),
          input.meetingId,
          input.motionId,
        );
        return { allocation };
      }),
    );

    /** The signed-in person behind this connection: motions are no remote contributor's. */
    async function motionActor() {
      const identity = await currentIdentity();
      if (identity.kind !== "user") throw new AppError("not_found", "error.not_found");
      return identity.actor;
    }

    socket.on("motions:join", (payload: unknown, ack: unknown) =>
      answer(ack, async () => {
        const { pactId } = parseInput(motionsJoinInput, payload);
        const actor = await motionActor();
        const motions = await services.motions.list(actor, pactId);
        if (socket.disconnected) throw new AppError("not_found", "error.not_found");
        if (!socket.data.pacts.includes(pactId)) {
          if (socket.data.pacts.length >= MAX_PACTS_PER_CONNECTION) {
            throw new AppError("too_large", "error.too_large");
          }
          socket.data.pacts.push(pactId);
        }
        await socket.join(motionsRoom(pactId));
        return { pactId, motions };
      }),
    );

    socket.on("motions:leave", (payload: unknown, ack: unknown) =>
      answer(ack, async () => {
        const { pactId } = parseInput(motionsJoinInput, payload);
        socket.data.pacts = socket.data.pacts.filter((id) => id !== pactId);
        await socket.leave(motionsRoom(pactId));
        return { pactId };
      }),
    );

    socket.on("motion:vote", (payload: unknown, ack: unknown) =>
      answer(ack, async () => {
        const { motionId, ...ballot } = parseInput(motionVoteInput, payload);
        return { motion: await services.motions.vote(await motionActor(), motionId, ballot) };
      }),
    );

    socket.on("motion:object", (payload: unknown, ack: unknown) =>
      answer(ack, async () => {
        const { motionId, reason } = parseInput(motionObjectInput, payload);
        return { motion: await services.motions.object(await motionActor(), motionId, { reason }) };
      }),
    );

    socket.on("motion:withdraw", (payload: unknown, ack: unknown) =>
      answer(ack, async () => {
        const { motionId, objectionId } = parseInput(motionWithdrawInput, payload);
        const actor = await motionActor();
        return { motion: await services.motions.withdraw(actor, motionId, objectionId) };
      }),
    );

    socket.on("motion:close", (payload: unknown, ack: unknown) =>
      answer(ack, async () => {
        const { motionId } = parseInput(motionCloseInput, payload);
        return { motion: await services.motions.close(await motionActor(), motionId) };
      }),
    );

    let leaving: string[] = [];
    socket.on("disconnecting", () => {
      leaving = Object.keys(socket.data.meetings);
    });
    socket.on("disconnect", () => {
      for (const meetingId of leaving) announcePresence(meetingId);
    });
  });

  return {
    io,
    refreshAll() {
      refreshRequested = true;
    },
    async close() {
      clearInterval(recheckTimer);
      stopMotionNotices();
      // Also closes the http.Server (a second close there is harmless): sockets first, then engine.
      await io.close();
    },
  };
}

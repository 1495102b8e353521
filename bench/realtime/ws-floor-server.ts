// Child process: the floor. A bare `ws` server that relays every frame to the other sockets of the
// same path, and does nothing else: no document, no protocol, no storage.
import http from "node:http";
import { WebSocketServer, type WebSocket } from "ws";
import { answerRequests, childArgs, tell } from "./ipc";

const { port } = childArgs<{ port: number }>();
const httpServer = http.createServer();
const wss = new WebSocketServer({ server: httpServer });
const rooms = new Map<string, Set<WebSocket>>();

wss.on("connection", (socket, request) => {
  const name = request.url ?? "/";
  let room = rooms.get(name);
  if (!room) rooms.set(name, (room = new Set()));
  const members = room;
  members.add(socket);
  socket.on("message", (data: Buffer, isBinary: boolean) => {
    for (const other of members) if (other !== socket) other.send(data, { binary: isBinary });
  });
  socket.on("close", () => members.delete(socket));
  socket.on("error", () => {});
});

await new Promise<void>((resolve) => httpServer.listen(port, "127.0.0.1", resolve));
answerRequests({ memoryUsage: () => process.memoryUsage() });
process.on("SIGTERM", () => {
  for (const socket of wss.clients) socket.terminate();
  httpServer.close(() => process.exit(0));
});
tell({ type: "ready", port });

// Child process: the raw socket.io floor for meeting control. Namespace /live, websocket only;
// `join` puts a socket in a room; `emit` makes the server do io.to(room).emit("meeting:state", …)
// with the payload it was given, and nothing else (no auth, no database).
import http from "node:http";
import { Server } from "socket.io";
import { answerRequests, childArgs, tell } from "./ipc";

const { port } = childArgs<{ port: number }>();
const httpServer = http.createServer();
const io = new Server(httpServer, { serveClient: false, transports: ["websocket"] });
const live = io.of("/live");

live.on("connection", (socket) => {
  socket.on("join", (room: string, ack: (reply: { ok: true }) => void) => {
    void Promise.resolve(socket.join(room)).then(() => ack({ ok: true }));
  });
  socket.on("emit", (room: string, payload: unknown, ack: (reply: { ok: true }) => void) => {
    live.to(room).emit("meeting:state", payload);
    ack({ ok: true });
  });
});

await new Promise<void>((resolve) => httpServer.listen(port, "127.0.0.1", resolve));
answerRequests({ memoryUsage: () => process.memoryUsage() });
process.on("SIGTERM", () => void io.close(() => process.exit(0)));
tell({ type: "ready", port });

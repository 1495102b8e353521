// Child process: @hocuspocus/server with no extensions and no hooks (in memory, open to all).
import { Server } from "@hocuspocus/server";
import { answerRequests, childArgs, tell } from "./ipc";

const { port } = childArgs<{ port: number }>();
const server = new Server({ port, address: "127.0.0.1", quiet: true, stopOnSignals: false });
await server.listen();

answerRequests({ memoryUsage: () => process.memoryUsage() });
process.on("SIGTERM", () => void server.destroy().finally(() => process.exit(0)));
tell({ type: "ready", port });

// A TCP proxy (node:net) between the app and a server it depends on, so a chaos
// test can make that server "go away" for the app alone — the machine's shared
// PostgreSQL keeps running for everyone else.
//   cut():     closes the listener (new connections get ECONNREFUSED, as from a
//              stopped server) and destroys every open connection (queries in
//              flight fail, pooled connections die);
//   restore(): listens again on the same port;
//   releaseAnswers(): with `holdAnswers`, the server's answers reach the client only from
//              now on (a client caught mid-handshake, e.g. ioredis's ready check).
import { createServer, connect, type Server, type Socket } from "node:net";

export interface TcpProxy {
  port: number;
  /** Connections accepted (and forwarded) so far. */
  readonly accepted: number;
  /** Open connections destroyed by cut(). */
  readonly cutConnections: number;
  cut(): Promise<void>;
  restore(): Promise<void>;
  releaseAnswers(): void;
  close(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve((server.address() as { port: number }).port);
    });
  });
}

export async function tcpProxy(targetPort: number, targetHost = "127.0.0.1", options: { holdAnswers?: boolean } = {}): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let holding = options.holdAnswers ?? false;
  /** Upstream → client of the connections whose answers are held (an unpiped socket buffers them). */
  const held = new Map<Socket, Socket>();
  let accepted = 0;
  let cutConnections = 0;
  const server = createServer((client) => {
    accepted++;
    const upstream = connect(targetPort, targetHost);
    open.add(client).add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
      held.delete(upstream);
    };
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
    client.pipe(upstream);
    if (holding) held.set(upstream, client);
    else upstream.pipe(client);
  });
  const port = await listen(server, 0);
  let listening = true;

  const stopListening = () =>
    new Promise<void>((resolve) => {
      if (!listening) return resolve();
      listening = false;
      server.close(() => resolve());
    });

  return {
    port,
    get accepted() {
      return accepted;
    },
    get cutConnections() {
      return cutConnections;
    },
    async cut() {
      const closed = stopListening(); // resolves once the open connections below are gone
      cutConnections += Math.ceil(open.size / 2);
      for (const socket of open) socket.destroy();
      open.clear();
      await closed;
    },
    async restore() {
      if (listening) return;
      await listen(server, port);
      listening = true;
    },
    releaseAnswers() {
      holding = false;
      for (const [upstream, client] of held) upstream.pipe(client);
      held.clear();
    },
    async close() {
      for (const socket of open) socket.destroy();
      await stopListening();
    },
  };
}

// A private 3-master Redis Cluster from Debian's redis-server / redis-cli (on PATH):
// three `--cluster-enabled yes` servers on free ports (each also needs port+10000
// free for the cluster bus), joined by `redis-cli --cluster create … --cluster-yes`,
// no replicas, no persistence, one temporary directory each. stop() kills the
// servers and removes the directories.
import { spawn, execFile, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface PrivateCluster {
  ports: number[];
  /** `127.0.0.1:p1,127.0.0.1:p2,…` — the value of REDIS_CLUSTER_NODES. */
  nodes: string;
  /** redis-cli against one node (`-c`: follows MOVED). */
  cli(port: number, ...args: string[]): Promise<string>;
  stop(): Promise<void>;
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

/** A port p with p and p + 10000 (its cluster bus) both free, not in `taken`. */
async function clusterPort(taken: number[]): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const p = 20_000 + Math.floor(Math.random() * 30_000);
    if (taken.some((t) => Math.abs(t - p) < 2 || Math.abs(t + 10_000 - p) < 2 || Math.abs(t - 10_000 - p) < 2)) continue;
    if ((await canListen(p)) && (await canListen(p + 10_000))) return p;
  }
  throw new Error("no free port pair for a cluster node");
}

export async function startPrivateCluster(masters = 3): Promise<PrivateCluster> {
  const ports: number[] = [];
  for (let i = 0; i < masters; i++) ports.push(await clusterPort(ports));
  const dirs: string[] = [];
  const procs: ChildProcess[] = [];
  const cli = async (port: number, ...args: string[]) => (await run("redis-cli", ["-c", "-p", String(port), ...args])).stdout.trim();

  const stop = async () => {
    // Twice is fine: a server already killed (signalCode set) is not waited for again.
    await Promise.all(procs.map((p) => (p.exitCode !== null || p.signalCode !== null ? null : new Promise((r) => (p.once("exit", r), p.kill("SIGKILL"))))));
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  };

  try {
    for (const port of ports) {
      const dir = mkdtempSync(path.join(tmpdir(), `switchyard-cluster-${port}-`));
      dirs.push(dir);
      let err = "";
      const proc = spawn("redis-server", [
        "--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--daemonize", "no",
        "--cluster-enabled", "yes", "--cluster-config-file", path.join(dir, "nodes.conf"), "--cluster-node-timeout", "5000",
        "--appendonly", "no", "--save", "",
      ], { stdio: ["ignore", "ignore", "pipe"] });
      proc.stderr!.on("data", (d) => (err += d));
      procs.push(proc);
      const deadline = Date.now() + 10_000;
      while ((await cli(port, "ping").catch(() => "")) !== "PONG") {
        if (proc.exitCode !== null) throw new Error(`redis-server on ${port} exited (${proc.exitCode}): ${err}`);
        if (Date.now() > deadline) throw new Error(`redis-server on ${port} did not answer within 10 s`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    await run("redis-cli", ["--cluster", "create", ...ports.map((p) => `127.0.0.1:${p}`), "--cluster-replicas", "0", "--cluster-yes"]);
    // Every node must agree the cluster is up (slots assigned, gossip converged) before clients connect.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const states = await Promise.all(ports.map((p) => cli(p, "cluster", "info")));
      if (states.every((s) => s.includes("cluster_state:ok"))) break;
      if (Date.now() > deadline) throw new Error(`cluster did not reach cluster_state:ok:\n${states.join("\n---\n")}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { ports, nodes: ports.map((p) => `127.0.0.1:${p}`).join(","), cli, stop };
}

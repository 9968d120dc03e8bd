import { afterAll, describe, expect, it } from "vitest";
import { createRedis } from "../redis/connection";
import { controlWorkers, NoWorkersMatch, workersStatus } from "./control";
import { takeCommands } from "./commands";
import { forgetMaster, listMasters, listSupervisors, publishMaster, publishSupervisor, workersPerQueue, type SupervisorHeartbeat } from "./heartbeats";
import { BadRequest } from "../http/app-error";

const redis = createRedis();
afterAll(() => redis.quit());

function supervisor(host: string, name: string, pools: SupervisorHeartbeat["pools"], status: SupervisorHeartbeat["status"] = "running"): SupervisorHeartbeat {
  const master = `${host}-0001`;
  return {
    name: `${master}:${name}`, supervisor: name, master, host, pid: 1, environment: "production", status,
    connection: "redis", queues: [...new Set(pools.flatMap((p) => p.fetches))], balance: "auto", minProcesses: 1, maxProcesses: 10,
    processes: Object.fromEntries(pools.map((p) => [p.queue, p.processes])), pools, runtimeMs: {}, memoryMb: 100, lastSeen: Date.now(),
  };
}

const master = (host: string, status: "running" | "paused" = "running") => ({
  name: `${host}-0001`, host, pid: 1, environment: "production", status, supervisors: [], memoryMb: 90, startedAt: 0, lastSeen: Date.now(),
});

describe("heartbeats", () => {
  it("shows masters and supervisors of two hosts and sums processes per queue over them", async () => {
    await publishMaster(redis, master("host-a"), 5_000);
    await publishMaster(redis, master("host-b"), 5_000);
    await publishSupervisor(redis, supervisor("host-a", "supervisor-1", [
      { queue: "high", fetches: ["high"], processes: 3 }, { queue: "default", fetches: ["high", "default"], processes: 2 },
    ]), 5_000);
    await publishSupervisor(redis, supervisor("host-b", "supervisor-1", [
      { queue: "high", fetches: ["high"], processes: 1 }, { queue: "default", fetches: ["high", "default"], processes: 4 },
    ]), 5_000);
    await publishSupervisor(redis, supervisor("host-b", "webhooks", [{ queue: "webhooks", fetches: ["webhooks"], processes: 5 }], "paused"), 5_000);

    expect((await listMasters(redis)).map((m) => m.host)).toEqual(["host-a", "host-b"]);
    expect((await listSupervisors(redis)).map((s) => s.name)).toEqual(["host-a-0001:supervisor-1", "host-b-0001:supervisor-1", "host-b-0001:webhooks"]);
    // high: every process of supervisor-1 on both hosts may take it; default: only the default pools; paused ones count 0.
    expect(await workersPerQueue(redis)).toEqual({ high: 10, default: 6 });
    const status = await workersStatus(redis);
    expect(status.status).toBe("running");
  });

  it("a process that stops beating disappears within its TTL; a forgotten one at once", async () => {
    await publishMaster(redis, master("host-gone"), 300);
    expect((await listMasters(redis)).some((m) => m.host === "host-gone")).toBe(true);
    await new Promise((r) => setTimeout(r, 450));
    expect((await listMasters(redis)).some((m) => m.host === "host-gone")).toBe(false);
    await forgetMaster(redis, "host-a-0001");
    expect((await listMasters(redis)).map((m) => m.host)).toEqual(["host-b"]);
  });
});

describe("remote control", () => {
  it("sends to every matching master, or to a supervisor by its config name on every host", async () => {
    await publishMaster(redis, master("host-a"), 5_000);
    expect((await controlWorkers(redis, { type: "pause" })).sentTo).toEqual(["host-a-0001", "host-b-0001"]);
    expect((await controlWorkers(redis, { type: "continue" }, { host: "host-b" })).sentTo).toEqual(["host-b-0001"]);
    expect((await controlWorkers(redis, { type: "scale", processes: 4 }, { supervisor: "supervisor-1" })).sentTo)
      .toEqual(["host-a-0001:supervisor-1", "host-b-0001:supervisor-1"]);

    expect((await takeCommands(redis, "host-a-0001")).commands).toEqual([{ type: "pause" }]);
    expect((await takeCommands(redis, "host-b-0001")).commands).toEqual([{ type: "pause" }, { type: "continue" }]);
    expect((await takeCommands(redis, "host-b-0001")).commands).toEqual([]); // taken once
    expect((await takeCommands(redis, "host-b-0001:supervisor-1")).commands).toEqual([{ type: "scale", processes: 4 }]);
  });

  it("refuses scale without a supervisor and says when nothing matches", async () => {
    await expect(controlWorkers(redis, { type: "scale", processes: 2 })).rejects.toBeInstanceOf(BadRequest);
    await expect(controlWorkers(redis, { type: "pause" }, { supervisor: "nope" })).rejects.toBeInstanceOf(NoWorkersMatch);
    await expect(controlWorkers(redis, { type: "pause" }, { host: "nowhere" })).rejects.toThrow(/No running master on host nowhere/);
  });

  it("reports malformed command entries apart instead of failing the loop", async () => {
    const { commandsKey } = await import("./commands");
    await redis.rpush(commandsKey("host-x"), "{not json", JSON.stringify({ type: "explode" }), JSON.stringify({ type: "pause" }));
    const { commands, invalid } = await takeCommands(redis, "host-x");
    expect(commands).toEqual([{ type: "pause" }]);
    expect(invalid).toHaveLength(2);
  });
});

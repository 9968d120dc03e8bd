import { afterEach, describe, expect, it } from "vitest";
import { env, resetEnvCache } from "./env";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetEnvCache();
});

describe("env()", () => {
  it("defaults to the documented local services", () => {
    delete process.env.DATABASE_URL;
    delete process.env.REDIS_URL;
    delete process.env.REDIS_PREFIX;
    resetEnvCache();
    expect(env().DATABASE_URL).toBe("postgresql://postgres@127.0.0.1:5432/switchyard");
    expect(env().REDIS_URL).toBe("redis://127.0.0.1:6379");
    expect(env().REDIS_PREFIX).toBe("switchyard");
  });

  it("runs the production supervisors under NODE_ENV=production unless told otherwise", () => {
    Object.assign(process.env, { NODE_ENV: "production" }); // next-env.d.ts (written by next build) makes NODE_ENV read-only
    delete process.env.SWITCHYARD_ENV;
    resetEnvCache();
    expect(env().SWITCHYARD_ENV).toBe("production");
  });

  it("refuses a bad value and names the variable", () => {
    process.env.PORT = "seventy";
    resetEnvCache();
    expect(() => env()).toThrow(/environment variable PORT/);
  });

  it("cluster mode: reads the seed nodes and refuses a prefix without a hash tag, naming REDIS_PREFIX", () => {
    process.env.REDIS_CLUSTER_NODES = "127.0.0.1:7000,127.0.0.1:7001";
    process.env.REDIS_PREFIX = "{switchyard}";
    resetEnvCache();
    expect(env().REDIS_CLUSTER_NODES).toEqual([{ host: "127.0.0.1", port: 7000 }, { host: "127.0.0.1", port: 7001 }]);
    process.env.REDIS_PREFIX = "switchyard";
    resetEnvCache();
    expect(() => env()).toThrow(/environment variable REDIS_PREFIX: "switchyard" has no hash tag.*"\{switchyard\}"/);
    process.env.REDIS_CLUSTER_NODES = "127.0.0.1";
    process.env.REDIS_PREFIX = "{switchyard}";
    resetEnvCache();
    expect(() => env()).toThrow(/environment variable REDIS_CLUSTER_NODES: "127.0.0.1" is not host:port/);
  });

  it("a prefix without a hash tag is fine on a single Redis", () => {
    delete process.env.REDIS_CLUSTER_NODES;
    process.env.REDIS_PREFIX = "switchyard";
    resetEnvCache();
    expect(env().REDIS_CLUSTER_NODES).toBeUndefined();
  });

  it("names the allowed values of an enum", () => {
    process.env.SWITCHYARD_ENV = "staging";
    resetEnvCache();
    expect(() => env()).toThrow(/SWITCHYARD_ENV.*production.*local/s);
  });
});

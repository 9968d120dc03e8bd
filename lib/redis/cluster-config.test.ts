import { describe, expect, it } from "vitest";
import { hashTagOf, parseClusterNodes } from "./cluster-config";

describe("hashTagOf", () => {
  it.each([
    ["{switchyard}", "switchyard"],
    ["{switchyard}-test-1234", "switchyard"],
    ["app:{q}:x", "q"],
    ["switchyard", null],
    ["{}switchyard", null], // empty tag: Redis hashes the whole key
    ["{switchyard", null], // never closed
    ["sw}itch{yard}", "yard"], // a `}` before the first `{` does not matter
    ["{a}{b}", "a"], // only the first tag counts
  ])("%s → %s", (prefix, tag) => {
    expect(hashTagOf(prefix)).toBe(tag);
  });
});

describe("parseClusterNodes", () => {
  it("reads seed nodes", () => {
    expect(parseClusterNodes("127.0.0.1:7000, redis-b:7001,[::1]:7002")).toEqual({
      nodes: [{ host: "127.0.0.1", port: 7000 }, { host: "redis-b", port: 7001 }, { host: "::1", port: 7002 }],
    });
  });
  it.each(["", "127.0.0.1", "host:0", "host:70000", "redis://host:7000", "a:1,,b"])("refuses %j", (value) => {
    const result = parseClusterNodes(value);
    if (value === "a:1,,b") expect(result).toEqual({ error: expect.stringContaining('"b"') });
    else expect(result).toHaveProperty("error");
  });
});

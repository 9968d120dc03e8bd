// The generated ids' format (short on purpose, docs/BENCHMARKS.md issue 5) and that
// ids of earlier releases — a UUID batch id, 16 hex digits per job; 11 random
// characters per job — stay valid.
import { describe, expect, it } from "vitest";
import { batchKeys, parseLeaseMember } from "./batch-keys";
import { BATCH_ID, generatedJobId, isJobIdOfBatch, keyedJobId, LEGACY_KEY_SEPARATOR, newBatchId } from "./batch-ids";

// The console routes' own check of `[id]` (app/api/batches/[id]/*/route.ts), copied here on purpose: it must keep accepting both forms.
const ROUTE_BATCH_ID = /^[\w-]{1,100}$/;
const OLD_BATCH_ID = "3f2b8c4e-1d2a-4b5c-9e8f-0a1b2c3d4e5f";
const OLD_JOB_ID = `${OLD_BATCH_ID}-9c0f3a7be2d41586`;

describe("generated batch ids", () => {
  it("are 16 characters of base64url (96 random bits)", () => {
    const ids = Array.from({ length: 2000 }, newBatchId);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each([
    ["a new generated id", newBatchId()],
    ["an id of earlier releases (a UUID)", OLD_BATCH_ID],
    ["a caller's own id", "billing-2026-10"],
  ])("%s passes createBatch's check and the console routes'", (_, id) => {
    expect(BATCH_ID.test(id)).toBe(true);
    expect(ROUTE_BATCH_ID.test(id)).toBe(true);
  });

  it("refuses what it always refused", () => {
    for (const id of ["", "a b", "a/b", "x".repeat(101), "a:b"]) expect(BATCH_ID.test(id)).toBe(false);
  });

  it.each([["new", "Qx3_a9LkP0-ZtYv2"], ["old", OLD_BATCH_ID]])("a %s-form id round-trips through the callback lease member", (_, id) => {
    const member = `${batchKeys(id).batch}|finally`;
    expect(parseLeaseMember(member)).toEqual({ id, kind: "finally" });
  });
});

describe("generated job ids", () => {
  it("are the batch id, `_` and the job's number: 22 characters up to job 99,999 of a generated batch (53, then 28 before)", () => {
    const batchId = newBatchId();
    expect(generatedJobId(batchId, 0)).toBe(`${batchId}_0`);
    expect(generatedJobId(batchId, 99_999)).toHaveLength(22);
    expect(OLD_JOB_ID).toHaveLength(53);
    // app/api/batches/[id]/retry/route.ts: jobIds are strings of 1–200 characters.
    for (const jobId of [generatedJobId(batchId, 5), OLD_JOB_ID]) expect(jobId.length).toBeLessThanOrEqual(200);
  });

  it("never equal a keyed job's id of the same batch (`<batchId>.<key>`, or `-` in an earlier release's batch), whatever the key", () => {
    const batchId = "Qx3_a9LkP0-ZtYv2";
    const keys = ["0", "_0", "1", "-_1", "", "Qx3_a9LkP0-ZtYv2_0"];
    const keyed = [...keys.map((key) => keyedJobId(batchId, key)), ...keys.map((key) => keyedJobId(batchId, key, LEGACY_KEY_SEPARATOR))];
    for (let n = 0; n < 3; n++) expect(keyed).not.toContain(generatedJobId(batchId, n));
  });

  it("are recognised as their batch's, as keyed ids and ids of earlier releases are; another batch's are not", () => {
    const batchId = "Qx3_a9LkP0-ZtYv2";
    for (const jobId of [generatedJobId(batchId, 7), keyedJobId(batchId, "company-42"), `${batchId}-company-42`, `${batchId}-9c0f3a7be2d`]) expect(isJobIdOfBatch(batchId, jobId)).toBe(true);
    expect(isJobIdOfBatch(OLD_BATCH_ID, OLD_JOB_ID)).toBe(true);
    for (const jobId of [generatedJobId("Qx3_a9LkP0-ZtYv3", 7), `${batchId}x_7`, "Qx3_a9LkP0", batchId]) expect(isJobIdOfBatch(batchId, jobId)).toBe(false);
  });
});

describe("keyed job ids", () => {
  // Batch ids may hold `-` and `_` (generated ones do), keys may hold anything but `:`.
  const batchIds = ["p", "p-q", "p_q", "p-q_1", "Qx3_a9LkP0-ZtYv2", "Qx3", "a-b_1"];
  const keys = ["x", "q-x", "q_x", "1", "_1", "q-x_1", "b_1", ".x", "a.b", ""];

  it("are `<batchId>.<key>`", () => {
    expect(keyedJobId("billing-2026-10", "company-42")).toBe("billing-2026-10.company-42");
  });

  it("of two different batches, or two keys, never meet — nor any batch's generated id (with `-` they did: `p-q`+`x` = `p`+`q-x`)", () => {
    const owner = new Map<string, string>();
    for (const b of batchIds) {
      for (const key of keys) owner.set(keyedJobId(b, key), `${b} key ${key}`);
    }
    expect(owner.size).toBe(batchIds.length * keys.length);
    for (const b of batchIds) for (let n = 0; n < 20; n++) expect(owner.has(generatedJobId(b, n))).toBe(false);
    expect(keyedJobId("p-q", "x", LEGACY_KEY_SEPARATOR)).toBe(keyedJobId("p", "q-x", LEGACY_KEY_SEPARATOR)); // the bug this format ends
  });

  it("name their batch: the id up to the first `.`", () => {
    for (const b of batchIds) for (const key of keys) expect(keyedJobId(b, key).split(".")[0]).toBe(b);
  });
});

// The generated ids' format (short on purpose, docs/BENCHMARKS.md issue 5) and that
// ids of earlier releases — a UUID batch id, 16 hex digits per job — stay valid.
import { describe, expect, it } from "vitest";
import { batchKeys, parseLeaseMember } from "./batch-keys";
import { BATCH_ID, jobSuffixSource, newBatchId } from "./batch-ids";

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

describe("generated job suffixes", () => {
  it("are 11 characters of base64url (64 random bits) each, all different", () => {
    const suffix = jobSuffixSource(5000);
    const all = Array.from({ length: 5000 }, (_, i) => suffix(i));
    for (const s of all) expect(s).toMatch(/^[A-Za-z0-9_-]{11}$/);
    expect(new Set(all).size).toBe(all.length);
    expect(suffix(7)).toBe(all[7]); // the same index reads the same suffix
  });

  it("make job ids of 28 characters with a generated batch id (53 before), which the retry route still takes", () => {
    const id = `${newBatchId()}-${jobSuffixSource(1)(0)}`;
    expect(id).toHaveLength(28);
    expect(OLD_JOB_ID).toHaveLength(53);
    // app/api/batches/[id]/retry/route.ts: jobIds are strings of 1–200 characters.
    for (const jobId of [id, OLD_JOB_ID]) expect(jobId.length).toBeLessThanOrEqual(200);
  });
});

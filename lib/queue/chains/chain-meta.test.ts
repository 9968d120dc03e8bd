import { describe, expect, it } from "vitest";
import { chainMetaOf, chainMetaPatch, stepJobId } from "./chain-meta";

describe("chain meta", () => {
  it("round-trips through the job's meta", () => {
    const meta = { dispatchedAt: 1, ...chainMetaPatch("c1", 3) };
    expect(chainMetaOf(meta)).toEqual({ id: "c1", step: 3 });
  });
  it.each([undefined, {}, { chain: [] }, { chain: { id: "c1" } }, { chain: { id: 1, step: 0 } }, { chain: { id: "c", step: 1.5 } }])(
    "is null for %j",
    (meta) => expect(chainMetaOf(meta as never)).toBeNull(),
  );
  it("gives each step a fixed BullMQ job id (no ':' — BullMQ refuses it)", () => {
    expect(stepJobId("abc", 4)).toBe("chain-abc-4");
    expect(stepJobId("abc", 4)).not.toContain(":");
  });
});

import { describe, expect, it } from "vitest";
import { autoTags, jobTags, MAX_TAGS, mergeTags } from "./job-tags";

describe("autoTags", () => {
  it.each([
    [{ company_id: 12 }, ["company:12"]],
    [{ companyId: "12" }, ["company:12"]],
    [{ customer: 7 }, ["customer:7"]],
    [{ customer: { id: 7, name: "Ada" } }, ["customer:7"]],
    [{ customer_id: 7, customerId: 7 }, ["customer:7"]],
    [{ call_id: "abc" }, ["call:abc"]],
    [{ event: "call_ended", call: { call_id: "abc", agent_id: "x" } }, ["call:abc"]],
    [{ appointment: { company_id: 3, customer: { id: 9 } } }, ["company:3", "customer:9"]],
    [{ a: { b: { company_id: 1 } } }, []],
    [{ company_id: null, customer: "", call_id: ["x"] }, []],
    ["string payload", []],
    [null, []],
  ])("%j → %j", (payload, tags) => {
    expect(autoTags(payload)).toEqual(tags);
  });
});

describe("jobTags", () => {
  it("puts explicit tags first, then automatic ones, without duplicates", () => {
    expect(jobTags(["billing", "company:12"], { company_id: 12, call_id: "c1" })).toEqual(["billing", "company:12", "call:c1"]);
  });

  it("calls a tags function with the payload", () => {
    expect(jobTags((p: { region: string }) => [`region:${p.region}`], { region: "eu" })).toEqual(["region:eu"]);
  });

  it("takes automatic tags from the stored payload when parsing stripped fields", () => {
    expect(jobTags((p: { note: string }) => [`note:${p.note}`], { note: "x" }, ["batch:1"], { note: "x", company_id: 12 })).toEqual(["batch:1", "note:x", "company:12"]);
  });
  it("keeps automatic tags when the tags function throws", () => {
    expect(jobTags(() => { throw new Error("boom"); }, { company_id: 1 })).toEqual(["company:1"]);
  });

  it("drops tags with whitespace and bounds the count", () => {
    expect(mergeTags(["a b", " ok ", "ok"])).toEqual(["ok"]);
    expect(mergeTags(Array.from({ length: 50 }, (_, i) => `t:${i}`))).toHaveLength(MAX_TAGS);
  });
});

import { describe, expect, it } from "vitest";
import { findNonJson } from "./json-payload";

class Customer {
  constructor(public id = 1) {}
}
const circular: Record<string, unknown> = { a: 1 };
circular.self = circular;

describe("findNonJson", () => {
  it.each<[string, unknown, string | null]>([
    ["plain object", { a: 1, b: "x", c: [true, null, { d: 2.5 }] }, null],
    ["null-prototype object", Object.assign(Object.create(null), { a: 1 }), null],
    ["absent optional field", { a: undefined }, null],
    ["Date", { at: new Date(0) }, "payload.at is a Date instance (send date.toISOString()); payloads must be plain JSON"],
    ["class instance", { customer: new Customer() }, "payload.customer is a Customer instance; payloads must be plain JSON"],
    ["function", { f: () => 1 }, "payload.f is a function"],
    ["bigint", { n: 1n }, "payload.n is a bigint (send it as a string)"],
    ["NaN", { n: NaN }, "payload.n is NaN, which JSON cannot represent"],
    ["undefined in array", [1, undefined], "payload[1] is undefined (JSON would drop or null it)"],
    ["Map deep inside", { a: [{ b: new Map() }] }, "payload.a[0].b is a Map instance; payloads must be plain JSON"],
    ["circular", circular, "payload.self is a circular reference"],
    ["shared (not circular) reference is fine", (() => { const x = { v: 1 }; return { a: x, b: x }; })(), null],
  ])("%s", (_name, value, expected) => {
    expect(findNonJson(value)).toBe(expected);
  });
});

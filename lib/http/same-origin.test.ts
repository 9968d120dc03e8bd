import { describe, expect, it } from "vitest";
import { allowedOriginsFor, checkSameOrigin, isMutation } from "./same-origin";

const allowed = ["http://127.0.0.1:3100"];

describe("checkSameOrigin (CSRF)", () => {
  it.each([
    // method, origin, sec-fetch-site, ok
    ["GET", "https://evil.example", "cross-site", true], // reads are not checked
    ["HEAD", null, "cross-site", true],
    ["POST", "http://127.0.0.1:3100", "same-origin", true],
    ["POST", "http://127.0.0.1:3100", null, true],
    ["DELETE", null, "same-origin", true],
    ["POST", null, null, true], // not a browser: curl, scripts
    ["POST", "https://evil.example", null, false],
    ["POST", "https://evil.example", "cross-site", false],
    ["POST", null, "cross-site", false],
    ["POST", null, "same-site", false],
    ["PATCH", "http://127.0.0.1:3100", "same-site", false],
    ["PUT", "null", null, false], // sandboxed iframe / file:// page
    ["DELETE", "http://127.0.0.1:9999", "same-origin", false],
  ] as const)("%s from origin %s, sec-fetch-site %s → ok=%s", (method, origin, secFetchSite, ok) => {
    expect(checkSameOrigin({ method, origin, secFetchSite, allowedOrigins: allowed }).ok).toBe(ok);
  });

  it("names the offending header in the reason", () => {
    const verdict = checkSameOrigin({ method: "POST", origin: "https://evil.example", secFetchSite: null, allowedOrigins: allowed });
    expect(verdict).toEqual({ ok: false, reason: "cross-site request refused (Origin: https://evil.example)" });
  });

  it("classifies methods", () => {
    expect(["GET", "HEAD", "OPTIONS", "get"].map(isMutation)).toEqual([false, false, false, false]);
    expect(["POST", "PUT", "PATCH", "DELETE"].map(isMutation)).toEqual([true, true, true, true]);
  });
});

describe("allowedOriginsFor", () => {
  it("accepts the request's own host and the public URL", () => {
    const headers = new Headers({ host: "localhost:3000" });
    expect(allowedOriginsFor(headers, "http://localhost:3000/api/x", "https://console.example.com/")).toEqual([
      "http://localhost:3000",
      "https://console.example.com",
    ]);
  });

  it("uses the forwarded host and protocol behind a TLS proxy", () => {
    const headers = new Headers({ host: "10.0.0.5:3000", "x-forwarded-host": "console.example.com", "x-forwarded-proto": "https" });
    expect(allowedOriginsFor(headers, "http://10.0.0.5:3000/api/x")).toEqual(["https://console.example.com", "https://10.0.0.5:3000"]);
  });
});

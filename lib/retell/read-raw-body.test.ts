import { describe, expect, it } from "vitest";
import { PayloadTooLarge, readRawBody } from "./read-raw-body";

function streamOf(chunks: Uint8Array[], onPull?: () => void): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      onPull?.();
      if (i < chunks.length) controller.enqueue(chunks[i++]);
      else controller.close();
    },
  });
}

function post(body: BodyInit, headers: Record<string, string> = {}): Request {
  return new Request("http://x/", { method: "POST", body, headers, duplex: "half" } as RequestInit);
}

describe("readRawBody", () => {
  it("returns the exact text, BOM and multi-byte characters included", async () => {
    const text = "\uFEFF{\"name\":\"Jürgen ☎\"}";
    const bytes = new TextEncoder().encode(text);
    const split = [bytes.slice(0, 5), bytes.slice(5)];
    expect(await readRawBody(post(streamOf(split)))).toBe(text);
  });

  it("refuses a declared Content-Length over the limit before reading", async () => {
    let pulls = 0;
    const request = post(streamOf([new Uint8Array(10)], () => pulls++), { "content-length": "2000" });
    await expect(readRawBody(request, 1000)).rejects.toBeInstanceOf(PayloadTooLarge);
    expect(pulls).toBeLessThanOrEqual(1); // the stream may prefetch one chunk; it is never drained
  });

  it("stops an undeclared body as soon as it passes the limit, without draining it", async () => {
    let pulls = 0;
    const chunks = Array.from({ length: 100 }, () => new Uint8Array(400));
    await expect(readRawBody(post(streamOf(chunks, () => pulls++)), 1000)).rejects.toBeInstanceOf(PayloadTooLarge);
    expect(pulls).toBeLessThan(10);
  });

  it("accepts a body of exactly the limit", async () => {
    expect((await readRawBody(post("x".repeat(1000)), 1000)).length).toBe(1000);
  });
});

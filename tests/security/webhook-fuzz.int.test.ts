// Issue 7 · webhook fuzzing: 10,000 generated deliveries (forged, replayed and
// duplicated signatures; huge, deeply nested, mistyped, unicode, duplicate-key
// and non-UTF-8 bodies) posted to the real route handler with real Requests,
// against real Redis. Never a 5xx; nothing acknowledged or enqueued unless the
// signature is valid. Reproduce a failure with FUZZ_SEED=<seed printed below>.
import { afterAll, beforeAll, expect, it } from "vitest";
import { env } from "@/lib/env";
import { closeQueues, getQueue } from "@/lib/queue";
import { parseRetellEnvelope } from "@/lib/retell/events";
import { webhookEventId } from "@/lib/retell/event-id";
import { jobCount } from "@/lib/jobs/testing/harness";
import { POST } from "@/app/api/retell/webhook/route";
import { createPrng } from "./prng";
import { generateCase, type FuzzCase } from "./webhook-fuzz-cases";

const CASES = Number(process.env.FUZZ_CASES ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed_0007);
const key = env().RETELL_API_KEY!;

let before = 0;
beforeAll(async () => {
  before = await jobCount("webhooks");
});
afterAll(async () => {
  await closeQueues();
});

function describeCase(c: FuzzCase): string {
  const size = typeof c.payload === "string" ? c.payload.length : c.payload.byteLength;
  return `case #${c.index} (seed ${SEED}): body=${c.body} (${size} chars) signature=${c.signature}`;
}

/** The job id an acknowledged, validly signed delivery must have produced. */
function expectedJobId(c: FuzzCase): string | undefined {
  const raw = typeof c.payload === "string" ? c.payload : new TextDecoder("utf-8", { ignoreBOM: true }).decode(c.payload);
  try {
    const parsed = parseRetellEnvelope(JSON.parse(raw));
    return parsed.ok ? webhookEventId(parsed.envelope, raw) : undefined;
  } catch {
    return undefined;
  }
}

it(`${CASES} generated deliveries: never a 5xx, never a job without a valid signature`, async () => {
  const rng = createPrng(SEED);
  const failures: string[] = [];
  const statuses = new Map<string, number>();
  const acceptedIds = new Set<string>();
  let forgedTried = 0;

  for (let i = 0; i < CASES; i++) {
    const c = generateCase(i, rng, key);
    if (!c.validlySigned) forgedTried++;
    const request = new Request("http://127.0.0.1/api/retell/webhook", { method: "POST", body: c.payload as BodyInit, headers: c.headers });
    let status: number;
    try {
      status = (await POST(request)).status;
    } catch (error) {
      failures.push(`${describeCase(c)} → threw ${(error as Error).message}`);
      continue;
    }
    const tally = `${c.validlySigned ? "signed" : "forged"} ${status}`;
    statuses.set(tally, (statuses.get(tally) ?? 0) + 1);
    if (status >= 500) failures.push(`${describeCase(c)} → ${status}`);
    if (status < 300 && !c.validlySigned) failures.push(`${describeCase(c)} → ${status}: a forged delivery was acknowledged`);
    if (status === 204) {
      const id = expectedJobId(c);
      if (!id) failures.push(`${describeCase(c)} → 204 but the body is not a Retell envelope`);
      else acceptedIds.add(id);
    }
  }

  const jobs = await getQueue("webhooks").getJobs(["wait", "active", "delayed", "completed", "failed", "prioritized"]);
  const unexpected = jobs.map((j) => j.id!).filter((id) => !acceptedIds.has(id));
  console.log(
    `[webhook-fuzz] seed ${SEED}: ${CASES} cases tried (${forgedTried} forged/replayed/unsigned, ${CASES - forgedTried} validly signed); ` +
      `jobs enqueued ${jobs.length} = distinct accepted ids ${acceptedIds.size}; answers ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
  );
  expect(failures.slice(0, 20), `${failures.length} failing cases`).toEqual([]);
  expect(unexpected, "jobs in the queue that no validly signed delivery produced").toEqual([]);
  expect(await jobCount("webhooks")).toBe(before + acceptedIds.size);
  // The generator must really exercise both paths, or the assertions above prove nothing.
  expect(forgedTried).toBeGreaterThan(CASES * 0.75);
  expect(acceptedIds.size).toBeGreaterThan(CASES * 0.01);
}, 300_000);

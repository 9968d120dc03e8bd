// bull-board 9 (@bull-board/api + @bull-board/express) over the benchmark's
// queues, as its README sets it up; run as its own process by bench/console.ts so
// it does not share an event loop with the load generator.
// Env: BENCH_REDIS_URL, BENCH_PREFIX, BENCH_QUEUES (comma-separated), BULL_BOARD_PORT.
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import { Queue } from "bullmq";
// @ts-expect-error express 5 ships no types and this file needs none beyond app.use/listen
import express from "express";
import { Redis } from "ioredis";

const connection = new Redis(process.env.BENCH_REDIS_URL!, { maxRetriesPerRequest: null });
const queues = process.env.BENCH_QUEUES!.split(",").map((name) => new Queue(name, { connection, prefix: process.env.BENCH_PREFIX! }));

const serverAdapter = new ExpressAdapter();
serverAdapter.setBasePath("/");
// @bull-board/express pins its own @bull-board/api patch version; the adapter is the same shape.
createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter: serverAdapter as never });

const app = express();
app.use("/", serverAdapter.getRouter());
const port = Number(process.env.BULL_BOARD_PORT ?? 3301);
app.listen(port, "127.0.0.1", () => console.log(`bull-board listening on ${port}`));

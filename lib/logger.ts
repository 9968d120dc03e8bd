// One pino logger; child loggers carry queue, job id and supervisor name.
import pino from "pino";
import { env } from "./env";

export const logger = pino({
  level: env().LOG_LEVEL,
  base: { pid: process.pid },
  redact: { paths: ["*.password", "*.passwordHash", "*.apiKey", "*.authorization", "*.token"], censor: "[redacted]" },
});

export type Logger = pino.Logger;

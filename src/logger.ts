import { type Logger, pino } from 'pino';
import type { Config } from './config.js';

export type { Logger };

/** JSON lines on stdout for the services; the CLI passes fd 2 to keep stdout for its output. */
export function createLogger(config: Pick<Config, 'logLevel'>, fileDescriptor: 1 | 2 = 1): Logger {
  return pino(
    {
      level: config.logLevel,
      // Connection strings can carry passwords; keep them out of every log line.
      redact: ['databaseUrl', 'redisUrl', 'req.headers.authorization', 'req.headers["x-api-key"]'],
    },
    pino.destination(fileDescriptor),
  );
}

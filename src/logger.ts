import { type Logger, pino } from 'pino';
import type { Config } from './config.js';

export type { Logger };

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    // Connection strings can carry passwords; keep them out of every log line.
    redact: ['databaseUrl', 'redisUrl', 'req.headers.authorization', 'req.headers["x-api-key"]'],
  });
}

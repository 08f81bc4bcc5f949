import path from 'node:path';
import { AllowedHostError, parseAllowedHost } from '../scrapers/http/address-guard.js';

/**
 * The one place that reads process.env. Every value is validated here so a typo fails at
 * start with the variable's name, not later with a confusing stack trace.
 */
export interface Config {
  port: number;
  host: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** PostgreSQL URL; absent means the embedded PGlite database under dataDir. */
  databaseUrl: string | null;
  /** Redis URL; absent means the in-process job runner. */
  redisUrl: string | null;
  /** Prefix of every BullMQ key: installations (or tests) sharing one Redis keep apart. */
  bullmqPrefix: string;
  dataDir: string;
  http: {
    userAgent: string;
    timeoutMs: number;
    maxRetries: number;
    perHostConcurrency: number;
    /** HTTP_PER_HOST_INTERVAL_MS: least time between two request starts to one host. */
    minIntervalMs: number;
    /**
     * SOURCE_HOST_ALLOWLIST (comma-separated host[:port]): hosts the SSRF guard lets a
     * user-configured source reach although they are internal (an intranet programme page).
     */
    allowedHosts: string[];
  };
  jobs: {
    /** How often each process drains job_outbox beyond the pokes after its own commits. */
    outboxRelayIntervalMs: number;
    /** A running poll's lease: past it without a heartbeat, the run counts as abandoned. */
    runLeaseMs: number;
  };
  api: {
    /**
     * Where clients reach this service (feed URLs, links in mails): PUBLIC_BASE_URL, by
     * default http://HOST:PORT.
     */
    publicBaseUrl: string;
    /** Browser origins (the intranet) allowed to call the API: CORS_ORIGINS, comma-separated. */
    corsOrigins: string[];
    /** Requests per minute per API key (per address without one): RATE_LIMIT_PER_MINUTE. */
    rateLimitPerMinute: number;
    /** Calls and sources readable without a key (PUBLIC_CALL_DATA, default true). */
    publicCallData: boolean;
  };
  digests: {
    /** SMTP_URL (smtp: or smtps:, credentials in it); null: .eml files in outboxDir. */
    smtpUrl: string | null;
    /** MAIL_FROM: the From of every digest ("callradar <digest@example.org>"). */
    mailFrom: string;
    /** DATA_DIR/outbox: where the embedded default writes digests instead of sending. */
    outboxDir: string;
    /** SMTP_MESSAGES_PER_SECOND: the most a sender hands to SMTP per second. */
    smtpMessagesPerSecond: number;
    /** DIGEST_LINK_DAYS: how long unsubscribe and preference links in a digest work. */
    linkValidityDays: number;
  };
  ftPortal: {
    searchUrl: string;
    topicDetailsUrl: string;
    /** Cron pattern (UTC) for the scheduled poll. */
    schedule: string;
  };
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function readString(env: Env, name: string, fallback: string): string {
  const value = env[name]?.trim();
  return value ? value : fallback;
}

function readOptionalUrl(env: Env, name: string, protocols: string[]): string | null {
  const value = env[name]?.trim();
  if (!value) return null;
  return parseUrl(name, value, protocols);
}

function readUrl(env: Env, name: string, fallback: string, protocols: string[]): string {
  return parseUrl(name, readString(env, name, fallback), protocols);
}

function parseUrl(name: string, value: string, protocols: string[]): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(name, `must be a URL, got "${redact(value)}"`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got "${url.protocol}"`);
  }
  return value;
}

/** Never echo a password from a connection string into an error or a log. */
function redact(value: string): string {
  return value.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

function readInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) {
    throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  }
  return value;
}

function readChoice<T extends string>(
  env: Env,
  name: string,
  fallback: T,
  choices: readonly T[],
): T {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!(choices as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${choices.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

const CRON_FIELD = /^[\d*/,-]+$/;
function readCron(env: Env, name: string, fallback: string): string {
  const value = readString(env, name, fallback);
  const fields = value.split(/\s+/);
  if (fields.length !== 5 || !fields.every((field) => CRON_FIELD.test(field))) {
    throw new ConfigError(name, `must be a 5-field cron pattern, got "${value}"`);
  }
  return value;
}

const BULLMQ_PREFIX = /^[A-Za-z0-9_.-]{1,64}$/;
function readPrefix(env: Env, name: string, fallback: string): string {
  const value = readString(env, name, fallback);
  // ':' separates BullMQ's own key parts; a prefix containing it would collide with them.
  if (!BULLMQ_PREFIX.test(value)) {
    throw new ConfigError(name, `must be 1–64 letters, digits, '.', '_' or '-', got "${value}"`);
  }
  return value;
}

function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function readOrigins(env: Env, name: string): string[] {
  const raw = env[name]?.trim();
  if (!raw) return [];
  return raw.split(',').map((entry) => {
    const value = entry.trim();
    const origin = parseUrl(name, value, ['http:', 'https:']);
    // An origin is scheme, host and port only: a path would never equal a browser's Origin.
    if (new URL(origin).origin !== origin.replace(/\/$/, '')) {
      throw new ConfigError(
        name,
        `lists "${value}", which is not an origin like https://intranet.example`,
      );
    }
    return origin.replace(/\/$/, '');
  });
}

function readHostAllowList(env: Env, name: string): string[] {
  const raw = env[name]?.trim();
  if (!raw) return [];
  return raw.split(',').map((entry) => {
    const value = entry.trim();
    try {
      const { hostname, port } = parseAllowedHost(value);
      return port === null ? hostname : `${hostname}:${port}`;
    } catch (error) {
      if (!(error instanceof AllowedHostError)) throw error;
      throw new ConfigError(
        name,
        `lists "${error.entry}", which ${error.reason}: give host or host:port, like intranet.example or 10.0.0.5:8080`,
      );
    }
  });
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(env: Env = process.env): Readonly<Config> {
  const port = readInteger(env, 'PORT', 3000, 0, 65535);
  const host = readString(env, 'HOST', '127.0.0.1');
  const dataDir = path.resolve(readString(env, 'DATA_DIR', '.data'));
  const config: Config = {
    port,
    host,
    logLevel: readChoice(env, 'LOG_LEVEL', 'info', logLevels),
    databaseUrl: readOptionalUrl(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    redisUrl: readOptionalUrl(env, 'REDIS_URL', ['redis:', 'rediss:']),
    bullmqPrefix: readPrefix(env, 'BULLMQ_PREFIX', 'callradar'),
    dataDir,
    http: {
      userAgent: readString(
        env,
        'HTTP_USER_AGENT',
        'callradar/0.1 (+https://github.com/callradar/callradar; municipal funding watch)',
      ),
      timeoutMs: readInteger(env, 'HTTP_TIMEOUT_MS', 30_000, 100, 600_000),
      maxRetries: readInteger(env, 'HTTP_MAX_RETRIES', 3, 0, 10),
      perHostConcurrency: readInteger(env, 'HTTP_PER_HOST_CONCURRENCY', 2, 1, 32),
      minIntervalMs: readInteger(env, 'HTTP_PER_HOST_INTERVAL_MS', 1_000, 0, 600_000),
      allowedHosts: readHostAllowList(env, 'SOURCE_HOST_ALLOWLIST'),
    },
    jobs: {
      outboxRelayIntervalMs: readInteger(env, 'OUTBOX_RELAY_INTERVAL_MS', 5_000, 100, 3_600_000),
      runLeaseMs: readInteger(env, 'RUN_LEASE_SECONDS', 120, 2, 3_600) * 1000,
    },
    api: {
      publicBaseUrl: readUrl(env, 'PUBLIC_BASE_URL', `http://${host}:${port}`, [
        'http:',
        'https:',
      ]).replace(/\/+$/, ''),
      corsOrigins: readOrigins(env, 'CORS_ORIGINS'),
      rateLimitPerMinute: readInteger(env, 'RATE_LIMIT_PER_MINUTE', 600, 1, 10_000_000),
      publicCallData: readBoolean(env, 'PUBLIC_CALL_DATA', true),
    },
    digests: {
      smtpUrl: readOptionalUrl(env, 'SMTP_URL', ['smtp:', 'smtps:']),
      mailFrom: readString(env, 'MAIL_FROM', 'callradar <digest@localhost>'),
      outboxDir: path.join(dataDir, 'outbox'),
      smtpMessagesPerSecond: readInteger(env, 'SMTP_MESSAGES_PER_SECOND', 20, 1, 10_000),
      linkValidityDays: readInteger(env, 'DIGEST_LINK_DAYS', 60, 1, 3_650),
    },
    ftPortal: {
      searchUrl: readUrl(
        env,
        'FT_PORTAL_SEARCH_URL',
        'https://api.tech.ec.europa.eu/search-api/prod/rest/search',
        ['http:', 'https:'],
      ),
      topicDetailsUrl: readUrl(
        env,
        'FT_PORTAL_TOPIC_DETAILS_URL',
        'https://ec.europa.eu/info/funding-tenders/opportunities/data/topicDetails',
        ['http:', 'https:'],
      ),
      schedule: readCron(env, 'FT_PORTAL_SCHEDULE', '15 5 * * *'),
    },
  };
  return Object.freeze(config);
}

import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('runs with no environment at all on the embedded defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: null,
      redisUrl: null,
      logLevel: 'info',
    });
    expect(config.ftPortal.searchUrl).toBe(
      'https://api.tech.ec.europa.eu/search-api/prod/rest/search',
    );
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT must be a whole number, got "eighty"'],
    [{ PORT: '70000' }, 'PORT must be between 0 and 65535, got 70000'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must use postgres: or postgresql:, got "mysql:"'],
    [{ REDIS_URL: 'not a url' }, 'REDIS_URL must be a URL'],
    [
      { LOG_LEVEL: 'loud' },
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
    ],
    [{ FT_PORTAL_SCHEDULE: 'every day' }, 'FT_PORTAL_SCHEDULE must be a 5-field cron pattern'],
    [{ FT_PORTAL_SEARCH_URL: 'ftp://x' }, 'FT_PORTAL_SEARCH_URL must use http: or https:'],
    [{ HTTP_PER_HOST_INTERVAL_MS: 'soon' }, 'HTTP_PER_HOST_INTERVAL_MS must be a whole number'],
    [
      { HTTP_PER_HOST_INTERVAL_MS: '3600000' },
      'HTTP_PER_HOST_INTERVAL_MS must be between 0 and 600000, got 3600000',
    ],
    [
      { SOURCE_HOST_ALLOWLIST: 'intranet.example,http://10.0.0.5/' },
      'SOURCE_HOST_ALLOWLIST lists "http://10.0.0.5/", which is not host or host:port: give host or host:port, like intranet.example or 10.0.0.5:8080',
    ],
    [
      { SOURCE_HOST_ALLOWLIST: '127.0.0.1:70000' },
      'SOURCE_HOST_ALLOWLIST lists "127.0.0.1:70000", which has a port outside 1–65535',
    ],
    [
      { SOURCE_HOST_ALLOWLIST: 'intranet.example,,10.0.0.5' },
      'SOURCE_HOST_ALLOWLIST lists "", which is not host or host:port',
    ],
    [{ SOURCE_HOST_ALLOWLIST: 'admin@intranet.example' }, 'SOURCE_HOST_ALLOWLIST lists "admin@'],
  ])('names the bad variable: %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('spaces requests to a host a second apart and allows no internal host by default', () => {
    const { http } = loadConfig({});
    expect(http.minIntervalMs).toBe(1000);
    expect(http.allowedHosts).toEqual([]);
    expect(loadConfig({ HTTP_PER_HOST_INTERVAL_MS: '0' }).http.minIntervalMs).toBe(0);
  });

  it('reads SOURCE_HOST_ALLOWLIST as host[:port] entries, normalised', () => {
    const { http } = loadConfig({
      SOURCE_HOST_ALLOWLIST: ' Intranet.Example , 127.0.0.1:8080,[::1]:9000,10.0.0.5:80 ',
    });
    expect(http.allowedHosts).toEqual([
      'intranet.example',
      '127.0.0.1:8080',
      '[::1]:9000',
      // Kept although 80 is http's default: the entry allows that port only.
      '10.0.0.5:80',
    ]);
  });

  it('never echoes a password from a connection string', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres//admin:s3cret@db' })).toThrow(
      /must be a URL/,
    );
    const thrown = (() => {
      try {
        loadConfig({ REDIS_URL: 'redis//user:s3cret@host' });
      } catch (error) {
        return error as Error;
      }
      return null;
    })();
    // The call must throw: a silent pass would prove nothing about the message.
    expect(thrown).toBeInstanceOf(ConfigError);
    expect(thrown?.message).toMatch(/REDIS_URL must be a URL/);
    expect(thrown?.message).not.toContain('s3cret');
  });
});

import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cli,
  freePort,
  type ServiceProcess,
  signalHolder,
  startService,
  stopGroup,
} from '../helpers/embedded-service.js';

interface KeyPage {
  items: Array<{ id: string; prefix: string; role: string; revokedAt: string | null }>;
}

/**
 * The embedded default as a user first runs it: `npm start` on an empty data folder makes an
 * admin key, writes it where only the owner can read it, says where, and keeps it on restart.
 * The keys CLI works beside it, through its control socket.
 */
describe('the first-run admin key of the embedded default', { timeout: 240_000 }, () => {
  let dataDir: string;
  let service: ServiceProcess | undefined;
  let port: number;
  const keyFile = () => path.join(dataDir, 'admin-key');

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'callradar-admin-key-'));
    port = await freePort();
    service = await startService(dataDir, port, { LOG_LEVEL: 'info' });
  }, 240_000);

  afterAll(async () => {
    stopGroup(service);
    await rm(dataDir, { recursive: true, force: true });
  });

  const get = (url: string, key?: string) =>
    fetch(`http://127.0.0.1:${port}${url}`, {
      headers: key ? { authorization: `Bearer ${key}` } : {},
    });

  it('writes the key to DATA_DIR/admin-key, owner-only, and logs the path but never the key', async () => {
    const info = await stat(keyFile());
    expect(info.mode & 0o777).toBe(0o600);
    const key = (await readFile(keyFile(), 'utf8')).trim();
    expect(key).toMatch(/^cr_[A-Za-z0-9_-]{43}$/);
    expect(service?.output()).toContain(keyFile());
    expect(service?.output()).not.toContain(key);
    const response = await get('/v1/keys', key);
    expect(response.status).toBe(200);
    const page = (await response.json()) as KeyPage;
    expect(page.items.filter((item) => item.role === 'admin')).toEqual([
      expect.objectContaining({ prefix: key.slice(0, 11), revokedAt: null }),
    ]);
    const anonymous = await get('/v1/keys');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('the keys CLI works beside the running service, and its revocation applies at once', async () => {
    const { stdout } = await cli(
      dataDir,
      'keys',
      'create',
      '--role',
      'reader',
      '--tenant',
      'lidingo',
      '--json',
    );
    const created = JSON.parse(stdout) as { id: string; key: string };
    const tenant = await get('/v1/tenant', created.key);
    expect(tenant.status).toBe(200);
    expect(((await tenant.json()) as { slug: string }).slug).toBe('lidingo');
    await cli(dataDir, 'keys', 'revoke', created.id);
    // The service had the key cached: the revocation ran in its process and evicted it.
    expect((await get('/v1/tenant', created.key)).status).toBe(401);
  });

  it('a restart keeps the file and the key, and creates no other admin key', async () => {
    const before = await readFile(keyFile(), 'utf8');
    if (service) await signalHolder(service, dataDir, 'SIGTERM');
    service = await startService(dataDir, port, { LOG_LEVEL: 'info' });
    expect(await readFile(keyFile(), 'utf8')).toBe(before);
    const response = await get('/v1/keys', before.trim());
    expect(response.status).toBe(200);
    const admins = ((await response.json()) as KeyPage).items.filter(
      (item) => item.role === 'admin',
    );
    expect(admins).toHaveLength(1);
  });
});

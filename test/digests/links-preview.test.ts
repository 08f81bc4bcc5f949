import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { departments } from '../../src/db/schema/index.js';
import { previewDigestContent } from '../../src/digests/content.js';
import { renderDigest } from '../../src/digests/render/index.js';
import { seedTenantApi, type TenantApiFixture } from '../helpers/tenant-api.js';

const RECIPIENTS = ['rektor@lidingo.test', 'skolchef@lidingo.test'];

/**
 * The preview route shows exactly what the planner's content and the renderer make of it
 * (both other helpers' work: this passes once they are merged).
 */
describe('GET /v1/departments/:key/digest/preview', () => {
  let fixture: TenantApiFixture;
  const deps = () => ({
    db: fixture.database.db,
    clock: fixture.clock,
    publicBaseUrl: loadConfig({}).api.publicBaseUrl,
    config: loadConfig({}).digests,
  });
  const lidingo = () => fixture.tenantIds.get('lidingo') as string;

  beforeAll(async () => {
    fixture = await seedTenantApi();
    await fixture.database.db
      .update(departments)
      .set({ recipients: RECIPIENTS })
      .where(and(eq(departments.tenantId, lidingo()), eq(departments.key, 'education')));
  });

  afterAll(async () => {
    await fixture?.app.close();
    await fixture?.database.drop();
  });

  const preview = (query: string, headers = fixture.keys.coordinator) =>
    fixture.app.inject({
      method: 'GET',
      url: `/v1/departments/education/digest/preview${query}`,
      headers,
    });

  it('answers the HTML part the department would be sent, under a policy with no script', async () => {
    const expected = renderDigest(
      await previewDigestContent(deps(), { tenantId: lidingo(), departmentKey: 'education' }),
    );
    const response = await preview('');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toBe(expected.html);
    expect(decodeURIComponent(String(response.headers['x-digest-subject']))).toBe(expected.subject);
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
  });

  it('answers the text part, as of a day and for a named recipient', async () => {
    const expected = renderDigest(
      await previewDigestContent(deps(), {
        tenantId: lidingo(),
        departmentKey: 'education',
        asOf: '2026-06-25',
        recipient: RECIPIENTS[1],
      }),
    );
    const response = await preview(`?format=text&asOf=2026-06-25&recipient=${RECIPIENTS[1]}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.body).toBe(expected.text);
  });

  it('refuses what it cannot preview in the error shape', async () => {
    const unknown = await fixture.app.inject({
      method: 'GET',
      url: '/v1/departments/no-such-department/digest/preview',
      headers: fixture.keys.coordinator,
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ statusCode: 404, requestId: expect.any(String) });
    expect((await preview('?format=pdf')).statusCode).toBe(400);
    expect((await preview('?asOf=25-06-2026')).statusCode).toBe(400);
    expect(
      (await fixture.app.inject({ method: 'GET', url: '/v1/departments/education/digest/preview' }))
        .statusCode,
    ).toBe(401);
    // A reader may not see the recipients' signed links; another tenant's key finds nothing.
    expect((await preview('', fixture.keys.reader)).statusCode).toBe(403);
    expect((await preview('', fixture.keys.otherCoordinator)).statusCode).toBe(404);
  });
});

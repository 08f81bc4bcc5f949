import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { Conflict, InvalidInput } from '../../src/errors.js';
import { departmentMatches } from '../../src/matching/department-matches.js';
import { buildTestApp } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

/**
 * Domain code throws domain errors; the app's one error handler turns them into statuses.
 * The routes below are added to the real app the way any domain's routes are.
 */
describe('the HTTP error handler', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const unknownTenant = randomUUID();

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await buildTestApp({ db: database.db, clock: systemClock });
    app.get('/test/department', () =>
      departmentMatches(database.db, { tenantId: unknownTenant, departmentKey: 'nowhere' }),
    );
    app.get('/test/invalid', async () => {
      throw new InvalidInput('from must not be after to');
    });
    app.get('/test/conflict', async () => {
      throw new Conflict('profile version 3 is stale; 4 is stored');
    });
    app.get('/test/crash', async () => {
      throw new Error('connect ECONNREFUSED 10.0.0.7:5432 password=hunter2');
    });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const get = async (url: string) => {
    const response = await app.inject({ method: 'GET', url });
    return { status: response.statusCode, body: response.json(), headers: response.headers };
  };

  it('answers a domain error with its status, its message and the request id', async () => {
    for (const [url, statusCode, error, message] of [
      ['/test/department', 404, 'Not Found', 'No department "nowhere" for this tenant'],
      ['/test/invalid', 400, 'Bad Request', 'from must not be after to'],
      ['/test/conflict', 409, 'Conflict', 'profile version 3 is stale; 4 is stored'],
    ] as const) {
      const response = await get(url);
      expect(response.status, url).toBe(statusCode);
      expect(response.body, url).toEqual({
        statusCode,
        error,
        message,
        requestId: response.headers['x-request-id'],
      });
    }
  });

  it('answers any other error with a 500 that tells nothing from inside', async () => {
    const response = await get('/test/crash');
    expect(response.status).toBe(500);
    expect(response.body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Something went wrong on our side.',
      requestId: response.headers['x-request-id'],
    });
    expect(JSON.stringify(response.body)).not.toMatch(/ECONNREFUSED|hunter2/);
  });
});

import { expect } from 'vitest';

/** Every error body is exactly the documented shape, as JSON, with the id the headers carry. */
export function expectErrorShape(
  response: { statusCode: number; headers: Record<string, unknown>; body: string },
  statusCode: number,
): Record<string, unknown> {
  expect(response.statusCode, response.body).toBe(statusCode);
  expect(String(response.headers['content-type'])).toMatch(/^application\/json/);
  const body = JSON.parse(response.body) as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(['error', 'message', 'requestId', 'statusCode']);
  expect(body.statusCode).toBe(statusCode);
  expect(body.error).toEqual(expect.any(String));
  expect(body.message).toEqual(expect.any(String));
  expect(body.requestId).toBe(response.headers['x-request-id']);
  return body;
}

import { Type } from 'typebox';
import { ErrorResponse } from '../http/errors.js';
import { AreaSchema, DepartmentSchema, EntryKey, ProfileSchema } from './profile.js';

/** Request and response shapes of the profile routes; the profile itself is profile.ts's. */

export const KeyParams = Type.Object({ key: EntryKey });

const Rematch = Type.Union([Type.Literal('queued'), Type.Literal('not-needed')], {
  description: 'queued: the tenant is matched again against open calls (a change was stored)',
});

const changeFields = {
  changed: Type.Boolean({ description: 'False when the profile came out as it was' }),
  profileVersion: Type.Integer({ description: 'The version now stored (also the ETag)' }),
  rematch: Rematch,
};

export const ProfileDocument = ProfileSchema;
export const ProfileWriteResult = Type.Object(changeFields);
export const AreaWriteResult = Type.Object({ area: AreaSchema, ...changeFields });
export const DepartmentWriteResult = Type.Object({ department: DepartmentSchema, ...changeFields });

/**
 * Every write route can answer these: 400 names the field, 403 a reader key, 404 no such
 * entry, 409 a contradiction (a limit, an area still in use), 412 a stale If-Match.
 */
export const writeErrors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  412: ErrorResponse,
  500: ErrorResponse,
};

export const readErrors = {
  400: ErrorResponse,
  401: ErrorResponse,
  404: ErrorResponse,
  500: ErrorResponse,
};

export const ifMatchDescription =
  'Send If-Match with the ETag of GET /v1/profile ("profile-<slug>-<version>") to refuse the ' +
  'change (412) when someone else changed the profile since you read it.';

import type { FastifyReply, FastifyRequest, FastifySchemaCompiler } from 'fastify';
import type { TSchema } from 'typebox';
import type { RequestTenant } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import { type CanonicalProfile, type Profile, ProfileError } from './profile.js';
import { firstSchemaError } from './profile-messages.js';
import { changeProfile, type ProfileChange } from './profile-store.js';

/** What the profile routes share: the HTTP side of versions (ETag, If-Match) and checks. */

export interface ProfileRouteDeps {
  db: Database;
  clock: Clock;
  followUps: { poke(): void };
}

/** A strong validator per tenant and version: an admin's cache never mixes two tenants. */
export const etagOf = (tenant: RequestTenant, version: number) =>
  `"profile-${tenant.slug}-${version}"`;

/** Whether an If-Match / If-None-Match list names this version ("*" names any). */
export function namesVersion(header: string, tenant: RequestTenant, version: number): boolean {
  const tags = header.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
  return tags.includes('*') || tags.includes(etagOf(tenant, version));
}

export function tenantOf(request: FastifyRequest): RequestTenant {
  // Set by the access plugin on every tenant-read and tenant-write route.
  if (!request.tenant) throw new Error('profile route without a resolved tenant');
  return request.tenant;
}

/** The noun a body's messages start with, by route: "invalid area: keywords[0]: …". */
function bodyNoun(url: string): string {
  if (url.includes('/areas/')) return 'area';
  if (url.includes('/departments/')) return 'department';
  return 'profile';
}

/**
 * TypeBox checks with messages that name the field (profile-messages.ts) rather than ajv's
 * "must match pattern …": the messages the CLI import gives too.
 */
export const profileValidatorCompiler: FastifySchemaCompiler<TSchema> =
  ({ schema, httpPart, url }) =>
  (data: unknown) => {
    const problem = firstSchemaError(schema, data);
    if (!problem) return { value: data };
    const prefix = httpPart === 'body' ? `invalid ${bodyNoun(url)}: ` : '';
    return { error: new ProfileError(`${prefix}${problem}`) };
  };

/** Runs a change for the request's tenant, honouring If-Match; sets the new ETag. */
export async function applyChange(
  deps: ProfileRouteDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  next: (current: CanonicalProfile) => Profile,
): Promise<ProfileChange> {
  const tenant = tenantOf(request);
  const ifMatch = request.headers['if-match'];
  const result = await changeProfile(
    deps,
    tenant.id,
    { ifMatch: ifMatch ? (version) => namesVersion(ifMatch, tenant, version) : undefined },
    next,
  );
  void reply.header('etag', etagOf(tenant, result.profileVersion));
  return result;
}

/** The part of a change every write answers with. */
export const outcomeOf = ({ changed, profileVersion, rematch }: ProfileChange) => ({
  changed,
  profileVersion,
  rematch,
});

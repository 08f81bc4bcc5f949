import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { parseProfile } from './profile.js';
import { profileEntryRoutes } from './profile-entry-routes.js';
import {
  applyChange,
  etagOf,
  namesVersion,
  outcomeOf,
  type ProfileRouteDeps,
  profileValidatorCompiler,
  tenantOf,
} from './profile-http.js';
import {
  ifMatchDescription,
  ProfileDocument,
  ProfileWriteResult,
  readErrors,
  writeErrors,
} from './profile-schemas.js';
import { readProfile } from './profile-store.js';

const NotModified = Type.Null({ description: 'Not modified: If-None-Match names this version' });

/**
 * Coordinators read and edit their own profile: the whole document (the YAML import's
 * shape) or one area or department. Every change goes through changeProfile: one
 * transaction that bumps the version and records the re-match.
 */
export const profileRoutes: FastifyPluginAsyncTypebox<ProfileRouteDeps> = async (app, deps) => {
  app.setValidatorCompiler(profileValidatorCompiler);

  app.get(
    '/v1/profile',
    {
      config: { access: 'tenant-read' },
      schema: {
        tags: ['profile'],
        summary: "The tenant's profile, as the YAML import takes it, with its version",
        description: 'ETag "profile-<slug>-<version>"; If-None-Match answers 304.',
        response: { 200: ProfileDocument, 304: NotModified, ...readErrors },
      },
    },
    async (request, reply) => {
      const tenant = tenantOf(request);
      const { profileVersion, profile } = await readProfile(deps.db, tenant.id);
      void reply.header('etag', etagOf(tenant, profileVersion));
      const ifNoneMatch = request.headers['if-none-match'];
      if (ifNoneMatch && namesVersion(ifNoneMatch, tenant, profileVersion)) {
        return reply.code(304).send(null);
      }
      return { profileVersion, ...profile };
    },
  );

  app.put(
    '/v1/profile',
    {
      config: { access: 'tenant-write' },
      schema: {
        tags: ['profile'],
        summary: 'Replace the whole profile (areas and departments kept by key)',
        description: `profileVersion in the body is ignored. ${ifMatchDescription}`,
        body: ProfileDocument,
        response: { 200: ProfileWriteResult, ...writeErrors },
      },
    },
    async (request, reply) => {
      // The schema passed; parseProfile adds what a schema cannot say (unknown area keys,
      // duplicates, the time zone), with the same messages as the CLI import.
      const profile = parseProfile(request.body);
      return outcomeOf(await applyChange(deps, request, reply, () => profile));
    },
  );

  // A child context: it keeps this plugin's validator compiler.
  await app.register(profileEntryRoutes, deps);
};

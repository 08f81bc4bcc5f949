import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AreaBody, AreaPatch, DepartmentBody, DepartmentPatch } from './profile.js';
import {
  deleteArea,
  deleteDepartment,
  entryOf,
  isNew,
  keyFromPath,
  patchArea,
  patchDepartment,
  putArea,
  putDepartment,
} from './profile-entries.js';
import { applyChange, outcomeOf, type ProfileRouteDeps } from './profile-http.js';
import {
  AreaWriteResult,
  DepartmentWriteResult,
  ifMatchDescription,
  KeyParams,
  writeErrors,
} from './profile-schemas.js';

const areaWrite = { 200: AreaWriteResult, ...writeErrors };
const departmentWrite = { 200: DepartmentWriteResult, ...writeErrors };
const tenantWrite = { access: 'tenant-write' } as const;

/**
 * One area or one department, by key. PUT creates (201) or replaces, PATCH merges the
 * fields sent into the stored entry, DELETE removes it; each answers with the entry (the
 * removed one for DELETE), the profile version and whether a re-match was queued.
 */
export const profileEntryRoutes: FastifyPluginAsyncTypebox<ProfileRouteDeps> = async (
  app,
  deps,
) => {
  app.put(
    '/v1/profile/areas/:key',
    {
      config: tenantWrite,
      schema: {
        tags: ['profile'],
        summary: 'Create or replace one area (the key in the body, if any, must match)',
        description: ifMatchDescription,
        params: KeyParams,
        body: AreaBody,
        response: { ...areaWrite, 201: AreaWriteResult },
      },
    },
    async (request, reply) => {
      const { key } = request.params;
      const area = keyFromPath(request.body, key, 'areas');
      let created = false;
      const result = await applyChange(deps, request, reply, (current) => {
        created = isNew(current, 'areas', key);
        return putArea(current, area);
      });
      void reply.code(created ? 201 : 200);
      return { area: entryOf(result.profile, 'areas', key), ...outcomeOf(result) };
    },
  );

  app.patch(
    '/v1/profile/areas/:key',
    {
      config: tenantWrite,
      schema: {
        tags: ['profile'],
        summary: 'Change some fields of one area (its id, matches and feedback stay)',
        description: ifMatchDescription,
        params: KeyParams,
        body: AreaPatch,
        response: areaWrite,
      },
    },
    async (request, reply) => {
      const { key } = request.params;
      const patch = keyFromPath(request.body, key, 'areas');
      const result = await applyChange(deps, request, reply, (current) =>
        patchArea(current, key, patch),
      );
      return { area: entryOf(result.profile, 'areas', key), ...outcomeOf(result) };
    },
  );

  app.delete(
    '/v1/profile/areas/:key',
    {
      config: tenantWrite,
      schema: {
        tags: ['profile'],
        summary: 'Remove one area (409 while a department lists it)',
        description: ifMatchDescription,
        params: KeyParams,
        response: areaWrite,
      },
    },
    async (request, reply) => {
      const { key } = request.params;
      let removed: ReturnType<typeof entryOf<'areas'>> | undefined;
      const result = await applyChange(deps, request, reply, (current) => {
        removed = entryOf(current, 'areas', key);
        return deleteArea(current, key);
      });
      return { area: removed as NonNullable<typeof removed>, ...outcomeOf(result) };
    },
  );

  app.put(
    '/v1/profile/departments/:key',
    {
      config: tenantWrite,
      schema: {
        tags: ['profile'],
        summary: 'Create or replace one department (the key in the body, if any, must match)',
        description: ifMatchDescription,
        params: KeyParams,
        body: DepartmentBody,
        response: { ...departmentWrite, 201: DepartmentWriteResult },
      },
    },
    async (request, reply) => {
      const { key } = request.params;
      const department = keyFromPath(request.body, key, 'departments');
      let created = false;
      const result = await applyChange(deps, request, reply, (current) => {
        created = isNew(current, 'departments', key);
        return putDepartment(current, department);
      });
      void reply.code(created ? 201 : 200);
      return { department: entryOf(result.profile, 'departments', key), ...outcomeOf(result) };
    },
  );

  app.patch(
    '/v1/profile/departments/:key',
    {
      config: tenantWrite,
      schema: {
        tags: ['profile'],
        summary: 'Change some fields of one department',
        description: ifMatchDescription,
        params: KeyParams,
        body: DepartmentPatch,
        response: departmentWrite,
      },
    },
    async (request, reply) => {
      const { key } = request.params;
      const patch = keyFromPath(request.body, key, 'departments');
      const result = await applyChange(deps, request, reply, (current) =>
        patchDepartment(current, key, patch),
      );
      return { department: entryOf(result.profile, 'departments', key), ...outcomeOf(result) };
    },
  );

  app.delete(
    '/v1/profile/departments/:key',
    {
      config: tenantWrite,
      schema: {
        tags: ['profile'],
        summary: 'Remove one department',
        description: ifMatchDescription,
        params: KeyParams,
        response: departmentWrite,
      },
    },
    async (request, reply) => {
      const { key } = request.params;
      let removed: ReturnType<typeof entryOf<'departments'>> | undefined;
      const result = await applyChange(deps, request, reply, (current) => {
        removed = entryOf(current, 'departments', key);
        return deleteDepartment(current, key);
      });
      return { department: removed as NonNullable<typeof removed>, ...outcomeOf(result) };
    },
  );
};

import { Type } from 'typebox';
import { Nullable, Timestamp } from '../http/schemas.js';

export const TenantSlug = Type.String({
  pattern: '^[a-z0-9][a-z0-9-]*$',
  maxLength: 60,
  description: 'Stable, URL-safe name of the tenant ("lidingo")',
});

/** A tenant as the API shows it: who it is and the keys of its areas and departments. */
export const Tenant = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  country: Type.String({ description: 'ISO 3166-1 alpha-2' }),
  languages: Type.Array(Type.String()),
  timeZone: Type.String(),
  organisationType: Type.String(),
  profileVersion: Type.Integer({ description: 'Bumped on every profile change' }),
  areas: Type.Array(Type.Object({ key: Type.String(), name: Type.String() })),
  departments: Type.Array(
    Type.Object({ key: Type.String(), name: Type.String(), language: Type.String() }),
  ),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const TenantPage = Type.Object({
  items: Type.Array(Tenant),
  nextCursor: Nullable(Type.String()),
});

export const TenantListQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const TenantParams = Type.Object({ slug: TenantSlug });

export const CreateTenantBody = Type.Object(
  {
    slug: TenantSlug,
    profile: Type.Unknown({
      description: 'The profile document, as in a YAML/JSON profile file (tenants import)',
    }),
  },
  { additionalProperties: false },
);

export const CreatedTenant = Type.Intersect([
  Tenant,
  Type.Object({
    rematch: Type.Literal('queued', {
      description: 'Matching the new tenant against the open calls runs in the background',
    }),
  }),
]);

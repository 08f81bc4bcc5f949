import { Type } from 'typebox';
import { Nullable, Timestamp } from '../http/schemas.js';

export const Role = Type.Union(
  [Type.Literal('admin'), Type.Literal('coordinator'), Type.Literal('reader')],
  {
    description:
      'admin: every tenant, sources and keys; coordinator: one tenant, read and write; reader: one tenant, read only',
  },
);

const TenantSlug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 60 });

export const ApiKeyItem = Type.Object({
  id: Type.String({ format: 'uuid' }),
  prefix: Type.String({ description: 'The first characters of the key, to recognise it by' }),
  role: Role,
  tenant: Nullable(Type.String({ description: "The tenant's slug; null for admin keys" })),
  name: Type.String(),
  createdAt: Timestamp,
  revokedAt: Nullable(Timestamp),
  lastUsedAt: Nullable(Timestamp),
});

export const ApiKeyPage = Type.Object({
  items: Type.Array(ApiKeyItem),
  nextCursor: Nullable(Type.String()),
});

export const ApiKeyListQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const CreateApiKeyBody = Type.Object(
  {
    role: Role,
    tenant: Type.Optional(TenantSlug),
    name: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const CreatedApiKey = Type.Object({
  id: Type.String({ format: 'uuid' }),
  key: Type.String({ description: 'The key itself: shown this once, stored only as a hash' }),
  role: Role,
  tenant: Nullable(Type.String()),
});

export const ApiKeyParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

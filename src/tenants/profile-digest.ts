import { type Static, Type } from 'typebox';
import { firstSchemaError, textPatterns } from './profile-messages.js';

/**
 * The profile's digest settings: when the tenant's weekly digests go out (or "off"), who
 * gets the coordinator overview, and each department's own threshold. Stored in the
 * tenants and departments columns of the same names (digest_weekday, …).
 */

const closed = { additionalProperties: false } as const;

export const DigestScheduleSchema = Type.Object(
  {
    weekday: Type.Integer({ minimum: 1, maximum: 7, description: 'ISO weekday, 1 = Monday' }),
    hour: Type.Integer({ minimum: 0, maximum: 23, description: "In the tenant's time zone" }),
    enabled: Type.Optional(Type.Boolean({ description: 'False: no digests (default true)' })),
    sendEmpty: Type.Optional(
      Type.Boolean({ description: 'Send a digest with nothing to tell (default false)' }),
    ),
  },
  closed,
);

/** `digest: off` is the short way to write `{ …, enabled: false }`. */
export const TenantDigest = Type.Optional(
  Type.Union([DigestScheduleSchema, Type.Literal('off')], {
    description:
      'When digests go out: {weekday, hour, enabled?, sendEmpty?}, or "off"; default Monday 07:00',
  }),
);

export const Coordinators = Type.Optional(
  Type.Array(Type.String({ format: 'email', pattern: textPatterns.email, maxLength: 254 }), {
    maxItems: 50,
    description: 'Who gets the weekly coordinator overview',
  }),
);

// 45 is DEFAULT_DIGEST_MIN_SCORE (src/digests/sections.ts), written out: tenants importing
// digests would close a cycle of domains (digests → matching → tenants).
export const DigestMinScore = Type.Optional(
  Type.Union([Type.Number({ minimum: 0, maximum: 100 }), Type.Null()], {
    description: "A call reaches the department's digest at this score or above; null: 45",
  }),
);

type TenantDigestValue = Static<typeof TenantDigest> | undefined;
export type CanonicalDigest = Required<Static<typeof DigestScheduleSchema>>;

export const DEFAULT_DIGEST: CanonicalDigest = {
  weekday: 1,
  hour: 7,
  enabled: true,
  sendEmpty: false,
};

/**
 * A union's own error says only that neither shape fits; a coordinator who wrote
 * `weekday: 8` wants to hear about the weekday. So the object is checked on its own first.
 */
export function digestFieldProblems(tenant: unknown): string[] {
  const digest = (tenant as { digest?: unknown } | null)?.digest;
  if (digest === undefined || digest === 'off') return [];
  if (typeof digest !== 'object' || digest === null || Array.isArray(digest))
    return ['tenant.digest: must be "off" or an object such as { weekday: 1, hour: 7 }'];
  const problem = firstSchemaError(DigestScheduleSchema, digest);
  return problem ? [`tenant.digest.${problem}`] : [];
}

export function canonicalDigest(digest: TenantDigestValue): CanonicalDigest {
  if (digest === undefined) return { ...DEFAULT_DIGEST };
  if (digest === 'off') return { ...DEFAULT_DIGEST, enabled: false };
  return {
    weekday: digest.weekday,
    hour: digest.hour,
    enabled: digest.enabled ?? true,
    sendEmpty: digest.sendEmpty ?? false,
  };
}

/** Kept to two decimals: the column is a 4-byte float, as an area's weight. */
export function canonicalMinScore(score: number | null | undefined): number | null {
  return score === undefined || score === null ? null : Math.round(score * 100) / 100;
}

/** The tenants row's share of the digest settings. */
export function digestColumns(digest: CanonicalDigest, coordinators: string[]) {
  return {
    digestWeekday: digest.weekday,
    digestHour: digest.hour,
    digestEnabled: digest.enabled,
    digestSendEmpty: digest.sendEmpty,
    coordinatorEmails: coordinators,
  };
}

/** The settings as a stored tenants row holds them. */
export function digestOfRow(row: {
  digestWeekday: number;
  digestHour: number;
  digestEnabled: boolean;
  digestSendEmpty: boolean;
}): CanonicalDigest {
  return {
    weekday: row.digestWeekday,
    hour: row.digestHour,
    enabled: row.digestEnabled,
    sendEmpty: row.digestSendEmpty,
  };
}

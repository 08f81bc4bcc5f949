import { type Static, Type } from 'typebox';
import Value from 'typebox/value';
import { InvalidInput } from '../errors.js';

/**
 * A municipality's profile as a coordinator writes it: in the tenant's own language. Loaded
 * from JSON or YAML files (the shipped examples) or, later, through the API.
 */
export const AreaSchema = Type.Object({
  key: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$', maxLength: 60 }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 4000 })),
  keywords: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 100 }),
  /** How much this area matters to the municipality, 0.1–3 (default 1). */
  weight: Type.Optional(Type.Number({ minimum: 0.1, maximum: 3 })),
  /** Words that make a call irrelevant for this area whatever else it says. */
  exclusions: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 100 }),
  ),
});

const DepartmentSchema = Type.Object({
  key: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$', maxLength: 60 }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  areas: Type.Array(Type.String(), { minItems: 1 }),
  language: Type.String({ pattern: '^(en|sv|nb|da|fi)$' }),
  recipients: Type.Optional(Type.Array(Type.String({ format: 'email' }), { maxItems: 200 })),
});

export const ProfileSchema = Type.Object({
  tenant: Type.Object({
    name: Type.String({ minLength: 1, maxLength: 200 }),
    country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' }),
    languages: Type.Array(Type.String({ pattern: '^(en|sv|nb|da|fi)$' }), { minItems: 1 }),
    timezone: Type.String(),
    organisationType: Type.Union([
      Type.Literal('municipality'),
      Type.Literal('region'),
      Type.Literal('other'),
    ]),
    /** Partner municipalities abroad, for partner search. */
    twinTowns: Type.Optional(
      Type.Array(Type.Object({ name: Type.String(), country: Type.String() })),
    ),
  }),
  areas: Type.Array(AreaSchema, { minItems: 1, maxItems: 30 }),
  departments: Type.Array(DepartmentSchema, { maxItems: 50 }),
});

export type Profile = Static<typeof ProfileSchema>;
export type AreaProfile = Static<typeof AreaSchema>;

/** A profile that cannot be used as written: invalid input wherever it came from. */
export class ProfileError extends InvalidInput {
  override readonly name: string = 'ProfileError';
}

/** Validates a parsed profile; the error names the first offending field. */
export function parseProfile(value: unknown): Profile {
  if (!Value.Check(ProfileSchema, value)) {
    const first = Value.Errors(ProfileSchema, value)[0];
    throw new ProfileError(
      `invalid profile: ${first ? `${first.instancePath || '/'} ${first.message}` : 'does not match'}`,
    );
  }
  const profile = value as Profile;
  const areaKeys = new Set(profile.areas.map((area) => area.key));
  if (areaKeys.size !== profile.areas.length)
    throw new ProfileError('invalid profile: area keys must be unique');
  for (const department of profile.departments) {
    const unknown = department.areas.find((key) => !areaKeys.has(key));
    if (unknown)
      throw new ProfileError(
        `invalid profile: department ${department.key} names unknown area "${unknown}"`,
      );
  }
  return profile;
}

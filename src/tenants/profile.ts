import { type Static, Type } from 'typebox';
import { InvalidInput } from '../errors.js';
import {
  type CanonicalDigest,
  Coordinators,
  canonicalDigest,
  canonicalMinScore,
  DigestMinScore,
  digestFieldProblems,
  TenantDigest,
} from './profile-digest.js';
import {
  checkTimeZone,
  firstSchemaError,
  KEY_PATTERN,
  profileLanguages,
  textPatterns,
} from './profile-messages.js';

/**
 * A municipality's profile as a coordinator writes it: in the tenant's own language. Loaded
 * from JSON or YAML files (the shipped examples) or through the profile API; both go through
 * parseProfile, so both get the same messages. Objects refuse unknown fields: a misspelt
 * `keyword:` would otherwise be dropped without a word.
 */
const Text = (options: { minLength?: number; maxLength: number; description?: string }) =>
  Type.String({ pattern: textPatterns.text, ...options });

export const EntryKey = Type.String({
  pattern: KEY_PATTERN,
  minLength: 1,
  maxLength: 60,
  description: 'Stable name: lower-case letters, digits, - and _',
});

// A pattern rather than a union of literals: the type stays a string for the code that
// builds profiles, and the message lists the languages (profile-messages.ts).
const Language = Type.String({
  pattern: textPatterns.language,
  description: `One of ${profileLanguages.join(', ')}`,
});

const Email = Type.String({ format: 'email', pattern: textPatterns.email, maxLength: 254 });
const Country = Type.String({ pattern: textPatterns.country, description: 'ISO 3166-1 alpha-2' });

const closed = { additionalProperties: false } as const;

const areaFields = {
  name: Text({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Text({ maxLength: 4000 })),
  keywords: Type.Array(Text({ minLength: 1, maxLength: 100 }), { maxItems: 100 }),
  /** How much this area matters to the municipality, 0.1–3 (default 1), kept to 2 decimals. */
  weight: Type.Optional(Type.Number({ minimum: 0.1, maximum: 3 })),
  /** Words that make a call irrelevant for this area whatever else it says. */
  exclusions: Type.Optional(Type.Array(Text({ minLength: 1, maxLength: 100 }), { maxItems: 100 })),
};

export const AreaSchema = Type.Object({ key: EntryKey, ...areaFields }, closed);

const departmentFields = {
  name: Text({ minLength: 1, maxLength: 200 }),
  /** Area keys; any string here, so an unknown one is told as such rather than as a bad key. */
  areas: Type.Array(Text({ minLength: 1, maxLength: 60 }), { minItems: 1, maxItems: 30 }),
  language: Language,
  recipients: Type.Optional(Type.Array(Email, { maxItems: 200 })),
  digestMinScore: DigestMinScore,
};

export const DepartmentSchema = Type.Object({ key: EntryKey, ...departmentFields }, closed);

/** Limits of one profile; single-entry adds keep them too. */
export const profileLimits = { areas: 30, departments: 50 } as const;

export const ProfileSchema = Type.Object(
  {
    profileVersion: Type.Optional(
      Type.Integer({
        description:
          'As GET /v1/profile answers it; ignored when written (send If-Match for that guard)',
      }),
    ),
    tenant: Type.Object(
      {
        name: Text({ minLength: 1, maxLength: 200 }),
        country: Country,
        languages: Type.Array(Language, { minItems: 1, maxItems: 10 }),
        timezone: Text({ minLength: 1, maxLength: 64, description: 'IANA, e.g. Europe/Oslo' }),
        organisationType: Type.Union([
          Type.Literal('municipality'),
          Type.Literal('region'),
          Type.Literal('other'),
        ]),
        /** Partner municipalities abroad, for partner search. */
        twinTowns: Type.Optional(
          Type.Array(
            Type.Object({ name: Text({ minLength: 1, maxLength: 200 }), country: Country }, closed),
            { maxItems: 100 },
          ),
        ),
        digest: TenantDigest,
        coordinators: Coordinators,
      },
      closed,
    ),
    areas: Type.Array(AreaSchema, { minItems: 1, maxItems: profileLimits.areas }),
    departments: Type.Array(DepartmentSchema, { maxItems: profileLimits.departments }),
  },
  closed,
);

/** One area or department as the single-entry routes take it: the key is in the path. */
export const AreaBody = Type.Object({ key: Type.Optional(EntryKey), ...areaFields }, closed);
export const AreaPatch = Type.Partial(AreaBody);
export const DepartmentBody = Type.Object(
  { key: Type.Optional(EntryKey), ...departmentFields },
  closed,
);
export const DepartmentPatch = Type.Partial(DepartmentBody);

export type Profile = Static<typeof ProfileSchema>;
export type AreaProfile = Static<typeof AreaSchema>;
export type DepartmentProfile = Static<typeof DepartmentSchema>;

/** A profile that cannot be used as written: invalid input wherever it came from. */
export class ProfileError extends InvalidInput {
  override readonly name: string = 'ProfileError';
}

/** Duplicate keys in a list of entries: `areas[2].key: "health" is used twice (also areas[0])`. */
function duplicateKeys(entries: Array<{ key: string }>, list: string): string[] {
  const first = new Map<string, number>();
  const problems: string[] = [];
  entries.forEach((entry, index) => {
    const earlier = first.get(entry.key);
    if (earlier === undefined) first.set(entry.key, index);
    else
      problems.push(
        `${list}[${index}].key: "${entry.key}" is used twice (also ${list}[${earlier}])`,
      );
  });
  return problems;
}

/**
 * A department's area list against the profile's area keys. `at` is where the department
 * sits in the document ('departments[2].'), or '' for a single-entry body.
 */
export function departmentAreaProblems(
  areas: readonly string[],
  areaKeys: ReadonlySet<string>,
  at: string,
): string[] {
  return areas.flatMap((key, index) => {
    if (!areaKeys.has(key)) return [`${at}areas[${index}]: unknown area "${key}"`];
    return areas.indexOf(key) < index ? [`${at}areas[${index}]: "${key}" is listed twice`] : [];
  });
}

/** Validates a parsed profile; the error names each offending field as a person reads it. */
export function parseProfile(value: unknown): Profile {
  const [digestProblem] = digestFieldProblems((value as { tenant?: unknown } | null)?.tenant);
  if (digestProblem) throw new ProfileError(`invalid profile: ${digestProblem}`);
  const schemaError = firstSchemaError(ProfileSchema, value);
  if (schemaError) throw new ProfileError(`invalid profile: ${schemaError}`);
  const profile = value as Profile;
  const areaKeys = new Set(profile.areas.map((area) => area.key));
  const problems = [
    ...checkTimeZone(profile.tenant.timezone, 'tenant.timezone'),
    ...duplicateKeys(profile.areas, 'areas'),
    ...duplicateKeys(profile.departments, 'departments'),
    ...profile.departments.flatMap((department, index) =>
      departmentAreaProblems(department.areas, areaKeys, `departments[${index}].`),
    ),
  ];
  if (problems.length > 0) throw new ProfileError(`invalid profile: ${problems.join('; ')}`);
  return profile;
}

const byKey = (a: { key: string }, b: { key: string }) =>
  a.key < b.key ? -1 : a.key > b.key ? 1 : 0;

/**
 * The profile as it is stored and read back: defaults filled in, areas and departments by
 * key (the tables keep no order, and the order means nothing to matching), weights to two
 * decimals (the column is a 4-byte float). Two documents that store the same rows have the
 * same canonical form, so a GET sent back by PUT changes nothing.
 */
export function canonicalProfile(profile: Profile): {
  tenant: Required<Omit<Profile['tenant'], 'digest'>> & { digest: CanonicalDigest };
  areas: Required<AreaProfile>[];
  departments: CanonicalDepartment[];
} {
  const { tenant } = profile;
  return {
    tenant: {
      name: tenant.name,
      country: tenant.country,
      languages: tenant.languages,
      timezone: tenant.timezone,
      organisationType: tenant.organisationType,
      twinTowns: (tenant.twinTowns ?? []).map((town) => ({
        name: town.name,
        country: town.country,
      })),
      digest: canonicalDigest(tenant.digest),
      coordinators: tenant.coordinators ?? [],
    },
    areas: profile.areas.map(canonicalArea).sort(byKey),
    departments: profile.departments.map(canonicalDepartment).sort(byKey),
  };
}

/** A profile as stored: what GET /v1/profile answers (without the version). */
export type CanonicalProfile = ReturnType<typeof canonicalProfile>;

export function canonicalArea(area: AreaProfile): Required<AreaProfile> {
  return {
    key: area.key,
    name: area.name,
    description: area.description ?? '',
    keywords: area.keywords,
    weight: Math.round((area.weight ?? 1) * 100) / 100,
    exclusions: area.exclusions ?? [],
  };
}

/** A department as stored; a threshold only when it has its own (none: the default). */
export type CanonicalDepartment = Required<Omit<DepartmentProfile, 'digestMinScore'>> & {
  digestMinScore?: number;
};

export function canonicalDepartment(department: DepartmentProfile): CanonicalDepartment {
  const minScore = canonicalMinScore(department.digestMinScore);
  return {
    key: department.key,
    name: department.name,
    areas: department.areas,
    language: department.language,
    recipients: department.recipients ?? [],
    ...(minScore === null ? {} : { digestMinScore: minScore }),
  };
}

import type { TSchema } from 'typebox';
import Value from 'typebox/value';

/**
 * Validation messages a coordinator can act on: the field as a person reads it
 * (`departments[0].recipients[1]`) and what is wrong with the value, not the schema keyword.
 */

export const KEY_PATTERN = '^[a-z0-9][a-z0-9_-]*$';

/** The languages callradar writes explanations and digests in. */
export const profileLanguages = ['sv', 'nb', 'da', 'fi', 'en'] as const;

/**
 * Patterns with a message of their own. The e-mail pattern is checked explicitly rather than
 * left to `format: 'email'` alone: formats depend on a registry (TypeBox ships one, fastify's
 * ajv another, each with its own idea of an address), and a digest needs a domain with a dot.
 */
export const textPatterns = {
  /** No control characters (PostgreSQL refuses NUL outright); tabs and line breaks are fine. */
  text: '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$',
  email:
    "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$",
  country: '^[A-Z]{2}$',
  language: `^(${profileLanguages.join('|')})$`,
} as const;

/** "sv, nb or en" */
function oneOf(values: unknown[]): string {
  const names = values.map(String);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names.join('');
}

const patternMessages: Record<string, (value: string) => string> = {
  [KEY_PATTERN]: (value) =>
    `"${value}" is not a valid key: use lower-case letters, digits, - and _, starting with a letter or digit`,
  [textPatterns.text]: () => 'must not contain control characters',
  [textPatterns.email]: (value) => `"${value}" is not an e-mail address`,
  [textPatterns.language]: (value) =>
    `"${value}" is not supported; use ${oneOf([...profileLanguages])}`,
  [textPatterns.country]: (value) =>
    `"${value}" is not a country code: use two capital letters (ISO 3166-1 alpha-2), e.g. SE`,
};

interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
}

/** `/departments/0/recipients/1` → `departments[0].recipients[1]`. */
function fieldName(pointer: string, property?: string): string {
  const parts = pointer.split('/').slice(1);
  if (property !== undefined) parts.push(property);
  return parts
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce(
      (name, part) => (/^\d+$/.test(part) ? `${name}[${part}]` : name ? `${name}.${part}` : part),
      '',
    );
}

function valueAt(root: unknown, pointer: string): unknown {
  let value = root;
  for (const part of pointer.split('/').slice(1)) {
    value = (value as Record<string, unknown> | undefined)?.[part];
  }
  return value;
}

const typeNames: Record<string, string> = {
  array: 'a list',
  object: 'an object',
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
};

/** The problem with a value, without the field name. */
function describe(error: SchemaError, value: unknown, siblings: SchemaError[]): string {
  const { params } = error;
  switch (error.keyword) {
    case 'type':
      return `must be ${typeNames[String(params.type)] ?? String(params.type)}`;
    case 'pattern':
    case 'format': {
      const known = patternMessages[String(params.pattern)];
      if (known) return known(String(value));
      return params.format === 'email'
        ? `"${String(value)}" is not an e-mail address`
        : `"${String(value)}" is not allowed here`;
    }
    case 'const': {
      const allowed = siblings
        .filter((e) => e.keyword === 'const')
        .map((e) => e.params.allowedValue);
      return `"${String(value)}" is not supported; use ${oneOf(allowed)}`;
    }
    case 'minLength':
      return params.limit === 1 ? 'must not be empty' : `needs at least ${params.limit} characters`;
    case 'maxLength':
      return `is longer than ${params.limit} characters`;
    case 'minItems':
      return `must list at least ${params.limit}`;
    case 'maxItems':
      return `lists more than ${params.limit} (the most allowed)`;
    case 'minimum':
      return `must be at least ${params.limit}`;
    case 'maximum':
      return `must be at most ${params.limit}`;
    default:
      return error.message;
  }
}

/** The first thing wrong with a value against a schema, as a person reads it; null when none. */
export function firstSchemaError(schema: TSchema, value: unknown): string | null {
  if (Value.Check(schema, value)) return null;
  // `additionalProperties: false` also reports each extra field as a bare "schema is false".
  const errors = (Value.Errors(schema, value) as SchemaError[]).filter(
    (error) => error.keyword !== 'boolean',
  );
  const first = errors[0];
  if (!first) return 'does not match the expected shape';
  if (first.keyword === 'required') {
    const missing = (first.params.requiredProperties as string[] | undefined)?.[0] ?? '?';
    return `${fieldName(first.instancePath, missing)}: is missing`;
  }
  if (first.keyword === 'additionalProperties') {
    const extra = (first.params.additionalProperties as string[] | undefined)?.[0] ?? '?';
    return `${fieldName(first.instancePath, extra)}: unknown field`;
  }
  const siblings = errors.filter((error) => error.instancePath === first.instancePath);
  const field = fieldName(first.instancePath);
  const problem = describe(first, valueAt(value, first.instancePath), siblings);
  return field ? `${field}: ${problem}` : problem;
}

function knownTimeZone(timeZone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(timeZone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    // Intl throws a RangeError for a zone it does not know: that is the answer, not a failure.
    return false;
  }
}

/** An IANA time zone the platform knows (Intl), not an offset: digests and calendars need one. */
export function checkTimeZone(timeZone: string, field: string): string[] {
  return knownTimeZone(timeZone)
    ? []
    : [`${field}: "${timeZone}" is not a time zone; use an IANA name such as Europe/Stockholm`];
}

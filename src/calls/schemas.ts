import { type Static, Type } from 'typebox';
import { Nullable, Timestamp } from '../http/schemas.js';

const UUID_PATTERN =
  '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';

export const callSorts = ['deadline', '-deadline', '-firstSeen', 'title'] as const;
export type CallSort = (typeof callSorts)[number];

export const ListCallsQuery = Type.Object(
  {
    status: Type.Optional(
      Type.String({
        pattern: '^(all|(forthcoming|open|closed)(,(forthcoming|open|closed))*)$',
        description:
          'Comma-separated: forthcoming, open, closed; or all. Default: open,forthcoming',
      }),
    ),
    programme: Type.Optional(
      Type.String({
        maxLength: 200,
        pattern: '^[A-Za-z0-9 ,+_-]*$',
        description: 'Comma-separated programme codes, e.g. HORIZON,LIFE',
      }),
    ),
    deadlineFrom: Type.Optional(
      Type.String({
        pattern: DATE_PATTERN,
        description: 'A deadline on or after this day (YYYY-MM-DD)',
      }),
    ),
    deadlineTo: Type.Optional(
      Type.String({
        pattern: DATE_PATTERN,
        description: 'A deadline on or before this day (YYYY-MM-DD)',
      }),
    ),
    q: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        // Control characters (NUL above all) are never part of a search and PostgreSQL
        // rejects NUL in text outright.
        pattern: '^[^\\u0000-\\u001f]*$',
        description: 'Free text over title, identifier, programme and description',
      }),
    ),
    sort: Type.Optional(
      Type.Union(
        [
          Type.Literal('deadline'),
          Type.Literal('-deadline'),
          Type.Literal('-firstSeen'),
          Type.Literal('title'),
        ],
        {
          description:
            'deadline (next deadline first, default), -deadline, -firstSeen (newest first), title',
        },
      ),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(
      Type.String({ maxLength: 500, description: 'nextCursor from the previous page' }),
    ),
  },
  { additionalProperties: false },
);
export type ListCallsQuery = Static<typeof ListCallsQuery>;

const Budget = Type.Object({
  currency: Type.String(),
  total: Nullable(Type.Number()),
  minPerGrant: Nullable(Type.Number()),
  maxPerGrant: Nullable(Type.Number()),
  expectedGrants: Nullable(Type.Number()),
});

const Deadline = Type.Object({
  stage: Type.Integer(),
  deadlineAt: Timestamp,
  localDate: Type.String(),
  timeZone: Type.String(),
});

const Programme = Type.Object({ code: Nullable(Type.String()), name: Nullable(Type.String()) });

/**
 * A call as a list of matches shows it: what a person needs to decide whether to open it,
 * without the description (lists stay small; GET /v1/calls/:id has the rest).
 */
export const CallLean = Type.Object({
  id: Type.String(),
  identifier: Type.String(),
  title: Type.String(),
  programme: Programme,
  status: Type.Union([Type.Literal('forthcoming'), Type.Literal('open')]),
  openingAt: Nullable(Timestamp),
  nextDeadlineAt: Nullable(Timestamp),
  deadlines: Type.Array(Deadline),
  budget: Nullable(Budget),
  sourceUrl: Type.String(),
});
export type CallLean = Static<typeof CallLean>;

/**
 * A call in a list: what a list shows and links by. Kept lean on purpose (the list is the
 * busiest route); the detail adds the rest.
 */
export const CallSummary = Type.Object({
  id: Type.String(),
  identifier: Type.String(),
  title: Type.String(),
  programme: Programme,
  status: Type.Union([Type.Literal('forthcoming'), Type.Literal('open'), Type.Literal('closed')]),
  openingAt: Nullable(Timestamp),
  nextDeadlineAt: Nullable(Timestamp),
  deadlines: Type.Array(Deadline),
  budget: Nullable(Budget),
  sourceUrl: Type.String(),
  firstSeenAt: Timestamp,
  updatedAt: Timestamp,
});
export type CallSummary = Static<typeof CallSummary>;

const CallChange = Type.Object({
  kind: Type.String(),
  oldValue: Type.Unknown(),
  newValue: Type.Unknown(),
  detectedAt: Timestamp,
});

export const CallDetail = Type.Intersect([
  CallSummary,
  Type.Object({
    sourceId: Type.String(),
    closedReason: Nullable(Type.String()),
    tags: Type.Array(Type.String()),
    lastSeenAt: Timestamp,
    callIdentifier: Nullable(Type.String()),
    callTitle: Nullable(Type.String()),
    typeOfAction: Nullable(Type.String()),
    descriptionText: Type.String(),
    descriptionHtml: Type.String({ description: 'Sanitised HTML, safe to embed' }),
    keywords: Type.Array(Type.String()),
    eligibleCountries: Type.Array(Type.String()),
    eligibleRegions: Type.Array(Type.String(), {
      description: 'NUTS codes of the area applicants must be in (an Interreg programme area)',
    }),
    applicantTypes: Type.Array(Type.String()),
    language: Type.String(),
    links: Type.Array(Type.Object({ label: Type.String(), url: Type.String() }), {
      description: "The call's links, then each other source's page of it",
    }),
    sightings: Type.Array(
      Type.Object({
        sourceId: Type.String(),
        sourceName: Type.String(),
        url: Type.String(),
        identifier: Type.String(),
        authoritative: Type.Boolean({
          description: 'The source whose record the call shows (the others add their links)',
        }),
      }),
      { description: 'Every source that lists this call' },
    ),
    changes: Type.Array(CallChange),
  }),
]);
export type CallDetail = Static<typeof CallDetail>;

export const CallList = Type.Object({
  items: Type.Array(CallSummary),
  nextCursor: Nullable(Type.String()),
});

export const CallIdParams = Type.Object({
  id: Type.String({ pattern: UUID_PATTERN, description: 'The call id (a UUID)' }),
});

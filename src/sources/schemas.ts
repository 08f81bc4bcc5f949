import { Type } from 'typebox';
import { Nullable, Timestamp } from '../http/schemas.js';

const SourceRun = Type.Object({
  id: Type.Integer(),
  asOf: Type.String(),
  outcome: Type.String({ description: 'running, succeeded, degraded or failed' }),
  startedAt: Timestamp,
  finishedAt: Nullable(Timestamp),
  pages: Type.Integer(),
  counts: Type.Object({
    fetched: Type.Integer(),
    new: Type.Integer(),
    changed: Type.Integer(),
    unchanged: Type.Integer(),
    closed: Type.Integer(),
    skipped: Type.Integer(),
  }),
  problems: Type.Array(Type.String()),
});

export const Source = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  baseUrl: Type.String(),
  schedule: Type.String({ description: 'Cron pattern, UTC' }),
  enabled: Type.Boolean(),
  health: Type.String({ description: 'unknown, ok, degraded or failing' }),
  healthReason: Nullable(Type.String()),
  lastGoodPollAt: Nullable(Timestamp),
  consecutiveFailures: Type.Integer({ description: 'Failed polls in a row' }),
  /** The circuit breaker: scheduled polls are skipped until then (a manual poll still runs). */
  pausedUntil: Nullable(Timestamp),
  lastRun: Nullable(SourceRun),
});

export const SourceParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

export const SourcePatchBody = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean()),
    schedule: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description: 'Five-field cron pattern in UTC, e.g. "0 5 * * *"',
      }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const PatchedSource = Type.Intersect([
  Source,
  Type.Object({
    reschedule: Type.Union([Type.Literal('queued'), Type.Literal('unchanged')], {
      description:
        'queued: the job schedulers are re-read from the sources table (after a poll under way)',
    }),
  }),
]);

export const QueuedPoll = Type.Object({
  sourceId: Type.String(),
  poll: Type.Literal('queued'),
});

export const SourceCreateBody = Type.Object(
  {
    kind: Type.String({
      description: 'interreg-algolia, ical, euro-access, rss or html-list',
      minLength: 1,
      maxLength: 40,
    }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    baseUrl: Type.String({
      minLength: 1,
      maxLength: 2000,
      description: 'The listing page, feed or calendar',
    }),
    schedule: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description: 'Five-field cron pattern in UTC; default "17 5 * * *" (daily)',
      }),
    ),
    settings: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description:
          "The kind's settings; for html-list: item, title, link, deadline and optional opening, summary (CSS selectors), dateFormat or dateLanguage",
      }),
    ),
    enabled: Type.Optional(
      Type.Boolean({ description: 'Default true: the first poll is queued at once' }),
    ),
    id: Type.Optional(
      Type.String({
        pattern: '^[a-z0-9][a-z0-9-]{0,99}$',
        description: 'Default: made from the name',
      }),
    ),
  },
  { additionalProperties: false },
);

export const CreatedSource = Type.Intersect([
  Source,
  Type.Object({
    settings: Type.Record(Type.String(), Type.Unknown()),
    testFetch: Type.Object(
      {
        calls: Type.Integer({ description: 'Calls the settings read from the page' }),
        withDeadline: Type.Integer(),
        warnings: Type.Array(Type.String()),
        sample: Type.Array(
          Type.Object({
            title: Type.String(),
            url: Type.String(),
            deadline: Nullable(Timestamp),
          }),
        ),
      },
      { description: 'What the test fetch before saving found' },
    ),
  }),
]);

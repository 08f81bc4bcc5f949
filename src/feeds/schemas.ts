import { type Static, Type } from 'typebox';
import { Nullable, Timestamp } from '../http/schemas.js';

const UUID_PATTERN =
  '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

export const CreateFeedBody = Type.Object(
  {
    department: Type.String({
      minLength: 1,
      maxLength: 100,
      pattern: '^[^\\u0000-\\u001f]*$',
      description: "The department's key, as in the profile",
    }),
  },
  { additionalProperties: false },
);

export const CreatedFeed = Type.Object({
  id: Type.String(),
  token: Type.String({ description: 'The secret in the feed URLs: shown once, never again' }),
  urls: Type.Object({ json: Type.String(), atom: Type.String(), ics: Type.String() }),
});
export type CreatedFeed = Static<typeof CreatedFeed>;

const FeedListing = Type.Object({
  id: Type.String(),
  department: Type.String({ description: "The department's key" }),
  prefix: Type.String({ description: 'The start of the token, to recognise a feed by' }),
  createdAt: Timestamp,
  revokedAt: Nullable(Timestamp),
});
export type FeedListing = Static<typeof FeedListing>;

export const FeedList = Type.Object({
  items: Type.Array(FeedListing),
  nextCursor: Nullable(Type.String()),
});
export type FeedList = Static<typeof FeedList>;

export const ListFeedsQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
    cursor: Type.Optional(
      Type.String({ maxLength: 500, description: 'nextCursor from the previous page' }),
    ),
  },
  { additionalProperties: false },
);
export type ListFeedsQuery = Static<typeof ListFeedsQuery>;

export const FeedIdParams = Type.Object({
  id: Type.String({ pattern: UUID_PATTERN, description: 'The feed id (a UUID)' }),
});

export const FeedTokenParams = Type.Object({
  // No pattern: whatever is not a live token, malformed or not, is the same 404.
  token: Type.String({
    minLength: 1,
    maxLength: 200,
    description: 'The secret token from POST /v1/feeds',
  }),
});

const FeedDeadline = Type.Object({
  stage: Type.Integer(),
  deadlineAt: Timestamp,
  localDate: Type.String(),
  timeZone: Type.String(),
});

export const FeedDocument = Type.Object({
  tenant: Type.Object({ slug: Type.String(), name: Type.String() }),
  department: Type.Object({ key: Type.String(), name: Type.String(), language: Type.String() }),
  generatedAt: Timestamp,
  items: Type.Array(
    Type.Object({
      call: Type.Object({
        id: Type.String(),
        identifier: Type.String(),
        title: Type.String(),
        programme: Type.Object({ code: Nullable(Type.String()), name: Nullable(Type.String()) }),
        status: Type.Union([Type.Literal('forthcoming'), Type.Literal('open')]),
        nextDeadlineAt: Nullable(Timestamp),
        deadlines: Type.Array(FeedDeadline),
        sourceUrl: Type.String(),
      }),
      score: Type.Number(),
      area: Type.String({ description: "The area's key the call matched best" }),
      explanation: Type.Object({
        text: Type.String({ description: "One line, in the department's language" }),
      }),
    }),
  ),
});
export type FeedDocument = Static<typeof FeedDocument>;

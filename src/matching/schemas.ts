import { type Static, Type } from 'typebox';
import { CallLean } from '../calls/schemas.js';
import { Nullable, Timestamp } from '../http/schemas.js';

/** Area and department keys as profiles write them (the profile parser enforces the same). */
const KEY_LIST_PATTERN = '^[A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*$';
const KEY_PATTERN = '^[A-Za-z0-9_-]+$';
const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';

/** The languages explanation lines are written in (src/matching/explain.ts). */
const ExplanationLanguage = Type.Union([
  Type.Literal('sv'),
  Type.Literal('nb'),
  Type.Literal('en'),
]);
export type ExplanationLanguage = Static<typeof ExplanationLanguage>;

export type MatchSort = NonNullable<ListMatchesQuery['sort']>;

const Verdict = Type.Union([
  Type.Literal('relevant'),
  Type.Literal('not_relevant'),
  Type.Literal('muted'),
]);

export const ListMatchesQuery = Type.Object(
  {
    area: Type.Optional(
      Type.String({
        maxLength: 500,
        pattern: KEY_LIST_PATTERN,
        description: 'Area keys, comma-separated: only matches for these areas',
      }),
    ),
    department: Type.Optional(
      Type.String({
        maxLength: 100,
        pattern: KEY_PATTERN,
        description: 'A department key: only its areas, each call once under its best area',
      }),
    ),
    minScore: Type.Optional(
      Type.Number({ minimum: 0, maximum: 1000, description: 'Lowest score (weighted) to list' }),
    ),
    status: Type.Optional(
      Type.String({
        pattern: '^(open|forthcoming)(,(open|forthcoming))*$',
        description: 'open, forthcoming or both (default); closed calls have no matches',
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
      Type.String({ pattern: DATE_PATTERN, description: 'A deadline on or after this day' }),
    ),
    deadlineTo: Type.Optional(
      Type.String({ pattern: DATE_PATTERN, description: 'A deadline on or before this day' }),
    ),
    q: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        // PostgreSQL rejects NUL in text; control characters are never part of a search.
        pattern: '^[^\\u0000-\\u001f]*$',
        description: 'Free text over title, identifier, programme and description',
      }),
    ),
    sort: Type.Optional(
      Type.Union([Type.Literal('score'), Type.Literal('deadline'), Type.Literal('newest')], {
        description: 'score (best first, default), deadline (soonest first), newest (first seen)',
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(
      Type.String({ maxLength: 500, description: 'nextCursor from the previous page' }),
    ),
    lang: Type.Optional(
      Type.Union(ExplanationLanguage.anyOf, {
        description:
          "Explanation language; else Accept-Language, else the department's, else the tenant's",
      }),
    ),
  },
  { additionalProperties: false },
);
export type ListMatchesQuery = Static<typeof ListMatchesQuery>;

export const Explanation = Type.Object({
  text: Type.String({ description: 'The explanation as one line, in `language`' }),
  language: ExplanationLanguage,
  concepts: Type.Array(
    Type.Object({
      concept: Type.String(),
      profileWord: Type.String(),
      callPhrase: Type.String(),
      field: Type.String(),
    }),
  ),
  keywords: Type.Array(Type.String()),
  programme: Nullable(Type.String()),
  localAuthorities: Type.Boolean(),
  action: Nullable(Type.String()),
  likeRelevant: Nullable(Type.String({ description: 'A call marked relevant this one is like' })),
  likeNotRelevant: Nullable(
    Type.String({ description: 'A call marked not relevant this one is like' }),
  ),
});
export type Explanation = Static<typeof Explanation>;

const MatchScore = Type.Number({ description: "The area's score times the area's weight" });

export const MatchItem = Type.Object({
  call: CallLean,
  score: MatchScore,
  area: Type.String({ description: 'The area key the call matched best' }),
  department: Nullable(Type.String({ description: 'The department asked for, else null' })),
  explanation: Explanation,
  feedback: Nullable(Verdict),
});
export type MatchItem = Static<typeof MatchItem>;

export const MatchList = Type.Object({
  items: Type.Array(MatchItem),
  nextCursor: Nullable(Type.String()),
});

/** What GET /v1/calls/:id adds for a caller with a tenant: its areas' matches of the call. */
export const CallerMatches = Type.Object({
  matches: Type.Optional(
    Type.Array(
      Type.Object({
        area: Type.String(),
        score: MatchScore,
        explanation: Explanation,
        feedback: Nullable(Verdict),
      }),
      { description: "The caller's areas that matched the call; absent without a tenant key" },
    ),
  ),
});
export type CallerMatches = Static<typeof CallerMatches>;

export const FeedbackParams = Type.Object({
  callId: Type.String({
    pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
    description: 'The call id (a UUID)',
  }),
});

export const PutFeedbackBody = Type.Object(
  {
    area: Type.String({ maxLength: 100, pattern: KEY_PATTERN }),
    verdict: Verdict,
    note: Type.Optional(Nullable(Type.String({ maxLength: 2000, pattern: '^[^\\u0000]*$' }))),
  },
  { additionalProperties: false },
);

export const DeleteFeedbackQuery = Type.Object(
  {
    area: Type.Optional(
      Type.String({ maxLength: 100, pattern: KEY_PATTERN, description: 'Only this area' }),
    ),
  },
  { additionalProperties: false },
);

export const FeedbackItem = Type.Object({
  callId: Type.String(),
  call: Type.Object({ identifier: Type.String(), title: Type.String() }),
  area: Type.String(),
  verdict: Verdict,
  note: Nullable(Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type FeedbackItem = Static<typeof FeedbackItem>;

export const StoredFeedback = Type.Intersect([
  FeedbackItem,
  Type.Object({ rematch: Type.Literal('queued') }),
]);

export const ListFeedbackQuery = Type.Object(
  {
    area: Type.Optional(Type.String({ maxLength: 100, pattern: KEY_PATTERN })),
    verdict: Type.Optional(Verdict),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type ListFeedbackQuery = Static<typeof ListFeedbackQuery>;

export const FeedbackList = Type.Object({
  items: Type.Array(FeedbackItem),
  nextCursor: Nullable(Type.String()),
});

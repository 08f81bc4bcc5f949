import { type Static, Type } from 'typebox';
import { Nullable, Timestamp } from '../http/schemas.js';
import { EntryKey } from '../tenants/profile.js';

/** No pattern: whatever is not a valid link, malformed or not, gets the same page. */
export const RecipientTokenParams = Type.Object({
  token: Type.String({
    minLength: 1,
    maxLength: 600,
    description: 'The signed token from a digest link (recipient, department, purpose, expiry)',
  }),
});

/** RFC 8058 §3.1: the one-click POST carries exactly this pair (form-urlencoded or multipart). */
export const OneClickBody = Type.Object(
  { 'List-Unsubscribe': Type.Literal('One-Click') },
  { additionalProperties: true },
);

export const PreferencesBody = Type.Object(
  {
    frequency: Type.Union([
      Type.Literal('weekly'),
      Type.Literal('fortnightly'),
      Type.Literal('off'),
    ]),
    language: Type.Optional(
      Type.Union([Type.Literal('sv'), Type.Literal('nb'), Type.Literal('en')]),
    ),
  },
  { additionalProperties: true },
);
export type PreferencesBody = Static<typeof PreferencesBody>;

/** A page of the recipient routes, in the recipient's language. */
export const HtmlPage = { content: { 'text/html': { schema: Type.String() } } };

export const DigestListQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    department: Type.Optional(
      Type.String({ minLength: 1, description: "Only this department's runs (its key)" }),
    ),
  },
  { additionalProperties: false },
);
export type DigestListQuery = Static<typeof DigestListQuery>;

const DigestEmailState = Type.Object({
  id: Type.Integer({ description: 'Also the Message-ID: <digest-email-<id>@host>' }),
  recipient: Type.String(),
  language: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('failed')]),
  attempts: Type.Integer({ description: 'Deliveries tried so far' }),
  lastError: Nullable(Type.String({ description: 'The last SMTP or connection error' })),
  smtpResponse: Nullable(Type.String({ description: "The SMTP server's answer on acceptance" })),
  sentAt: Nullable(Timestamp),
});

export const DigestRun = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: Type.Union([Type.Literal('department'), Type.Literal('overview')]),
  department: Nullable(
    Type.Object({ key: Type.String(), name: Type.String() }, { description: 'Null: overview' }),
  ),
  period: Type.String({ description: 'ISO week of the scheduled send, e.g. 2026-W26' }),
  dueAt: Timestamp,
  createdAt: Timestamp,
  finishedAt: Nullable(Timestamp),
  counts: Type.Object({ pending: Type.Integer(), sent: Type.Integer(), failed: Type.Integer() }),
  emails: Type.Array(DigestEmailState),
});
export type DigestRun = Static<typeof DigestRun>;

export const DigestRunPage = Type.Object({
  items: Type.Array(DigestRun),
  nextCursor: Nullable(Type.String()),
});

/** A department key as profiles allow it: anything else (a NUL byte, say) is a 400, not a query. */
export const PreviewParams = Type.Object({ key: EntryKey });

export const PreviewQuery = Type.Object(
  {
    format: Type.Union([Type.Literal('html'), Type.Literal('text')], { default: 'html' }),
    asOf: Type.Optional(
      Type.String({
        pattern: '^\\d{4}-\\d{2}-\\d{2}$',
        description: 'The day to preview as of (YYYY-MM-DD); default: now',
      }),
    ),
    recipient: Type.Optional(
      Type.String({ minLength: 3, description: "Default: the department's first recipient" }),
    ),
  },
  { additionalProperties: false },
);

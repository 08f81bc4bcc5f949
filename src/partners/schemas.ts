import { Type } from 'typebox';
import { Nullable } from '../http/schemas.js';

export const PartnerSearchQuery = Type.Object(
  {
    q: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'What the partners should have worked on, in Swedish, Norwegian, English…',
    }),
    countries: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z]{2}(,[A-Za-z]{2})*$',
        description: 'ISO codes, e.g. FI,EE,LV',
      }),
    ),
    types: Type.Optional(
      Type.String({
        maxLength: 200,
        description:
          'municipality, region (county councils and regions), school, university, research, ngo, company, public-agency, other',
      }),
    ),
    programmes: Type.Optional(
      Type.String({
        maxLength: 100,
        description: 'Programme families: horizon, interreg, erasmus-plus, other',
      }),
    ),
    from: Type.Optional(Type.Integer({ minimum: 1980, maximum: 2100 })),
    to: Type.Optional(Type.Integer({ minimum: 1980, maximum: 2100 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

const Evidence = Type.Object({
  acronym: Nullable(Type.String()),
  title: Type.String(),
  programme: Nullable(Type.String()),
  years: Type.Array(Nullable(Type.Integer()), {
    minItems: 2,
    maxItems: 2,
    description: '[start, end]',
  }),
  role: Type.String({ description: 'coordinator or partner' }),
});

export const PartnerList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      country: Nullable(Type.String()),
      city: Nullable(Type.String()),
      type: Type.String(),
      score: Type.Number(),
      twinTown: Type.Boolean({
        description: 'A twin town of the asking municipality: first among equals',
      }),
      evidence: Type.Array(Evidence, {
        description: 'The projects that made it match, best fit first',
      }),
    }),
  ),
  nextCursor: Nullable(Type.String()),
});

export const CallPartnerRequestsParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const PartnerRequestList = Type.Object({
  items: Type.Array(
    Type.Object({
      title: Type.String(),
      text: Type.String(),
      callIdentifier: Nullable(Type.String()),
      publishedAt: Nullable(Type.String({ format: 'date-time' })),
      url: Nullable(Type.String({ description: "The announcement's page, with its contacts" })),
      organisation: Nullable(
        Type.Object({
          name: Type.String(),
          country: Nullable(Type.String()),
          city: Nullable(Type.String()),
          type: Type.String(),
        }),
      ),
    }),
  ),
  nextCursor: Type.Null(),
});

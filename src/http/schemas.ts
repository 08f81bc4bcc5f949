import { Type } from 'typebox';

/** Shared pieces of the API's response schemas. */
export const Timestamp = Type.String({ format: 'date-time' });

export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

/**
 * The digest content contract, kept beside its table (src/db/schema/digest-content.ts) so
 * the schema imports nothing above it; the digests domain reads it from here.
 */
export type * from '../db/schema/digest-content.js';

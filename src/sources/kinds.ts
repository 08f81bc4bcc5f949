import { euroAccessKind } from '../../scrapers/euro-access/index.js';
import { htmlListKind } from '../../scrapers/html-list/index.js';
import { icalKind } from '../../scrapers/ical/index.js';
import { interregAlgoliaKind } from '../../scrapers/interreg-algolia/index.js';
import { rssKind } from '../../scrapers/rss/index.js';
import type { SourceKindDefinition } from '../../scrapers/source-kind.js';
import type { SourceKind } from '../db/schema/index.js';

/** Kinds read through the generic contract; the portal has its own path (ft-portal.ts). */
export type GenericSourceKind = Exclude<SourceKind, 'ft-portal'>;

/** Each kind's definition; a new kind does not compile without one. */
export const sourceKindDefinitions: Readonly<
  Record<GenericSourceKind, SourceKindDefinition<unknown>>
> = {
  'interreg-algolia': interregAlgoliaKind as SourceKindDefinition<unknown>,
  ical: icalKind as SourceKindDefinition<unknown>,
  'euro-access': euroAccessKind as SourceKindDefinition<unknown>,
  rss: rssKind as SourceKindDefinition<unknown>,
  'html-list': htmlListKind as SourceKindDefinition<unknown>,
};

export function isGenericKind(kind: SourceKind): kind is GenericSourceKind {
  return kind !== 'ft-portal';
}

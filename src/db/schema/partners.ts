import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** What kind of body an organisation is: the partner search filters on it. */
export const organisationTypes = [
  'municipality',
  'region',
  'school',
  'university',
  'research',
  'ngo',
  'company',
  'public-agency',
  'other',
] as const;
export type OrganisationType = (typeof organisationTypes)[number];

/**
 * Identifier schemes, strongest first: two records with the same identifier in one scheme
 * are one organisation (src/partners/resolve.ts).
 */
export const identifierSchemes = ['pic', 'oid', 'vat', 'se-orgnr', 'no-orgnr', 'wikidata'] as const;
export type IdentifierScheme = (typeof identifierSchemes)[number];

/** One organisation, whatever datasets it came from (organisation_sources says which). */
export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The name shown: the first dataset's; every variant is in organisation_names. */
    name: text('name').notNull(),
    /** ISO 3166-1 alpha-2 (a dataset's EL and UK are GR and GB here). */
    country: text('country'),
    city: text('city'),
    nuts: text('nuts'),
    type: text('type', { enum: organisationTypes }).notNull().default('other'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('organisations_country_type_idx').on(table.country, table.type)],
);

export const organisationIdentifiers = pgTable(
  'organisation_identifiers',
  {
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    scheme: text('scheme', { enum: identifierSchemes }).notNull(),
    value: text('value').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.scheme, table.value] }),
    index('organisation_identifiers_organisation_idx').on(table.organisationId),
  ],
);

/** Every name an organisation goes by, with the form names are compared in. */
export const organisationNames = pgTable(
  'organisation_names',
  {
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** Case, accents, legal forms and "municipality of" aside (src/partners/names.ts). */
    normalised: text('normalised').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.organisationId, table.normalised] }),
    index('organisation_names_normalised_idx').on(table.normalised),
  ],
);

/**
 * Each dataset row an organisation was made from or merged with, and why it was merged:
 * `why` explains the merge ("same PIC 999999999"), and an admin undoes a wrong one by
 * detaching the row. A second import of the same file finds its rows here and adds nothing.
 */
export const organisationSources = pgTable(
  'organisation_sources',
  {
    dataset: text('dataset').notNull(),
    /** The row's own key in its dataset (a PIC, an organisation number, a name and city). */
    sourceKey: text('source_key').notNull(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** What the row said of the organisation: an undone merge rebuilds it from these. */
    country: text('country'),
    city: text('city'),
    type: text('type', { enum: organisationTypes }).notNull().default('other'),
    identifiers: jsonb('identifiers')
      .$type<Array<{ scheme: IdentifierScheme; value: string }>>()
      .notNull()
      .default([]),
    why: text('why').notNull(),
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.dataset, table.sourceKey] }),
    index('organisation_sources_organisation_idx').on(table.organisationId),
  ],
);

export const programmeFamilies = ['horizon', 'interreg', 'erasmus-plus', 'other'] as const;
export type ProgrammeFamily = (typeof programmeFamilies)[number];

/** A funded project, as one dataset records it (CORDIS grant, Interreg operation…). */
export const partnerProjects = pgTable(
  'partner_projects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    dataset: text('dataset').notNull(),
    /** The project's own id there: the CORDIS grant number, a keep.eu id. */
    sourceKey: text('source_key').notNull(),
    acronym: text('acronym'),
    title: text('title').notNull(),
    objective: text('objective').notNull().default(''),
    family: text('family', { enum: programmeFamilies }).notNull(),
    programme: text('programme'),
    startYear: integer('start_year'),
    endYear: integer('end_year'),
    topics: text('topics').array().notNull().default(sql`'{}'::text[]`),
  },
  (table) => [uniqueIndex('partner_projects_source_uq').on(table.family, table.sourceKey)],
);

export const participationRoles = ['coordinator', 'partner'] as const;

export const participations = pgTable(
  'participations',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => partnerProjects.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    role: text('role', { enum: participationRoles }).notNull(),
    /** EUR, when the dataset gives the organisation's share. */
    euContribution: real('eu_contribution'),
    /** The organisation source row that stated it: an undone merge takes it along. */
    sourceDataset: text('source_dataset'),
    sourceKey: text('source_key'),
  },
  (table) => [
    primaryKey({ columns: [table.projectId, table.organisationId] }),
    index('participations_organisation_idx').on(table.organisationId),
  ],
);

/** Twin towns (Wikidata P190 and the like): a pair, stored once, the smaller id first. */
export const twinLinks = pgTable(
  'twin_links',
  {
    organisationA: uuid('organisation_a')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    organisationB: uuid('organisation_b')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    dataset: text('dataset').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.organisationA, table.organisationB] }),
    index('twin_links_b_idx').on(table.organisationB),
  ],
);

/** A partner-search announcement: who looks for partners, for which call or topic. */
export const partnerRequests = pgTable(
  'partner_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    dataset: text('dataset').notNull(),
    sourceKey: text('source_key').notNull(),
    organisationId: uuid('organisation_id').references(() => organisations.id, {
      onDelete: 'set null',
    }),
    /** The call or topic identifier the announcement is for, as the source gives it. */
    callIdentifier: text('call_identifier'),
    title: text('title').notNull(),
    text: text('text').notNull().default(''),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** The announcement's page: contact details are never copied, only linked. */
    url: text('url'),
  },
  (table) => [
    uniqueIndex('partner_requests_source_uq').on(table.dataset, table.sourceKey),
    index('partner_requests_call_idx').on(table.callIdentifier),
  ],
);

/**
 * What a project is about, as the matcher's vocabulary reads its title and objective: the
 * partner search finds projects by concept, so a Swedish or Norwegian query meets English
 * project texts (src/partners/project-concepts.ts).
 */
export const projectConcepts = pgTable(
  'project_concepts',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => partnerProjects.id, { onDelete: 'cascade' }),
    conceptId: text('concept_id').notNull(),
    evidence: real('evidence').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.projectId, table.conceptId] }),
    index('project_concepts_concept_idx').on(table.conceptId),
  ],
);

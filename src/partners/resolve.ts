import { and, eq, inArray, sql } from 'drizzle-orm';
import {
  type IdentifierScheme,
  identifierSchemes,
  type OrganisationType,
  organisationIdentifiers,
  organisationNames,
  organisationSources,
  organisations,
  participations,
  partnerProjects,
} from '../db/schema/index.js';
import type { Tx } from '../ingest/call-rows.js';
import { normaliseCity, normaliseName } from './names.js';

/** One organisation as one dataset row states it. */
export interface OrganisationRecord {
  dataset: string;
  /** The organisation's key in that dataset (its PIC, its organisation number). */
  sourceKey: string;
  name: string;
  country: string | null;
  city: string | null;
  nuts: string | null;
  type: OrganisationType;
  identifiers: Array<{ scheme: IdentifierScheme; value: string }>;
  /** Projects (partner_projects ids) it takes part in: a shared grant and name is one body. */
  projectIds: string[];
}

/** Types a dataset is sure of beat 'other'; a name's municipality or region beats a code. */
const TYPE_STRENGTH: Record<OrganisationType, number> = {
  municipality: 3,
  region: 3,
  school: 2,
  university: 2,
  research: 2,
  ngo: 2,
  company: 2,
  'public-agency': 1,
  other: 0,
};

/**
 * The organisation a dataset row is, found or made, in the caller's transaction:
 * - the same dataset row imported before (a second import adds nothing);
 * - an identifier already known, strongest scheme first (PIC, OID, VAT, national numbers);
 * - the same normalised name in the same country and city;
 * - the same normalised name in the same country among the partners of a project it shares;
 * - otherwise a new organisation.
 * Every merge is recorded with its reason (organisation_sources.why), so an admin can see
 * it and undo it; names and identifiers of every source are kept.
 */
export async function resolveOrganisation(
  tx: Tx,
  record: OrganisationRecord,
): Promise<{ organisationId: string; outcome: 'new' | 'merged' | 'known' }> {
  const [known] = await tx
    .select({ organisationId: organisationSources.organisationId })
    .from(organisationSources)
    .where(
      and(
        eq(organisationSources.dataset, record.dataset),
        eq(organisationSources.sourceKey, record.sourceKey),
      ),
    );
  if (known) return { organisationId: known.organisationId, outcome: 'known' };
  const match = await matchOf(tx, record);
  const organisationId = match?.organisationId ?? (await createOrganisation(tx, record));
  if (match) await strengthenType(tx, match.organisationId, record.type);
  if (record.identifiers.length > 0)
    await tx
      .insert(organisationIdentifiers)
      .values(record.identifiers.map((identifier) => ({ organisationId, ...identifier })))
      .onConflictDoNothing();
  await tx
    .insert(organisationNames)
    .values({ organisationId, name: record.name, normalised: normaliseName(record.name) })
    .onConflictDoNothing();
  await tx.insert(organisationSources).values({
    dataset: record.dataset,
    sourceKey: record.sourceKey,
    organisationId,
    name: record.name,
    country: record.country,
    city: record.city,
    type: record.type,
    identifiers: record.identifiers,
    why: match?.why ?? 'new',
  });
  return { organisationId, outcome: match ? 'merged' : 'new' };
}

async function matchOf(
  tx: Tx,
  record: OrganisationRecord,
): Promise<{ organisationId: string; why: string } | null> {
  const ordered = [...record.identifiers].sort(
    (a, b) => identifierSchemes.indexOf(a.scheme) - identifierSchemes.indexOf(b.scheme),
  );
  const recordPic = record.identifiers.find((identifier) => identifier.scheme === 'pic')?.value;
  for (const { scheme, value } of ordered) {
    const [found] = await tx
      .select({ organisationId: organisationIdentifiers.organisationId })
      .from(organisationIdentifiers)
      .where(
        and(eq(organisationIdentifiers.scheme, scheme), eq(organisationIdentifiers.value, value)),
      );
    if (!found) continue;
    // Two PICs are two registrations: a VAT number or national number shared by a VAT
    // group or a parent company does not make them one.
    if (recordPic && scheme !== 'pic' && (await hasOtherPic(tx, found.organisationId, recordPic)))
      continue;
    return { organisationId: found.organisationId, why: `same ${scheme.toUpperCase()} ${value}` };
  }
  const normalised = normaliseName(record.name);
  const city = normaliseCity(record.city);
  const sameName = await tx
    .select({ id: organisations.id, country: organisations.country, city: organisations.city })
    .from(organisationNames)
    .innerJoin(organisations, eq(organisations.id, organisationNames.organisationId))
    .where(eq(organisationNames.normalised, normalised));
  const inCountry = sameName.filter((candidate) => candidate.country === record.country);
  const inCity = inCountry.filter(
    (candidate) => city !== null && normaliseCity(candidate.city) === city,
  );
  if (inCity.length === 1) {
    return { organisationId: (inCity[0] as { id: string }).id, why: 'same name, country and city' };
  }
  if (record.projectIds.length > 0 && inCountry.length > 0) {
    const partners = await tx
      .select({
        organisationId: participations.organisationId,
        projectId: participations.projectId,
      })
      .from(participations)
      .where(
        and(
          inArray(participations.projectId, record.projectIds),
          inArray(
            participations.organisationId,
            inCountry.map((candidate) => candidate.id),
          ),
        ),
      );
    const ids = new Set(partners.map((partner) => partner.organisationId));
    if (ids.size === 1) {
      const [partner] = partners;
      const [project] = await tx
        .select({ family: partnerProjects.family, sourceKey: partnerProjects.sourceKey })
        .from(partnerProjects)
        .where(eq(partnerProjects.id, partner?.projectId as string));
      return {
        organisationId: partner?.organisationId as string,
        why: `same name in the same ${project?.family ?? ''} project ${project?.sourceKey ?? ''}`.replace(
          /\s+/g,
          ' ',
        ),
      };
    }
  }
  return null;
}

async function hasOtherPic(tx: Tx, organisationId: string, pic: string): Promise<boolean> {
  const pics = await tx
    .select({ value: organisationIdentifiers.value })
    .from(organisationIdentifiers)
    .where(
      and(
        eq(organisationIdentifiers.organisationId, organisationId),
        eq(organisationIdentifiers.scheme, 'pic'),
      ),
    );
  return pics.some((row) => row.value !== pic);
}

async function createOrganisation(tx: Tx, record: OrganisationRecord): Promise<string> {
  const [created] = await tx
    .insert(organisations)
    .values({
      name: record.name,
      country: record.country,
      city: record.city,
      nuts: record.nuts,
      type: record.type,
    })
    .returning({ id: organisations.id });
  return (created as { id: string }).id;
}

async function strengthenType(tx: Tx, organisationId: string, type: OrganisationType) {
  const stronger = (Object.keys(TYPE_STRENGTH) as OrganisationType[]).filter(
    (candidate) => TYPE_STRENGTH[candidate] < TYPE_STRENGTH[type],
  );
  if (stronger.length === 0) return;
  await tx
    .update(organisations)
    .set({ type, updatedAt: sql`now()` })
    .where(and(eq(organisations.id, organisationId), inArray(organisations.type, stronger)));
}

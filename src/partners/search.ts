import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import type { OrganisationType, ProgrammeFamily } from '../db/schema/index.js';
import { InvalidInput } from '../errors.js';
import { compileArea } from '../matching/area-model.js';

export interface PartnerQuery {
  /** What the partners should have worked on, in any language the vocabulary reads. */
  q: string;
  countries?: string[];
  types?: OrganisationType[];
  families?: ProgrammeFamily[];
  /** Projects running in these years (start ≤ to, end ≥ from). */
  from?: number;
  to?: number;
  limit: number;
  /** Hits to pass over: the page's position in the ranking. */
  offset?: number;
  /** Normalised names of the asking tenant's twin towns: they rank first among equals. */
  twinNames?: ReadonlySet<string>;
}

export interface PartnerHit {
  organisationId: string;
  name: string;
  country: string | null;
  city: string | null;
  type: OrganisationType;
  score: number;
  /** A twin town of the asking municipality. */
  twinTown: boolean;
  evidence: Array<{
    acronym: string | null;
    title: string;
    programme: string | null;
    years: [number | null, number | null];
    role: 'coordinator' | 'partner';
  }>;
}

/** The query read as a municipality's area is: in every Nordic language and English. */
const QUERY_LANGUAGES = ['sv', 'nb', 'da', 'fi', 'en'];
/** Projects shown as an organisation's evidence. */
const EVIDENCE = 5;
/**
 * A twin town is a partner the municipality already knows: among organisations that did as
 * much, it comes first, and it stays ahead of one that did a little more.
 */
const TWIN_LIFT = 1.2;

/**
 * Organisations ranked by what they did: the query's concepts (the matcher's vocabulary, so
 * "äldreomsorg" finds "elderly care" projects) against each project's stored concepts,
 * then, for each organisation, its best project's fit, lifted by how many fitting projects
 * it has, how recent they are and whether it coordinated any. Every hit names its
 * projects.
 */
export async function searchPartners(db: Database, query: PartnerQuery): Promise<PartnerHit[]> {
  const text = query.q.trim();
  if (text === '') throw new InvalidInput('q: say what the partners should have worked on');
  const area = compileArea({ key: 'query', name: text, keywords: [text] }, QUERY_LANGUAGES);
  const concepts = [...area.concepts].map(([conceptId, concept]) => [conceptId, concept.weight]);
  if (concepts.length === 0) return [];
  const filters: SQL[] = [];
  if (query.countries?.length) filters.push(sql`o.country in ${query.countries}`);
  if (query.types?.length) filters.push(sql`o.type in ${query.types}`);
  if (query.families?.length) filters.push(sql`pp.family in ${query.families}`);
  if (query.from !== undefined)
    filters.push(sql`coalesce(pp.end_year, pp.start_year) >= ${query.from}`);
  if (query.to !== undefined)
    filters.push(sql`coalesce(pp.start_year, pp.end_year) <= ${query.to}`);
  const where = filters.length ? sql`where ${sql.join(filters, sql` and `)}` : sql``;
  const twins = [...(query.twinNames ?? [])];
  const twin = twins.length
    ? sql`exists (select 1 from organisation_names n where n.organisation_id = o.id and n.normalised in ${twins})`
    : sql`false`;
  const wanted = sql.join(
    concepts.map(([id, weight]) => sql`(${id}::text, ${weight}::real)`),
    sql`, `,
  );
  const result = await db.execute(sql`
    with wanted(concept_id, weight) as (values ${wanted}),
    fit as (
      select pc.project_id, sum(least(pc.evidence, 1) * wanted.weight) as fit
      from project_concepts pc join wanted on wanted.concept_id = pc.concept_id
      group by pc.project_id),
    done as (
      select p.organisation_id, f.fit, p.role, pp.acronym, pp.title, pp.programme,
        pp.start_year, pp.end_year
      from fit f
        join participations p on p.project_id = f.project_id
        join partner_projects pp on pp.id = f.project_id
        join organisations o on o.id = p.organisation_id
      ${where}),
    ranked as (
      select organisation_id,
        max(fit) * (1 + 0.15 * ln(count(*))) * (1 + 0.1 * (bool_or(role = 'coordinator'))::int)
          * (1 + 0.02 * greatest(0, least(10, coalesce(max(end_year), 2000) - 2014))) as score,
        (json_agg(json_build_object('acronym', acronym, 'title', title, 'programme', programme,
          'years', json_build_array(start_year, end_year), 'role', role)
          order by fit desc, end_year desc nulls last))::jsonb as evidence
      from done group by organisation_id)
    select o.id, o.name, o.country, o.city, o.type, r.evidence,
      ${twin} as twin_town,
      r.score * (case when ${twin} then ${TWIN_LIFT}::float8 else 1 end) as score
    from ranked r join organisations o on o.id = r.organisation_id
    order by score desc, twin_town desc, o.name, o.id
    limit ${query.limit} offset ${query.offset ?? 0}`);
  const rows = (result as unknown as { rows: Array<Record<string, unknown>> }).rows;
  return rows.map((row) => ({
    organisationId: row.id as string,
    name: row.name as string,
    country: (row.country as string | null) ?? null,
    city: (row.city as string | null) ?? null,
    type: row.type as OrganisationType,
    score: Math.round(Number(row.score) * 1000) / 1000,
    twinTown: row.twin_town === true,
    evidence: (row.evidence as PartnerHit['evidence']).slice(0, EVIDENCE),
  }));
}

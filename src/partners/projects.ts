import { sql } from 'drizzle-orm';
import { type ProgrammeFamily, participations, partnerProjects } from '../db/schema/index.js';
import type { Tx } from '../ingest/call-rows.js';
import { storeProjectConcepts } from './project-concepts.js';

export interface ProjectRecord {
  dataset: string;
  family: ProgrammeFamily;
  /** The project's id in its programme (a CORDIS grant number): one project across datasets. */
  sourceKey: string;
  acronym: string | null;
  /** Null when the row names only the acronym (CORDIS's organisation file). */
  title: string | null;
  objective?: string;
  programme?: string | null;
  startYear?: number | null;
  endYear?: number | null;
  topics?: string[];
}

/**
 * The project, made or found by its id; a dataset that knows more (a title where only the
 * acronym was known, an objective, years) fills what is missing, never overwrites.
 */
export async function upsertProject(
  tx: Tx,
  project: ProjectRecord,
): Promise<{ id: string; created: boolean }> {
  const title = project.title ?? project.acronym ?? project.sourceKey;
  const [row] = await tx
    .insert(partnerProjects)
    .values({
      dataset: project.dataset,
      family: project.family,
      sourceKey: project.sourceKey,
      acronym: project.acronym,
      title,
      objective: project.objective ?? '',
      programme: project.programme ?? null,
      startYear: project.startYear ?? null,
      endYear: project.endYear ?? null,
      topics: project.topics ?? [],
    })
    .onConflictDoUpdate({
      target: [partnerProjects.family, partnerProjects.sourceKey],
      set: {
        title: sql`case when ${partnerProjects.title} in (coalesce(${partnerProjects.acronym}, ''), ${partnerProjects.sourceKey}) and ${project.title !== null} then excluded.title else ${partnerProjects.title} end`,
        acronym: sql`coalesce(${partnerProjects.acronym}, excluded.acronym)`,
        objective: sql`case when ${partnerProjects.objective} = '' then excluded.objective else ${partnerProjects.objective} end`,
        programme: sql`coalesce(${partnerProjects.programme}, excluded.programme)`,
        startYear: sql`coalesce(${partnerProjects.startYear}, excluded.start_year)`,
        endYear: sql`coalesce(${partnerProjects.endYear}, excluded.end_year)`,
        topics: sql`case when cardinality(${partnerProjects.topics}) = 0 then excluded.topics else ${partnerProjects.topics} end`,
      },
    })
    .returning({ id: partnerProjects.id, created: sql<boolean>`(xmax = 0)` });
  const stored = row as { id: string; created: boolean };
  // What the project is about changes only with a text: an acronym-only row says nothing.
  if (project.title !== null || project.objective) await storeProjectConcepts(tx, stored.id);
  return stored;
}

/** The organisation's part in the project; a second import of the same row adds nothing. */
export async function addParticipation(
  tx: Tx,
  participation: {
    projectId: string;
    organisationId: string;
    role: 'coordinator' | 'partner';
    euContribution: number | null;
    /** The organisation source row (dataset, key) that states it. */
    sourceDataset?: string;
    sourceKey?: string;
  },
): Promise<boolean> {
  const inserted = await tx
    .insert(participations)
    .values(participation)
    .onConflictDoNothing()
    .returning({ projectId: participations.projectId });
  return inserted.length > 0;
}

/** "771225,1", "50000.0", "1 234,5": a dataset's number, or null. */
export function amountOf(value: string | undefined): number | null {
  if (!value) return null;
  const cleaned = value.replace(/\s/g, '');
  const decimal =
    /,\d{1,2}$|,\d+$/.test(cleaned) && !cleaned.includes('.')
      ? cleaned.replace(',', '.')
      : cleaned.replace(/,/g, '');
  const number = Number(decimal);
  return Number.isFinite(number) ? number : null;
}

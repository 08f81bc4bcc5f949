import { eq } from 'drizzle-orm';
import { partnerProjects, projectConcepts } from '../db/schema/index.js';
import type { Tx } from '../ingest/call-rows.js';
import { extractFeatures } from '../matching/call-features.js';

/**
 * A project's concepts, read by the matcher's own feature extraction as if the project were
 * a call: its title as a title, its topics as the subject, its objective as the description.
 * Loose words count at half: they support a subject, never carry one.
 */
export function conceptsOfProject(project: {
  title: string;
  objective: string;
  topics: string[];
}): Array<{ conceptId: string; evidence: number }> {
  const features = extractFeatures({
    id: '',
    identifier: '',
    title: project.title,
    callTitle: null,
    programmeCode: null,
    programmeName: null,
    language: 'en',
    programmeStrands: [],
    actionCategory: null,
    eligibleCountries: [],
    applicantTypes: [],
    tags: project.topics,
    keywords: [],
    descriptionText: project.objective,
    status: 'open',
    nextDeadlineAt: null,
    openingAt: null,
    deadlines: [],
  });
  return [...features.concepts]
    .map(([conceptId, found]) => ({ conceptId, evidence: found.evidence + found.loose / 2 }))
    .filter((concept) => concept.evidence > 0);
}

/** Re-reads the stored project (titles fill in across datasets) and stores its concepts. */
export async function storeProjectConcepts(tx: Tx, projectId: string): Promise<void> {
  const [project] = await tx
    .select({
      title: partnerProjects.title,
      objective: partnerProjects.objective,
      topics: partnerProjects.topics,
    })
    .from(partnerProjects)
    .where(eq(partnerProjects.id, projectId));
  if (!project) return;
  await tx.delete(projectConcepts).where(eq(projectConcepts.projectId, projectId));
  const concepts = conceptsOfProject(project);
  if (concepts.length > 0)
    await tx.insert(projectConcepts).values(concepts.map((concept) => ({ projectId, ...concept })));
}

import type { Tx } from '../../ingest/call-rows.js';
import { addParticipation, type ProjectRecord, upsertProject } from '../projects.js';
import { type OrganisationRecord, resolveOrganisation } from '../resolve.js';
import type { ImportCounts } from './types.js';

/** A participation row (an organisation in a project, with its role): every format's shape. */
export async function storeParticipation(
  tx: Tx,
  counts: ImportCounts,
  row: {
    project: ProjectRecord;
    organisation: Omit<OrganisationRecord, 'projectIds'>;
    role: 'coordinator' | 'partner';
    euContribution: number | null;
  },
): Promise<void> {
  const project = await upsertProject(tx, row.project);
  if (project.created) counts.projectsNew += 1;
  const resolved = await resolveOrganisation(tx, { ...row.organisation, projectIds: [project.id] });
  if (resolved.outcome === 'new') counts.organisationsNew += 1;
  if (resolved.outcome === 'merged') counts.organisationsMerged += 1;
  const added = await addParticipation(tx, {
    projectId: project.id,
    organisationId: resolved.organisationId,
    role: row.role,
    euContribution: row.euContribution,
    sourceDataset: row.organisation.dataset,
    sourceKey: row.organisation.sourceKey,
  });
  if (added) counts.participationsNew += 1;
}

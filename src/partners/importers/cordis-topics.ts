import { and, eq, sql } from 'drizzle-orm';
import { partnerProjects } from '../../db/schema/index.js';
import type { Tx } from '../../ingest/call-rows.js';
import { csvRows } from './csv-rows.js';
import type { PartnerImporter } from './types.js';

/**
 * CORDIS topics.csv (`projectID,topic,title`): the call topics a project was funded under,
 * one row per project and topic. Each code joins the project's `topics`, once.
 *
 * A row whose project is not known yet is skipped (counted in `skipped`): topics describe a
 * project, they do not make one, and a project made from a topic row would have neither
 * title, acronym nor participants. Import project.csv or organization.csv first.
 */
export const cordisTopics: PartnerImporter = {
  rows: csvRows,
  async apply(tx, row) {
    const projectId = row.projectID?.trim();
    const topic = row.topic?.trim();
    if (!projectId || !topic) return false;
    const [project] = await tx
      .select({ id: partnerProjects.id, topics: partnerProjects.topics })
      .from(partnerProjects)
      .where(and(eq(partnerProjects.family, 'horizon'), eq(partnerProjects.sourceKey, projectId)));
    if (!project) return false;
    if (!project.topics.includes(topic)) await addTopics(tx, project.id, [topic]);
    return true;
  },
};

/**
 * Appends the codes the project does not have yet, keeping the order they came in (the
 * first topic a dataset names is the project's main one). Written in one statement so two
 * files naming the same code still store it once.
 */
export async function addTopics(tx: Tx, projectId: string, codes: string[]): Promise<void> {
  if (codes.length === 0) return;
  // array[$1, $2]: drizzle spreads a JS array into a parameter list, and both drivers
  // (node-postgres, PGlite) take one text parameter per code the same way.
  const given = sql`array[${sql.join(
    codes.map((code) => sql`${code}`),
    sql`, `,
  )}]::text[]`;
  await tx
    .update(partnerProjects)
    .set({
      topics: sql`${partnerProjects.topics} || array(
        select code from unnest(${given}) with ordinality as given(code, position)
        where not code = any(${partnerProjects.topics})
        group by code order by min(position))`,
    })
    .where(and(eq(partnerProjects.id, projectId), sql`not ${partnerProjects.topics} @> ${given}`));
}

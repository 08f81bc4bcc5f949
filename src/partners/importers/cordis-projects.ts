import { upsertProject } from '../projects.js';
import { addTopics } from './cordis-topics.js';
import { csvRows } from './csv-rows.js';
import type { PartnerImporter } from './types.js';

/**
 * CORDIS project.csv (Horizon 2020 and Horizon Europe): one row per project, with the title,
 * objective, dates and topics the organisation file lacks. Semicolon (official) or comma
 * (re-exports, pandas ones without `nature`) separated; csvRows finds which.
 *
 * The project is the one organization.csv or the Research Council of Norway's file may have
 * made already (the same grant number): this row fills what those left empty and never
 * overwrites, so the import order does not matter.
 */
export const cordisProjects: PartnerImporter = {
  rows: csvRows,
  async apply(tx, row, counts) {
    const projectId = row.id?.trim();
    if (!projectId) return false;
    const topics = topicsOf(row.topics);
    const project = await upsertProject(tx, {
      dataset: 'cordis',
      family: 'horizon',
      sourceKey: projectId,
      acronym: row.acronym?.trim() || null,
      title: row.title?.trim() || null,
      objective: row.objective?.trim() ?? '',
      programme: programmeOf(row.frameworkProgramme),
      startYear: yearOf(row.startDate),
      endYear: yearOf(row.endDate),
      topics,
    });
    if (project.created) counts.projectsNew += 1;
    // upsertProject keeps a known project's topics as they are; topics.csv (or another
    // dataset) may have named others, so this file's codes are added beside them.
    else await addTopics(tx, project.id, topics);
    return true;
  },
};

/** CORDIS's framework programme codes, as the partner search shows them. */
const programmeNames: Record<string, string> = {
  FP7: 'FP7',
  H2020: 'Horizon 2020',
  HORIZON: 'Horizon Europe',
};

function programmeOf(value: string | undefined): string | null {
  const code = value?.trim() ?? '';
  return programmeNames[code.toUpperCase()] ?? (code || null);
}

/** "2020-01-01" (or pandas' "2020-01-01 00:00:00") → 2020. */
function yearOf(value: string | undefined): number | null {
  const match = /^\s*(\d{4})-\d{2}-\d{2}/.exec(value ?? '');
  return match ? Number(match[1]) : null;
}

/** "EIC-SMEInst-2018-2020" or several codes joined by ";" or ",": each once, in order. */
function topicsOf(value: string | undefined): string[] {
  const codes = (value ?? '')
    .split(/[;,]/)
    .map((code) => code.trim())
    .filter(Boolean);
  return [...new Set(codes)];
}

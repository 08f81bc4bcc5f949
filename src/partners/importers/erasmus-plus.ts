import type { IdentifierScheme, ProgrammeFamily } from '../../db/schema/index.js';
import type { Tx } from '../../ingest/call-rows.js';
import { isoCountry } from '../countries.js';
import { normaliseCity, normaliseName } from '../names.js';
import { typeFromName } from '../organisation-types.js';
import { amountOf, type ProjectRecord } from '../projects.js';
import { csvRows } from './csv-rows.js';
import {
  cityOfAddress,
  countryInName,
  field,
  type Participant,
  participantsOf,
  programmeOf,
  typeFromErasmusText,
  yearOf,
} from './erasmus-plus-columns.js';
import { storeParticipation } from './rows.js';
import type { ImportCounts, PartnerImporter } from './types.js';

const DATASET = 'erasmus-plus';

/**
 * The Erasmus+ "Projects_Overview" CSV (one file per programme, key action and call year,
 * from erasmus-plus.ec.europa.eu/projects/projects-lists), and the older EAC programmes'
 * overviews in the same wide layout: one row per project, the coordinator and up to 100
 * partners in columns. Each filled participant is one participation.
 */
export const erasmusPlus: PartnerImporter = {
  rows: csvRows,
  async apply(tx, row, counts) {
    const id = field(row, 'Project Identifier', 'Project Number');
    const participants = participantsOf(row);
    if (!id || participants.length === 0) return false;
    const project = projectOf(row, id);
    const grant = grantOf(row);
    for (const participant of participants)
      await storeParticipant(tx, counts, project, participant, {
        // The file gives the project's grant only: it is the coordinator's own when it has
        // no partners (individual mobility), and its share is unknown otherwise.
        euContribution: participants.length === 1 ? grant : null,
      });
    return true;
  },
};

function projectOf(row: Record<string, string>, id: string): ProjectRecord {
  const programme = programmeOf(row);
  const topics = field(row, 'Topics');
  return {
    dataset: DATASET,
    family: familyOf(programme),
    sourceKey: id,
    acronym: null,
    title: field(row, 'Project Title') || null,
    objective: field(row, 'Project Summary'),
    programme,
    startYear: yearOf(field(row, 'Start date')) ?? (Number(field(row, 'Call year')) || null),
    endYear: yearOf(field(row, 'End date')),
    topics: topics
      ? topics
          .split(';')
          .map((topic) => topic.trim())
          .filter(Boolean)
      : [],
  };
}

/**
 * Creative Europe and Culture 2007-2013 come in the same overview layout from the same
 * Commission site but are not Erasmus+ or one of its predecessor programmes (Lifelong
 * Learning, Youth in Action, Erasmus Mundus, Tempus): a search for Erasmus+ experience
 * should not find them.
 */
function familyOf(programme: string | null): ProgrammeFamily {
  return /^(creative europe|culture)\b/i.test(programme ?? '') ? 'other' : 'erasmus-plus';
}

/** The "EU Grant award in euros (This amount represents…)" column: "50000.00", "240000.0 EUR". */
function grantOf(row: Record<string, string>): number | null {
  const header = Object.keys(row).find((key) => key.startsWith('EU Grant award'));
  return header ? amountOf(row[header]?.replace(/\s*EUR$/i, '').trim()) : null;
}

async function storeParticipant(
  tx: Tx,
  counts: ImportCounts,
  project: ProjectRecord,
  participant: Participant,
  money: { euContribution: number | null },
): Promise<void> {
  const fromName = participant.country ? null : countryInName(participant.name);
  const name = fromName?.name ?? participant.name;
  const country = isoCountry(participant.country) ?? fromName?.country ?? null;
  const city = cityOfAddress(participant.address);
  const identifiers: Array<{ scheme: IdentifierScheme; value: string }> = [
    ...(participant.pic ? [{ scheme: 'pic' as const, value: participant.pic }] : []),
    ...(participant.oid ? [{ scheme: 'oid' as const, value: participant.oid }] : []),
  ];
  await storeParticipation(tx, counts, {
    project,
    organisation: {
      dataset: DATASET,
      // The city is part of the key: two schools of one name in two towns are two rows.
      sourceKey: participant.pic
        ? `pic:${participant.pic}`
        : participant.oid
          ? `oid:${participant.oid}`
          : `name:${normaliseName(name)}|${country ?? ''}|${normaliseCity(city) ?? ''}`,
      name,
      country,
      city,
      nuts: null,
      type: typeFromName(name) ?? typeFromErasmusText(participant.typeText),
      identifiers,
    },
    role: participant.role,
    euContribution: money.euContribution,
  });
}

import { readFile } from 'node:fs/promises';
import { InvalidInput } from '../../errors.js';
import { normaliseName } from '../names.js';
import { typeFromInterregOrganisation, typeFromName } from '../organisation-types.js';
import { amountOf, type ProjectRecord } from '../projects.js';
import type { OrganisationRecord } from '../resolve.js';
import { storeParticipation } from './rows.js';
import type { PartnerImporter } from './types.js';

/** keep.eu's English country titles (both spellings where keep.eu has used two). */
const ENGLISH_COUNTRY_NAMES: Record<string, string> = {
  albania: 'AL',
  armenia: 'AM',
  austria: 'AT',
  azerbaijan: 'AZ',
  belarus: 'BY',
  belgium: 'BE',
  'bosnia and herzegovina': 'BA',
  bulgaria: 'BG',
  croatia: 'HR',
  cyprus: 'CY',
  'czech republic': 'CZ',
  czechia: 'CZ',
  denmark: 'DK',
  egypt: 'EG',
  estonia: 'EE',
  'faroe islands': 'FO',
  finland: 'FI',
  france: 'FR',
  georgia: 'GE',
  germany: 'DE',
  greece: 'GR',
  greenland: 'GL',
  hungary: 'HU',
  iceland: 'IS',
  ireland: 'IE',
  israel: 'IL',
  italy: 'IT',
  jordan: 'JO',
  kosovo: 'XK',
  latvia: 'LV',
  lebanon: 'LB',
  liechtenstein: 'LI',
  lithuania: 'LT',
  luxembourg: 'LU',
  malta: 'MT',
  moldova: 'MD',
  'republic of moldova': 'MD',
  montenegro: 'ME',
  morocco: 'MA',
  netherlands: 'NL',
  'north macedonia': 'MK',
  norway: 'NO',
  palestine: 'PS',
  poland: 'PL',
  portugal: 'PT',
  romania: 'RO',
  russia: 'RU',
  'russian federation': 'RU',
  serbia: 'RS',
  slovakia: 'SK',
  slovenia: 'SI',
  spain: 'ES',
  sweden: 'SE',
  switzerland: 'CH',
  tunisia: 'TN',
  turkey: 'TR',
  türkiye: 'TR',
  ukraine: 'UA',
  'united kingdom': 'GB',
};

/** The parts of keep.eu's project detail (`GET /api/project/<id>/`) that are read here. */
interface KeepProject {
  id?: number;
  acronym?: string | null;
  start_date?: string | null;
  end_date?: string | null;
  union_co_financing_rate?: number | null;
  programme?: { title?: string | null } | null;
  translations?: Record<string, { name?: string | null; description?: string | null }> | null;
  partnerships?: KeepPartnership[] | null;
}

interface KeepPartnership {
  type?: string | null;
  legal_status?: string | null;
  organisation_type?: string | null;
  pic?: string | null;
  town?: string | null;
  total_budget?: string | null;
  co_financing_eur?: string | null;
  country_department?: { title?: string | null } | null;
  partner?: {
    id?: number;
    name?: string | null;
    country?: { title?: string | null } | null;
    translations?: Record<string, { name_translated?: string | null }> | null;
  } | null;
}

export interface KeepParticipation {
  organisation: Omit<OrganisationRecord, 'projectIds'>;
  role: 'coordinator' | 'partner';
  euContribution: number | null;
}

/**
 * keep.eu project detail files, one project per file (a crawl of `/api/project/<id>/`). Each
 * file is read whole (14-37 KB raw) and stored in a transaction of its own, so memory stays
 * one project's and a crash loses one file, which the next run redoes.
 */
export const keepEu: PartnerImporter = {
  async importFiles(db, files, counts, onProgress) {
    for (const file of files) {
      const project = parseKeepProject(JSON.parse(await readFile(file, 'utf8')), file);
      await db.transaction(async (tx) => {
        for (const participation of project.participations) {
          counts.rows += 1;
          if (!participation) {
            counts.skipped += 1;
            continue;
          }
          await storeParticipation(tx, counts, { project: project.project, ...participation });
        }
      });
      onProgress(counts.rows);
    }
  },
};

/** The project and its partners (null for a partnership without a name) of one response. */
export function parseKeepProject(
  json: unknown,
  file: string,
): { project: ProjectRecord; participations: Array<KeepParticipation | null> } {
  const project = json as KeepProject;
  if (typeof json !== 'object' || json === null || typeof project.id !== 'number')
    throw new InvalidInput(`${file}: not a keep.eu project (no numeric "id")`);
  const text = project.translations?.en ?? Object.values(project.translations ?? {})[0];
  return {
    project: {
      dataset: 'keep-eu',
      family: 'interreg',
      sourceKey: `keep:${project.id}`,
      acronym: project.acronym?.trim() || null,
      title: text?.name?.trim() || null,
      objective: text?.description?.trim() ?? '',
      programme: project.programme?.title?.trim() || null,
      startYear: yearOf(project.start_date),
      endYear: yearOf(project.end_date),
    },
    participations: (project.partnerships ?? []).map((partnership) =>
      participationOf(partnership, project.union_co_financing_rate ?? null),
    ),
  };
}

function participationOf(
  partnership: KeepPartnership,
  coFinancingRate: number | null,
): KeepParticipation | null {
  const original = partnership.partner?.name?.trim();
  const english = partnership.partner?.translations?.en?.name_translated?.trim();
  const name = original || english;
  if (!name) return null;
  const pic = /^\d{9}$/.test(partnership.pic?.trim() ?? '')
    ? (partnership.pic as string).trim()
    : null;
  const keepId = partnership.partner?.id;
  const country = countryFromEnglishName(
    partnership.partner?.country?.title ?? partnership.country_department?.title,
  );
  return {
    organisation: {
      dataset: 'keep-eu',
      // keep.eu's own organisation id: it already joins one body's partnerships.
      sourceKey:
        keepId !== undefined
          ? `keep-partner:${keepId}`
          : `name:${normaliseName(name)}|${country ?? ''}`,
      name,
      country,
      city: partnership.town?.trim() || null,
      nuts: null,
      // A name in Cyrillic or Georgian says nothing to typeFromName; its English one may.
      type:
        typeFromName(name) ??
        (english ? typeFromName(english) : null) ??
        typeFromInterregOrganisation(partnership.organisation_type, partnership.legal_status),
      identifiers: pic ? [{ scheme: 'pic', value: pic }] : [],
    },
    role: partnership.type?.trim().toLowerCase() === 'lead' ? 'coordinator' : 'partner',
    euContribution: euContributionOf(partnership, coFinancingRate),
  };
}

/** The partner's EU co-financing; else its own budget at the project's co-financing rate. */
function euContributionOf(partnership: KeepPartnership, rate: number | null): number | null {
  const coFinancing = amountOf(partnership.co_financing_eur ?? undefined);
  if (coFinancing !== null) return coFinancing;
  const budget = amountOf(partnership.total_budget ?? undefined);
  return budget !== null && rate !== null ? Math.round(budget * rate) / 100 : null;
}

function countryFromEnglishName(title: string | null | undefined): string | null {
  return ENGLISH_COUNTRY_NAMES[(title ?? '').trim().toLowerCase()] ?? null;
}

/** "2017-03-31" → 2017. */
function yearOf(value: string | null | undefined): number | null {
  const match = /^(\d{4})-\d{2}-\d{2}/.exec(value?.trim() ?? '');
  return match ? Number(match[1]) : null;
}

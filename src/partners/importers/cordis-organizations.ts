import { isoCountry } from '../countries.js';
import { typeFromCordisActivity, typeFromName } from '../organisation-types.js';
import { amountOf } from '../projects.js';
import { csvRows } from './csv-rows.js';
import { storeParticipation } from './rows.js';
import type { PartnerImporter } from './types.js';

/**
 * CORDIS organization.csv (Horizon 2020 and Horizon Europe): one row per organisation per
 * project. Semicolon (official) or comma (re-exports) separated; EU country codes; a decimal
 * comma now and then; pandas re-exports write "True" and "1499998.0".
 */
export const cordisOrganizations: PartnerImporter = {
  rows: csvRows,
  async apply(tx, row, counts) {
    const pic = row.organisationID?.trim();
    const projectId = row.projectID?.trim();
    const name = row.name?.trim();
    if (!pic || !projectId || !name) return false;
    const vat = vatOf(row.vatNumber);
    await storeParticipation(tx, counts, {
      project: {
        dataset: 'cordis',
        family: 'horizon',
        sourceKey: projectId,
        acronym: row.projectAcronym?.trim() || null,
        title: null,
      },
      organisation: {
        dataset: 'cordis',
        sourceKey: `pic:${pic}`,
        name,
        country: isoCountry(row.country),
        city: row.city?.trim() || null,
        nuts: row.nutsCode?.trim() || null,
        type: typeFromName(name) ?? typeFromCordisActivity(row.activityType ?? ''),
        identifiers: [
          { scheme: 'pic', value: pic },
          ...(vat ? [{ scheme: 'vat' as const, value: vat }] : []),
        ],
      },
      role: row.role?.trim().toLowerCase() === 'coordinator' ? 'coordinator' : 'partner',
      euContribution: amountOf(row.ecContribution),
    });
    return true;
  },
};

/** A VAT number, or null for CORDIS's placeholders ("MISSING", "NOTAPPLICABLE", "-"). */
function vatOf(value: string | undefined): string | null {
  const vat = (value ?? '')
    .trim()
    .toUpperCase()
    .replace(/[\s.-]/g, '');
  if (!/^[A-Z]{2}[0-9A-Z]{6,14}$/.test(vat)) return null;
  return (vat.match(/\d/g)?.length ?? 0) >= 5 ? vat : null;
}

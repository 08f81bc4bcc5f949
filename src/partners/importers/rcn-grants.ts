import { normaliseCity, normaliseName } from '../names.js';
import { typeFromName, typeFromNorwegianSector } from '../organisation-types.js';
import { amountOf } from '../projects.js';
import { csvRows } from './csv-rows.js';
import { storeParticipation } from './rows.js';
import type { PartnerImporter } from './types.js';

/**
 * The Research Council of Norway's "EU grants to Norwegian organisations" (bevilgningereu):
 * semicolons, CRLF, dates dd.mm.yyyy HH:MM. `Prosjektnr` is the CORDIS grant number, so a
 * project here is the CORDIS project; `Deltakernr` is an order number, not a PIC.
 */
export const rcnGrants: PartnerImporter = {
  rows: csvRows,
  async apply(tx, row, counts) {
    const grant = row.Prosjektnr?.trim();
    const name = row.Organisasjonsnavn?.trim();
    if (!grant || !name) return false;
    const orgnr = row.Organisasjonsnummer?.trim().replace(/\s/g, '');
    const city = row['Adresse kommune']?.trim() || null;
    await storeParticipation(tx, counts, {
      project: {
        dataset: 'rcn-grants',
        family: 'horizon',
        sourceKey: grant,
        acronym: row.Prosjektkortnavn?.trim() || null,
        title: row.Prosjektnavn?.trim() || null,
        programme: row.Rammeprogram?.trim() === 'H2020' ? 'Horizon 2020' : row.Rammeprogram?.trim(),
        startYear: yearOf(row['Kontrakt startdato']),
        endYear: yearOf(row['Kontrakt sluttdato']),
        topics: row['Topic kode']?.trim() ? [row['Topic kode'].trim()] : [],
      },
      organisation: {
        dataset: 'rcn-grants',
        sourceKey: orgnr
          ? `no-orgnr:${orgnr}`
          : `name:${normaliseName(name)}|${normaliseCity(city)}`,
        name,
        country: 'NO',
        city,
        nuts: null,
        type: typeFromName(name) ?? typeFromNorwegianSector(row['FoU sektor'] ?? ''),
        identifiers: orgnr ? [{ scheme: 'no-orgnr', value: orgnr }] : [],
      },
      role:
        row['Organisasjon rolle']?.trim().toUpperCase() === 'COORDINATOR'
          ? 'coordinator'
          : 'partner',
      euContribution: amountOf(row['Innvilget beløp organisasjon EUR']),
    });
    return true;
  },
};

/** "25.05.2020 00:00" → 2020. */
function yearOf(value: string | undefined): number | null {
  const match = /\b(\d{2})\.(\d{2})\.(\d{4})\b/.exec(value ?? '');
  return match ? Number(match[3]) : null;
}

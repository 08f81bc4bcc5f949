import { type ActionCategory, type ApplicantType, UNNAMED_PARTNER_COUNTRIES } from '../types.js';

/**
 * What the portal's identifiers and action labels say beyond a name, read here so that
 * matching sees it as normalised fields and never parses an F&T reference itself.
 */

const HORIZON_YEAR = /^\d{4}$/;
const NUMBER = /^\d+$/;

/**
 * Horizon Europe topic identifiers name the part of the programme and its destination:
 * HORIZON-<part>-<year>-[<round>-]<destination codes>-<number>…, e.g.
 * HORIZON-MISS-2026-04-CIT-02 (the cities mission), HORIZON-HLTH-2027-01-STAYHLTH-01 (the
 * health cluster's "staying healthy" destination), HORIZON-JU-GH-EDCTP3-2026-03-DIGIT-02
 * (the Global Health EDCTP3 joint undertaking). Strands are the part, then the part with
 * each destination code: ['MISS', 'MISS-CIT']. Other programmes' identifiers have no such
 * documented structure, so they have no strands.
 */
export function programmeStrandsOf(identifier: string): string[] {
  const [programme, ...rest] = identifier.toUpperCase().split('-');
  if (programme !== 'HORIZON') return [];
  const yearAt = rest.findIndex((token) => HORIZON_YEAR.test(token));
  if (yearAt <= 0) return [];
  const part = rest.slice(0, yearAt).join('-');
  let next = yearAt + 1;
  if (NUMBER.test(rest[next] ?? '')) next += 1;
  const destinations: string[] = [];
  for (; next < rest.length && !NUMBER.test(rest[next] as string); next += 1)
    destinations.push(rest[next] as string);
  return [part, ...destinations.map((destination) => `${part}-${destination}`)];
}

/**
 * EuropeAid references end with the country the call is for (EuropeAid/186571/DD/ACT/ZA),
 * or "Multi" for several partner countries it does not name; applicants must be there.
 */
export function eligibleCountriesOf(identifier: string): string[] {
  const zone = /^EuropeAid\/\d+\/[A-Z]+\/[A-Z]+\/([A-Za-z]+)$/.exec(identifier)?.[1];
  if (!zone) return [];
  return [zone.toUpperCase() === 'MULTI' ? UNNAMED_PARTNER_COUNTRIES : zone.toUpperCase()];
}

/**
 * EIC Accelerator (formerly the SME instrument) funds single companies only. The portal
 * labels its action "HORIZON EIC Accelerator" and its topics HORIZON-EIC-<year>-ACCELERATOR-…
 */
export function applicantTypesOf(identifier: string, typeOfAction: string | null): ApplicantType[] {
  const accelerator =
    /\bEIC[- ]ACCELERATOR\b|\bSME instrument\b/i.test(typeOfAction ?? '') ||
    programmeStrandsOf(identifier).includes('EIC-ACCELERATOR');
  return accelerator ? ['companies'] : [];
}

const RESEARCH =
  /research and innovation action|\bria\b|-ria-|\berc\b|msca|marie sk|eic pathfinder|pathfinder|eic grants/;
const COFUND = /programme co-fund|cofund|co-fund/;
const INNOVATION = /innovation action|\bia\b|-ia-/;

/**
 * The portal's action labels ("HORIZON Research and Innovation Actions", "EU4H Operating
 * Grants") and the action codes inside identifiers (…-RIA-…, …-IA-…), as a category.
 */
export function actionCategoryOf(
  identifier: string,
  typeOfAction: string | null,
): ActionCategory | null {
  if (/\boperating grants?\b/i.test(typeOfAction ?? '')) return 'operating-grant';
  const action = `${typeOfAction ?? ''} ${identifier}`.toLowerCase();
  if (RESEARCH.test(action)) return 'research';
  if (COFUND.test(action)) return 'research-cofund';
  if (INNOVATION.test(action)) return 'innovation';
  return null;
}

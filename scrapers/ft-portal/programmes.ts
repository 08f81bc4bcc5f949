/**
 * SEDIA `frameworkProgramme` codes → programme. Taken from the portal's own facet labels
 * (facet API, type ∈ {1,2,8}, open/forthcoming, March–August 2026). Records carry only the
 * code, so the name a coordinator recognises comes from here. An unknown code falls back to
 * the identifier's prefix (see programmeForRecord).
 */
export const FT_PROGRAMMES: Readonly<Record<string, { abbreviation: string; name: string }>> = {
  '43298664': { abbreviation: 'AGRIP', name: 'Promotion of Agricultural Products' },
  '43251567': { abbreviation: 'CEF', name: 'Connecting Europe Facility' },
  '43251589': { abbreviation: 'CERV', name: 'Citizens, Equality, Rights and Values Programme' },
  '31059643': {
    abbreviation: 'COSME - 2014-2020',
    name: 'Programme for the Competitiveness of Enterprises and small and medium-sized enterprises',
  },
  '43251814': { abbreviation: 'CREA', name: 'Creative Europe Programme' },
  '43152860': { abbreviation: 'DIGITAL', name: 'Digital Europe Programme' },
  '42810547': { abbreviation: 'ED - 2014-2020', name: 'Europe Direct' },
  '44181033': { abbreviation: 'EDF', name: 'European Defence Fund' },
  '43392145': { abbreviation: 'EMFAF', name: 'European Maritime, Fisheries and Aquaculture Fund' },
  '43697167': { abbreviation: 'EP', name: 'European Parliament' },
  '43353764': { abbreviation: 'ERASMUS', name: 'Erasmus' },
  '46324255': { abbreviation: 'ERDF-TA', name: 'Technical assistance for ERDF, CF and JTF' },
  '43254037': { abbreviation: 'ESC', name: 'European Solidarity Corps' },
  '43254019': { abbreviation: 'ESF', name: 'European Social Fund' },
  '43332642': { abbreviation: 'EU4H', name: 'EU4Health Programme' },
  '43251842': { abbreviation: 'EUAF', name: 'Union Anti-fraud Programme' },
  '45532249': { abbreviation: 'EUBA', name: 'EU Bodies and Agencies' },
  '43298916': { abbreviation: 'EURATOM', name: 'Euratom Research and Training Programme' },
  '31045243': { abbreviation: 'H2020 - 2014-2020', name: 'Horizon 2020 Framework Programme' },
  '43108390': { abbreviation: 'HORIZON', name: 'Horizon Europe' },
  '44416173': { abbreviation: 'I3', name: 'Interregional Innovation Investments Instrument' },
  '43251882': {
    abbreviation: 'IMCAP',
    name: 'Support for information measures relating to the common agricultural policy',
  },
  '44773133': { abbreviation: 'IMREG', name: 'Information Measures for the EU Cohesion policy' },
  '43089234': { abbreviation: 'INNOVFUND', name: 'Innovation Fund' },
  '43252368': { abbreviation: 'ISF', name: 'Internal Security Fund' },
  '44773066': { abbreviation: 'JTM', name: 'Just Transition Mechanism' },
  '43252386': { abbreviation: 'JUST', name: 'Justice Programme' },
  '43252405': { abbreviation: 'LIFE', name: 'Programme for the Environment and Climate Action' },
  '45876777': {
    abbreviation: 'NDICI',
    name: 'Neighbourhood, Development and International Cooperation Instrument \u2013 Global Europe',
  },
  '43252433': {
    abbreviation: 'PERICLES IV',
    name: 'Programme for the Protection of the Euro against Counterfeiting',
  },
  '43637601': { abbreviation: 'PPPA', name: 'Pilot Projects & Preparation Actions' },
  '111111': { abbreviation: 'RELEX-PROSPECT', name: 'EU External Action - Prospect' },
  '43253967': { abbreviation: 'RENEWFM', name: 'Renewable Energy Financing Mechanism' },
  '43252449': { abbreviation: 'RFCS', name: 'Research Fund for Coal & Steel' },
  '43252476': { abbreviation: 'SMP', name: 'Single Market Programme' },
  '43252517': { abbreviation: 'SOCPL', name: 'Social Prerogative and Specific Competencies Lines' },
  '43298203': { abbreviation: 'UCPM', name: 'Union Civil Protection Mechanism' },
};

/**
 * What a programme is for, as concepts: an Erasmus+ call concerns schools and youth even
 * when its text is thin. A prior adds evidence for the concepts listed; it never makes a
 * call match an area that names none of them. Reviewed against each programme's regulation.
 */
export interface ProgrammePrior {
  label: string;
  programmes: readonly string[];
  /**
   * For priors narrower than a programme: the call must belong to one of these parts of it,
   * in the programme's own codes (Horizon Europe's cities mission is MISS-CIT).
   */
  strands?: readonly string[];
  concepts: Readonly<Record<string, number>>;
}

export const programmePriors: readonly ProgrammePrior[] = [
  {
    label: 'Erasmus+',
    programmes: ['ERASMUS', 'ERASMUS+', 'EPLUS'],
    concepts: {
      'school-education': 1,
      youth: 1,
      exchanges: 1,
      teachers: 0.8,
      'early-childhood': 0.8,
      'vocational-adult-learning': 0.8,
      'sport-leisure': 0.6,
      languages: 0.6,
      'digital-education': 0.5,
    },
  },
  {
    label: 'European Solidarity Corps',
    programmes: ['ESC'],
    concepts: { youth: 1, 'civic-participation': 0.5 },
  },
  {
    label: 'EU4Health',
    programmes: ['EU4H'],
    concepts: {
      'public-health': 1,
      'mental-health': 0.8,
      'care-services': 0.8,
      health: 0.8,
      'welfare-technology': 0.5,
    },
  },
  {
    label: 'LIFE',
    programmes: ['LIFE'],
    concepts: {
      'climate-adaptation': 0.8,
      'nature-based-solutions': 0.8,
      'circular-economy': 0.8,
      'energy-renovation': 0.6,
      'local-energy-transition': 0.8,
      'climate-neutral-cities': 0.6,
      'water-environment': 0.6,
    },
  },
  {
    label: 'Horizon Europe mission: climate-neutral and smart cities',
    programmes: ['HORIZON'],
    strands: ['MISS-CIT'],
    concepts: {
      'climate-neutral-cities': 1,
      'urban-development': 0.8,
      mobility: 0.5,
      'energy-renovation': 0.5,
    },
  },
  {
    label: 'Horizon Europe health: staying healthy in a rapidly changing society',
    programmes: ['HORIZON'],
    strands: ['HLTH-STAYHLTH'],
    concepts: { 'public-health': 1, 'elderly-care': 0.5, 'mental-health': 0.5 },
  },
  {
    label: 'Horizon Europe health: living and working in a health-promoting environment',
    programmes: ['HORIZON'],
    strands: ['HLTH-ENVHLTH'],
    concepts: { 'public-health': 0.8 },
  },
  {
    label: 'Horizon Europe health: access to high-quality health care',
    programmes: ['HORIZON'],
    strands: ['HLTH-CARE'],
    concepts: { 'care-services': 0.8 },
  },
  {
    label: 'Horizon Europe mission: adaptation to climate change',
    programmes: ['HORIZON'],
    strands: ['MISS-CLIMA'],
    concepts: { 'climate-adaptation': 1, 'nature-based-solutions': 0.5 },
  },
  {
    label: 'European Urban Initiative / URBACT',
    programmes: ['EUI', 'URBACT'],
    concepts: {
      'urban-development': 1,
      'climate-neutral-cities': 0.5,
      'european-cooperation': 0.5,
    },
  },
  {
    label: 'Citizens, Equality, Rights and Values',
    programmes: ['CERV'],
    concepts: { 'civic-participation': 1, 'twin-towns': 0.8, inclusion: 0.6, children: 0.4 },
  },
  { label: 'Creative Europe', programmes: ['CREA'], concepts: { culture: 1 } },
  { label: 'Interreg', programmes: ['INTERREG'], concepts: { 'european-cooperation': 1 } },
];

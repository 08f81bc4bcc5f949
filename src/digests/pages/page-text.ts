import type { DigestFrequency } from '../../db/schema/index.js';
import type { DigestLanguage } from '../content-types.js';

interface Names {
  department: string;
  tenant: string;
  email: string;
}

/** Everything the recipient pages say, per language; names are filled in, then escaped. */
export interface PageText {
  unsubscribeTitle: string;
  unsubscribeQuestion(names: Names): string;
  unsubscribeButton: string;
  unsubscribed(names: Names): string;
  resubscribeHint: string;
  preferencesTitle: string;
  preferencesIntro(names: Names): string;
  frequencyLegend: string;
  frequencies: Record<DigestFrequency, string>;
  languageLegend: string;
  save: string;
  saved: string;
  invalidLink: string;
  expiredLink: string;
  badRequest: string;
}

/** Each language's own name for itself: a reader looks for the one they read. */
export const languageNames: Record<DigestLanguage, string> = {
  sv: 'Svenska',
  nb: 'Norsk (bokmål)',
  en: 'English',
};

export const pageText: Record<DigestLanguage, PageText> = {
  sv: {
    unsubscribeTitle: 'Avsluta prenumerationen',
    unsubscribeQuestion: (n) =>
      `${n.email} får sammanfattningen av utlysningar för ${n.department} (${n.tenant}). Vill du sluta få den?`,
    unsubscribeButton: 'Avsluta prenumerationen',
    unsubscribed: (n) => `${n.email} får inte längre sammanfattningen för ${n.department}.`,
    resubscribeHint:
      'Ändrade du dig? Inställningslänken längst ned i en tidigare sammanfattning slår på den igen.',
    preferencesTitle: 'Inställningar för sammanfattningen',
    preferencesIntro: (n) =>
      `Sammanfattningen av utlysningar för ${n.department} (${n.tenant}) till ${n.email}.`,
    frequencyLegend: 'Hur ofta',
    frequencies: { weekly: 'Varje vecka', fortnightly: 'Varannan vecka', off: 'Aldrig' },
    languageLegend: 'Språk',
    save: 'Spara',
    saved: 'Dina inställningar är sparade.',
    invalidLink: 'Länken är inte giltig. Använd länken i den senaste sammanfattningen.',
    expiredLink: 'Länken har gått ut. Den senaste sammanfattningen har en ny länk.',
    badRequest: 'Formuläret kunde inte läsas. Försök igen.',
  },
  nb: {
    unsubscribeTitle: 'Avslutt abonnementet',
    unsubscribeQuestion: (n) =>
      `${n.email} får sammendraget av utlysninger for ${n.department} (${n.tenant}). Vil du slutte å få det?`,
    unsubscribeButton: 'Avslutt abonnementet',
    unsubscribed: (n) => `${n.email} får ikke lenger sammendraget for ${n.department}.`,
    resubscribeHint:
      'Ombestemt deg? Innstillingslenken nederst i et tidligere sammendrag slår det på igjen.',
    preferencesTitle: 'Innstillinger for sammendraget',
    preferencesIntro: (n) =>
      `Sammendraget av utlysninger for ${n.department} (${n.tenant}) til ${n.email}.`,
    frequencyLegend: 'Hvor ofte',
    frequencies: { weekly: 'Hver uke', fortnightly: 'Annenhver uke', off: 'Aldri' },
    languageLegend: 'Språk',
    save: 'Lagre',
    saved: 'Innstillingene dine er lagret.',
    invalidLink: 'Lenken er ikke gyldig. Bruk lenken i det siste sammendraget.',
    expiredLink: 'Lenken er utløpt. Det siste sammendraget har en ny lenke.',
    badRequest: 'Skjemaet kunne ikke leses. Prøv igjen.',
  },
  en: {
    unsubscribeTitle: 'Unsubscribe',
    unsubscribeQuestion: (n) =>
      `${n.email} receives the digest of funding calls for ${n.department} (${n.tenant}). Stop receiving it?`,
    unsubscribeButton: 'Unsubscribe',
    unsubscribed: (n) => `${n.email} will no longer receive the digest for ${n.department}.`,
    resubscribeHint:
      'Changed your mind? The preferences link at the end of an earlier digest turns it back on.',
    preferencesTitle: 'Digest preferences',
    preferencesIntro: (n) =>
      `The digest of funding calls for ${n.department} (${n.tenant}) to ${n.email}.`,
    frequencyLegend: 'How often',
    frequencies: { weekly: 'Every week', fortnightly: 'Every other week', off: 'Never' },
    languageLegend: 'Language',
    save: 'Save',
    saved: 'Your preferences are saved.',
    invalidLink: 'This link is not valid. Use the link in the latest digest.',
    expiredLink: 'This link has expired. The latest digest carries a new one.',
    badRequest: 'The form could not be read. Please try again.',
  },
};

/**
 * The language of a page whose link could not be read (so no recipient is known): the
 * browser's first preference among ours, Norwegian "no"/"nn" read as bokmål, else English.
 */
export function languageFromAcceptLanguage(header: string | undefined): DigestLanguage {
  for (const part of (header ?? '').split(',')) {
    const tag = part.split(';')[0]?.trim().toLowerCase().split('-')[0];
    if (tag === 'sv') return 'sv';
    if (tag === 'nb' || tag === 'no' || tag === 'nn') return 'nb';
    if (tag === 'en') return 'en';
  }
  return 'en';
}

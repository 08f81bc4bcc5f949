import { digestFrequencies } from '../../db/schema/index.js';
import type { DigestLanguage } from '../content-types.js';
import { digestLanguages, type RecipientPreferences } from '../subscriptions.js';
import { html, page } from './layout.js';
import { languageNames, pageText } from './page-text.js';

function namesOf(preferences: RecipientPreferences) {
  return {
    department: preferences.department.name,
    tenant: preferences.tenantName,
    email: preferences.email,
  };
}

/**
 * What a GET of the unsubscribe link shows: a question and a button, nothing changed. Link
 * scanners and previews follow GETs; only the button's POST (the same request a mail
 * client's one-click sends, RFC 8058) unsubscribes.
 */
export function unsubscribeConfirmationPage(preferences: RecipientPreferences): string {
  const language = preferences.effectiveLanguage;
  const text = pageText[language];
  return page(
    language,
    text.unsubscribeTitle,
    html`<p>${text.unsubscribeQuestion(namesOf(preferences))}</p>
<form method="post">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">${text.unsubscribeButton}</button>
</form>`,
  );
}

export function unsubscribedPage(preferences: RecipientPreferences): string {
  const language = preferences.effectiveLanguage;
  const text = pageText[language];
  return page(
    language,
    text.unsubscribeTitle,
    html`<p class="notice">${text.unsubscribed(namesOf(preferences))}</p>
<p>${text.resubscribeHint}</p>`,
  );
}

/** The preferences form (weekly / fortnightly / off, language), with a notice once saved. */
export function preferencesPage(preferences: RecipientPreferences, saved: boolean): string {
  const language = preferences.effectiveLanguage;
  const text = pageText[language];
  const frequencies = digestFrequencies.map(
    (frequency) =>
      html`<label><input type="radio" name="frequency" value="${frequency}"${
        preferences.frequency === frequency ? html` checked` : ''
      }> ${text.frequencies[frequency]}</label>`,
  );
  const languages = digestLanguages.map(
    (option) =>
      html`<label><input type="radio" name="language" value="${option}"${
        preferences.effectiveLanguage === option ? html` checked` : ''
      }> <span lang="${option}">${languageNames[option]}</span></label>`,
  );
  return page(
    language,
    text.preferencesTitle,
    html`${saved ? html`<p class="notice" role="status">${text.saved}</p>` : ''}
<p>${text.preferencesIntro(namesOf(preferences))}</p>
<form method="post">
<fieldset><legend>${text.frequencyLegend}</legend>${frequencies}</fieldset>
<fieldset><legend>${text.languageLegend}</legend>${languages}</fieldset>
<button type="submit">${text.save}</button>
</form>`,
  );
}

/** A link that cannot be honoured, or a form that cannot be read. */
export function problemPage(
  language: DigestLanguage,
  problem: 'invalid' | 'expired' | 'bad-request',
): string {
  const text = pageText[language];
  const message =
    problem === 'expired'
      ? text.expiredLink
      : problem === 'invalid'
        ? text.invalidLink
        : text.badRequest;
  return page(language, text.preferencesTitle, html`<p class="problem">${message}</p>`);
}

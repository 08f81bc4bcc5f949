import { describe, expect, it } from 'vitest';
import { htmlListKind } from '../../../scrapers/html-list/index.js';
import { SettingError } from '../../../scrapers/source-kind.js';
import { euiSettings } from './admin-settings.js';

function settingRejected(raw: Record<string, unknown>): { setting: string; message: string } {
  try {
    htmlListKind.parseSettings(raw);
  } catch (error) {
    if (error instanceof SettingError) return { setting: error.setting, message: error.message };
    throw error;
  }
  throw new Error('the settings were accepted');
}

describe('html-list settings', () => {
  it('fills in the defaults: Brussels time, numeric dates, the link as natural key', () => {
    const { dateFormat: _format, ...withoutFormat } = euiSettings;
    expect(htmlListKind.parseSettings(withoutFormat)).toMatchObject({
      item: 'article.node--type-call-for-proposals',
      opening: null,
      dateFormat: null,
      dateLanguage: null,
      timeZone: 'Europe/Brussels',
      naturalKey: 'link',
      eligibleCountries: [],
    });
  });

  it.each(['item', 'title', 'link', 'deadline'])('requires %s', (name) => {
    const raw: Record<string, unknown> = { ...euiSettings, [name]: undefined };
    expect(settingRejected(raw)).toEqual({ setting: name, message: `${name}: is required` });
  });

  it.each(['item', 'title', 'link', 'deadline', 'opening', 'summary'])(
    'names %s when its selector does not parse',
    (name) => {
      const rejected = settingRejected({ ...euiSettings, [name]: 'div[' });
      expect(rejected.setting).toBe(name);
      expect(rejected.message).toMatch(/"div\[" is not a CSS selector/);
    },
  );

  it('rejects a date language it does not know', () => {
    expect(settingRejected({ ...euiSettings, dateLanguage: 'fr' })).toMatchObject({
      setting: 'dateLanguage',
      message: expect.stringContaining('"fr" is not one of en, sv, nb, no, nn, da, fi, de'),
    });
  });

  it('takes a dateFormat with month names together with their dateLanguage, and asks for it without', () => {
    expect(
      htmlListKind.parseSettings({ ...euiSettings, dateFormat: 'D MMMM YYYY', dateLanguage: 'sv' }),
    ).toMatchObject({
      dateFormat: 'D MMMM YYYY',
      dateLanguage: 'sv',
    });
    expect(settingRejected({ ...euiSettings, dateFormat: 'D MMMM YYYY' }).setting).toBe(
      'dateLanguage',
    );
    expect(settingRejected({ ...euiSettings, dateFormat: 'YYYY' })).toMatchObject({
      setting: 'dateFormat',
      message: expect.stringContaining('no day'),
    });
  });

  it('checks the natural key strategy, the time zone and the common settings', () => {
    expect(htmlListKind.parseSettings({ ...euiSettings, naturalKey: 'title' }).naturalKey).toBe(
      'title',
    );
    expect(settingRejected({ ...euiSettings, naturalKey: 'hash' }).setting).toBe('naturalKey');
    expect(settingRejected({ ...euiSettings, timeZone: 'Europe/Atlantis' }).setting).toBe(
      'timeZone',
    );
    expect(settingRejected({ ...euiSettings, eligibleCountries: ['Sweden'] }).setting).toBe(
      'eligibleCountries',
    );
  });
});

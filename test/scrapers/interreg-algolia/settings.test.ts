import { describe, expect, it } from 'vitest';
import { interregAlgoliaKind } from '../../../scrapers/interreg-algolia/index.js';
import { SettingError } from '../../../scrapers/source-kind.js';

const parse = interregAlgoliaKind.parseSettings;

function settingNamed(raw: Record<string, unknown>): string | null {
  try {
    parse(raw);
    return null;
  } catch (error) {
    if (error instanceof SettingError) return error.setting;
    throw error;
  }
}

describe('interreg-algolia settings', () => {
  it('default to the query interreg.eu’s own widget sends, credentials from the page', () => {
    expect(parse({})).toEqual({
      programmeName: null,
      programmeCode: null,
      language: 'en',
      eligibleCountries: [],
      eligibleRegions: [],
      appId: null,
      apiKey: null,
      indexName: 'prod_en-us_content',
      filters: 'contentType:callForProjectsPage AND (callStatus:Open OR callStatus:Forthcoming)',
      hitsPerPage: 500,
      searchUrl: 'https://{appId}-dsn.algolia.net/1/indexes/*/queries',
    });
  });

  it('name the setting that is wrong', () => {
    expect(settingNamed({ hitsPerPage: 1001 })).toBe('hitsPerPage');
    expect(settingNamed({ hitsPerPage: 2.5 })).toBe('hitsPerPage');
    expect(settingNamed({ appId: 'BH4D9OD16A' })).toBe('apiKey');
    expect(settingNamed({ apiKey: '0123456789abcdef0123456789abcdef' })).toBe('appId');
    expect(settingNamed({ appId: 'no spaces please', apiKey: 'x' })).toBe('appId');
    expect(settingNamed({ searchUrl: 'ftp://example.org/{appId}' })).toBe('searchUrl');
    expect(settingNamed({ searchUrl: 'not a url' })).toBe('searchUrl');
    expect(settingNamed({ language: 'xx' })).toBe('language');
  });

  it('take pinned credentials and a custom query', () => {
    const settings = parse({
      appId: 'BH4D9OD16A',
      apiKey: '0123456789abcdef0123456789abcdef',
      hitsPerPage: 1000,
      filters: 'contentType:callForProjectsPage AND callStatus:Open',
    });
    expect(settings).toMatchObject({ appId: 'BH4D9OD16A', hitsPerPage: 1000 });
    expect(settings.filters).toBe('contentType:callForProjectsPage AND callStatus:Open');
  });
});

import { describe, expect, it } from 'vitest';
import {
  credentialsInPage,
  credentialsInScript,
  sameOriginScripts,
} from '../../../scrapers/interreg-algolia/credentials.js';
import { PAGE_API_KEY, PAGE_APP_ID, pageFile } from './fixtures.js';

const APP_ID = 'BH4D9OD16A';
const KEY = '0123456789abcdef0123456789abcdef';
const pageWith = (head: string, body = '') =>
  `<!DOCTYPE html><html><head>${head}</head><body>${body}</body></html>`;

describe('interreg-algolia: credentials in our calls page', () => {
  it('reads them from the search widget’s data attributes, past the map key', () => {
    expect(credentialsInPage(pageFile('calls-for-projects.html'))).toEqual({
      appId: PAGE_APP_ID,
      apiKey: PAGE_API_KEY,
      where: 'data attributes',
    });
  });

  it('finds none in the rebuilt page’s markup, and the search key in its bundle', () => {
    expect(credentialsInPage(pageFile('calls-for-projects.bundled.html'))).toBeNull();
    expect(credentialsInScript(pageFile('js/calls-search.bundle.js'))).toEqual({
      appId: PAGE_APP_ID,
      apiKey: PAGE_API_KEY,
    });
    expect(credentialsInScript(pageFile('js/main.bundle.js'))).toBeNull();
  });

  it('finds none in the redesigned page, though it still loads Algolia’s client', () => {
    const html = pageFile('calls-for-projects.redesigned.html');
    expect(html).toContain('algoliasearch');
    expect(credentialsInPage(html)).toBeNull();
  });

  it('lists the page’s own scripts for a second look, never the CDN’s', () => {
    const base = 'https://interreg.eu/calls-for-projects/';
    expect(sameOriginScripts(pageFile('calls-for-projects.html'), base)).toEqual([
      'https://interreg.eu/dist/js/main.min.js?v=2.14.3',
      'https://interreg.eu/dist/js/calls-search.min.js?v=2.14.3',
    ]);
  });
});

describe('interreg-algolia: other ways a page hands InstantSearch its credentials', () => {
  it('an algoliasearch() or liteClient() call in an inline script', () => {
    const inline = pageWith(
      `<script>const searchClient = algoliasearch('${APP_ID}', '${KEY}');</script>`,
    );
    expect(credentialsInPage(inline)).toEqual({
      appId: APP_ID,
      apiKey: KEY,
      where: 'inline script',
    });
    expect(credentialsInScript(`var c=liteClient("${APP_ID}","${KEY}") // algolia`)).toEqual({
      appId: APP_ID,
      apiKey: KEY,
    });
  });

  it('window variables and a configuration object', () => {
    const variables = pageWith(
      `<script>window.ALGOLIA_APP_ID = "${APP_ID}"; window.ALGOLIA_SEARCH_KEY = "${KEY}";</script>`,
    );
    expect(credentialsInPage(variables)).toMatchObject({ appId: APP_ID, apiKey: KEY });
    const config = pageWith(
      `<script>window.siteConfig = { algolia: { applicationId: '${APP_ID}', searchOnlyApiKey: '${KEY}', index: 'prod_en-us_content' } };</script>`,
    );
    expect(credentialsInPage(config)).toMatchObject({ appId: APP_ID, apiKey: KEY });
  });

  it('JSON in a script tag, Next.js’s __NEXT_DATA__ included, preferring the Algolia object', () => {
    const nextData = {
      props: {
        pageProps: {
          firebase: { appId: 'FIREBASE01', apiKey: 'AIzaSyFirebase-not-algolia-000000' },
          settings: {
            algolia: { appId: APP_ID, searchApiKey: KEY, indexName: 'prod_en-us_content' },
          },
        },
      },
    };
    const page = pageWith(
      '',
      `<script id="__NEXT_DATA__" type="application/json">${JSON.stringify(nextData)}</script>`,
    );
    expect(credentialsInPage(page)).toEqual({
      appId: APP_ID,
      apiKey: KEY,
      where: 'JSON in script #__NEXT_DATA__',
    });
  });

  it('a JSON configuration in one data attribute', () => {
    const config = JSON.stringify({ appId: APP_ID, apiKey: KEY }).replaceAll('"', '&quot;');
    expect(credentialsInPage(pageWith('', `<div data-search-config="${config}"></div>`))).toEqual({
      appId: APP_ID,
      apiKey: KEY,
      where: 'JSON in data-search-config',
    });
  });

  it('the request headers in a fetch() call, or the query parameters of its URL', () => {
    const headers = `fetch("https://${APP_ID.toLowerCase()}-dsn.algolia.net/1/indexes/*/queries", { method: "POST", headers: { "x-algolia-application-id": "${APP_ID}", "x-algolia-api-key": "${KEY}" } })`;
    expect(credentialsInScript(headers)).toEqual({ appId: APP_ID, apiKey: KEY });
    const query = `<a href="https://${APP_ID}-dsn.algolia.net/1/indexes/*/queries?x-algolia-application-id=${APP_ID}&amp;x-algolia-api-key=${KEY}">search</a>`;
    expect(credentialsInPage(pageWith('', query))).toEqual({
      appId: APP_ID,
      apiKey: KEY,
      where: 'page markup',
    });
  });

  it('takes no admin key, no script that never names Algolia, and no half pair', () => {
    expect(
      credentialsInScript(`algolia = { appId: "${APP_ID}", adminApiKey: "${KEY}" }`),
    ).toBeNull();
    expect(credentialsInScript(`maps = { appId: "${APP_ID}", apiKey: "${KEY}" }`)).toBeNull();
    expect(
      credentialsInPage(pageWith('', `<div data-algolia-app-id="${APP_ID}"></div>`)),
    ).toBeNull();
    expect(
      credentialsInPage(
        pageWith('', `<div data-algolia-app-id="not an id" data-algolia-api-key="${KEY}"></div>`),
      ),
    ).toBeNull();
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixturePath } from '../../helpers/shared.js';

/** The recorded Euro-Access pages (../shared) and the page written for these tests. */
export const recordedFolder = path.dirname(fixturePath('sources', 'euro-access', 'README.md'));
export const listingHtml = readFileSync(
  fixturePath('sources', 'euro-access', 'calls-listing.html'),
  'utf8',
);
export const detail135Html = readFileSync(
  fixturePath('sources', 'euro-access', 'call-detail-135.html'),
  'utf8',
);
export const twoStageHtml = readFileSync(
  fileURLToPath(new URL('./fixtures/call-detail-2351-two-stage.html', import.meta.url)),
  'utf8',
);

export const LISTING_URL = 'https://www.euro-access.eu/en/calls?keyword=&submit=&sent=search';
export const DETAIL_135_URL =
  'https://www.euro-access.eu/en/calls/135/Erasmus-Charter-for-Higher-Education-5th-cut-off-date';
export const DETAIL_2351_PATH =
  '/en/calls/2351/Innovative-approaches-for-the-deployment-of-Positive-Energy-Districts';

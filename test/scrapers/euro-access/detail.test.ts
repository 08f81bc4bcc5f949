import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { countryCodesOf, EU_MEMBER_STATES } from '../../../scrapers/euro-access/countries.js';
import { parseDetail } from '../../../scrapers/euro-access/detail.js';
import { detail135Html, twoStageHtml } from './recordings.js';

describe('Euro-Access detail parse on the recorded page of call 135', () => {
  const detail = parseDetail(detail135Html);

  it('reads the call key data', () => {
    expect(detail).toMatchObject({
      title: 'Erasmus Charter for Higher Education - 5th cut-off date',
      programme: 'Erasmus+',
      callNumber: 'ERASMUS-EDU-2022-ECHE-CERT-FP',
      opening: '23.02.2022',
      deadline: '27.01.2026 17:00',
      secondStageDeadline: null,
      deadlineExpired: false,
      callLink:
        'https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/opportunities/topic-details/erasmus-edu-2022-eche-cert-fp',
      fundingRate: null,
      callBudget: null,
      contributionPerProject: null,
    });
  });

  it('reads the same dates the page shows in its deadlines row (selected by text)', () => {
    const $ = load(detail135Html);
    // The ids hold a space ("call-opening td"), so #call-opening would select nothing.
    expect($('#call-opening').length).toBe(0);
    expect($('[id="call-opening td"]').text()).toBe(`Opening${detail?.opening}`);
    expect($('[id="call-deadline td"]').text()).toBe(`Deadline${detail?.deadline}`);
  });

  it('lists the regions as the page writes them, line break and commas alike', () => {
    expect(detail?.regions).toEqual([
      'EU Member States',
      'Overseas Countries and Territories (OCT)',
      'Albania (Shqipëria)',
      'Bosnia and Herzegovina (Bosna i Hercegovina / Босна и Херцеговина)',
      'Iceland (Ísland)',
      'Kosovo (Kosova/Kosovë / Косово)',
      'Liechtenstein',
      'North Macedonia (Северна Македонија)',
      'Norway (Norge)',
      'Serbia (Srbija/Сpбија)',
      'Türkiye',
    ]);
    expect(detail?.eligibleEntities).toBe(
      'Education and training institution, Research Institution incl. University',
    );
    expect(detail?.themes).toEqual(['Education & Training', 'Children & Youth', 'Media']);
  });

  it('keeps the description and objectives sanitised, without the read-more toggle', () => {
    expect(detail?.shortDescriptionHtml).toMatch(
      /^<p>This Call aims at accrediting recognised Higher Education Institutions/,
    );
    expect(detail?.objectivesHtml).toContain(
      '<p>ECHE holders will be subject to regular monitoring by the National Agencies.</p>',
    );
    expect(detail?.objectivesHtml).not.toMatch(/read more|class=/);
  });

  it('does not copy what callradar does not keep (partnership, contact, notes)', () => {
    const kept = JSON.stringify(detail);
    expect(kept).not.toContain('Application Form Part A');
    expect(kept).not.toContain('European Education and Culture Executive Agency');
    expect(kept).not.toContain('In order to be eligible, the applicant must');
  });

  it('maps the regions to country codes: the EU group and named countries', () => {
    const { codes, unknown } = countryCodesOf(detail?.regions ?? []);
    expect(unknown).toEqual([]);
    expect(codes).toEqual(
      [...EU_MEMBER_STATES, 'AL', 'BA', 'IS', 'XK', 'LI', 'MK', 'NO', 'RS', 'TR'].sort(),
    );
    expect(codes).toContain('SE');
    expect(codes).not.toContain('ME');
  });
});

describe('Euro-Access detail parse of the rows page 135 lacks (page written for the tests)', () => {
  const detail = parseDetail(twoStageHtml);

  it('reads the second stage, funding rate, budget and contribution per project', () => {
    expect(detail).toMatchObject({
      callNumber: 'HORIZON-CL5-2026-02-D4-99-two-stage',
      opening: '16.09.2025',
      deadline: '17.02.2026 17:00',
      secondStageDeadline: '15.09.2026 17:00',
      fundingRate: '70%',
      callBudget: '€ 20,000,000.00',
      contributionPerProject: '€ 4,000,000.00 - € 5,000,000.00',
      submissionLink:
        'https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/opportunities/how-to-participate/submit-proposals',
    });
    expect(detail?.objectivesHtml).not.toContain('script');
  });

  it('reads a bare second-stage date and a "Deadline expired" label', () => {
    const page = `<div id="calldata"><div class="subtable">
      <div class="tr flex deadline"><p class="title td">deadlines</p>
        <p id="call-opening td"><strong>Opening</strong><br>01.03.2025</p>
        <p id="call-deadline td"><strong>Deadline expired</strong><br>12.11.2025 17:00</p></div>
      <div class="tr flex"><p class="title td">Deadline - 2nd stage</p><p class="td">12.03.2026 17:00</p></div>
    </div></div>`;
    expect(parseDetail(page)).toMatchObject({
      opening: '01.03.2025',
      deadline: '12.11.2025 17:00',
      deadlineExpired: true,
      secondStageDeadline: '12.03.2026 17:00',
    });
  });

  it('is null for a page without call data', () => {
    expect(parseDetail('<html><body><p>Log in</p></body></html>')).toBe(null);
  });
});

describe('Euro-Access country names', () => {
  it('reads groups and reports names it does not know', () => {
    expect(countryCodesOf(['Cohesion Countries']).codes).toContain('PL');
    expect(countryCodesOf(['Cohesion Countries']).codes).not.toContain('SE');
    expect(countryCodesOf(['United Kingdom', 'Greece (Ελλάδα )', 'Atlantis'])).toEqual({
      codes: ['GB', 'GR'],
      unknown: ['Atlantis'],
    });
  });
});

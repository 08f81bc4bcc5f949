import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { zonedTimeToInstant } from '../../scrapers/dates.js';
import {
  compileDateFormat,
  DATE_LANGUAGES,
  type DateLanguage,
  parseProseDate,
  YEARLESS_GRACE_DAYS,
} from '../../scrapers/prose-dates.js';

const BRUSSELS = 'Europe/Brussels';
const OSLO = 'Europe/Oslo';
const now = new Date('2026-01-10T12:00:00Z');

function parsed(
  text: string,
  options: { language?: string; format?: string; timeZone?: string; at?: Date },
) {
  const result = parseProseDate(text, {
    language: options.language,
    format: options.format,
    timeZone: options.timeZone ?? BRUSSELS,
    now: options.at ?? now,
  });
  return result && { ...result, instant: result.instant.toISOString() };
}

describe('parseProseDate: the forms the source map lists, in every language', () => {
  it.each([
    // text, language, instant (UTC), localDate, zone, hasTime
    ['15. februar', 'nb', '2026-02-15T22:59:59.000Z', '2026-02-15', OSLO, false],
    ['15. februar', 'no', '2026-02-15T22:59:59.000Z', '2026-02-15', OSLO, false],
    ['Søknadsfrist: 5.februar 2024', 'nb', '2024-02-05T22:59:59.000Z', '2024-02-05', OSLO, false],
    [
      'Sista dag för ansökan var den 18 maj',
      'sv',
      '2026-05-18T21:59:59.000Z',
      '2026-05-18',
      OSLO,
      false,
    ],
    ['15 mars 2026 kl. 23.59', 'sv', '2026-03-15T22:59:00.000Z', '2026-03-15', OSLO, true],
    ['2. september 2022', 'da', '2022-09-02T21:59:59.000Z', '2022-09-02', OSLO, false],
    [
      'Ansøgningsfrist 1. marts 2026 kl. 12.00',
      'da',
      '2026-03-01T11:00:00.000Z',
      '2026-03-01',
      OSLO,
      true,
    ],
    ['15. helmikuuta 2026 klo 16.15', 'fi', '2026-02-15T15:15:00.000Z', '2026-02-15', OSLO, true],
    ['Haku päättyy 3. toukokuuta', 'fi', '2026-05-03T21:59:59.000Z', '2026-05-03', OSLO, false],
    [
      'Einreichung bis 15. Februar 2026, 12:00 Uhr',
      'de',
      '2026-02-15T11:00:00.000Z',
      '2026-02-15',
      OSLO,
      true,
    ],
    ['Frist: 3. März 2026', 'de', '2026-03-03T22:59:59.000Z', '2026-03-03', OSLO, false],
    ['5th November 2024', 'en', '2024-11-05T22:59:59.000Z', '2024-11-05', OSLO, false],
    ['November 5, 2024', 'en', '2024-11-05T22:59:59.000Z', '2024-11-05', OSLO, false],
    ['the 1st of March 2026', 'en', '2026-03-01T22:59:59.000Z', '2026-03-01', OSLO, false],
  ])('%s (%s)', (text, language, instant, localDate, timeZone, hasTime) => {
    expect(parsed(text, { language, timeZone: OSLO })).toEqual({
      instant,
      localDate,
      timeZone,
      hasTime,
    });
  });

  it('reads a time with CET, CEST or "Brussels time" as the wall clock in Brussels', () => {
    // 17 June is summer time: 15:00 in Brussels is 13:00 UTC, whatever "CET" says.
    expect(
      parsed('open until 17 June 2026 at 15:00 CET', { language: 'en', timeZone: OSLO }),
    ).toEqual({
      instant: '2026-06-17T13:00:00.000Z',
      localDate: '2026-06-17',
      timeZone: BRUSSELS,
      hasTime: true,
    });
    expect(parsed('19th January 2023 14h CET', { language: 'en' })?.instant).toBe(
      '2023-01-19T13:00:00.000Z',
    );
    expect(parsed('12 December 2019 at 2pm CET', { language: 'en' })?.instant).toBe(
      '2019-12-12T13:00:00.000Z',
    );
    expect(parsed('15 March 2023, 12:00 CEST', { language: 'en', timeZone: OSLO })?.timeZone).toBe(
      BRUSSELS,
    );
    expect(parsed('14 November 2022 at 17.00 (Brussels time)', { language: 'en' })?.instant).toBe(
      '2022-11-14T16:00:00.000Z',
    );
    expect(parsed('30 June 2026, 12 noon UTC', { language: 'en' })).toMatchObject({
      instant: '2026-06-30T12:00:00.000Z',
      timeZone: 'UTC',
    });
  });

  it('finds a numeric date inside a label, with or without a language', () => {
    for (const language of [undefined, 'en', 'sv']) {
      expect(parsed('Deadline date : 30/01/2026', { language })).toEqual({
        instant: '2026-01-30T22:59:59.000Z',
        localDate: '2026-01-30',
        timeZone: BRUSSELS,
        hasTime: false,
      });
    }
    expect(parsed('Frist 10.03.2026 12:00', {})?.instant).toBe('2026-03-10T11:00:00.000Z');
    expect(parsed('2026-09-23', {})?.localDate).toBe('2026-09-23');
    expect(parsed('2026-09-23T00:00:00.000+0000', {})).toMatchObject({
      instant: '2026-09-23T00:00:00.000Z',
      hasTime: true,
    });
  });

  it('takes the first date of a range, and does not read the next date as a time', () => {
    expect(parsed('Opening 01.01.2026 - 14.02.2026', {})).toMatchObject({
      localDate: '2026-01-01',
      hasTime: false,
    });
    expect(
      parsed('Call 3 will be open between Monday17 April 2023 and 30 June 2023', { language: 'en' })
        ?.localDate,
    ).toBe('2023-04-17');
  });

  it('finds nothing where there is no valid date', () => {
    expect(parsed('31/02/2026', {})).toBeNull();
    expect(
      parsed('Continuous – applications are assessed as they arrive', { language: 'en' }),
    ).toBeNull();
    expect(parsed('15. februar', {})).toBeNull(); // prose needs a language
    expect(parsed('15 May 2026', { language: 'sv' })).toBeNull(); // "May" is no Swedish month
    expect(parsed('Ingen søknadsfrist – løpende behandling', { language: 'nb' })).toBeNull();
  });

  it('rejects a language it does not know', () => {
    expect(() => parsed('15 June', { language: 'xx' })).toThrow(/"xx" is not one of/);
  });
});

describe('parseProseDate: DST edges in Europe/Brussels', () => {
  it.each([
    // The day before summer time starts (UTC+1), the day it starts, the day it ends (back to UTC+1).
    ['28 March 2026 at 12:00 CET', '2026-03-28T11:00:00.000Z'],
    ['29 March 2026 at 12:00 CET', '2026-03-29T10:00:00.000Z'],
    ['29 March 2026', '2026-03-29T21:59:59.000Z'],
    ['25 October 2026', '2026-10-25T22:59:59.000Z'],
    ['25 October 2026 at 01:30', '2026-10-24T23:30:00.000Z'],
    ['26 October 2026 at 09:00', '2026-10-26T08:00:00.000Z'],
  ])('%s', (text, instant) => {
    expect(parsed(text, { language: 'en' })?.instant).toBe(instant);
  });

  it('keeps the stated day when a time falls in the hour that does not exist', () => {
    const result = parsed('29 March 2026 at 02:30', { language: 'en' });
    expect(result?.localDate).toBe('2026-03-29');
    expect(result?.instant.slice(0, 10)).toBe('2026-03-29');
  });
});

describe('parseProseDate: dates without a year', () => {
  const at = (iso: string) => new Date(iso);

  it('takes this year when the day is still ahead', () => {
    expect(
      parsed('15. februar', { language: 'nb', at: at('2026-01-10T12:00:00Z') })?.localDate,
    ).toBe('2026-02-15');
  });

  it(`keeps a day passed within ${YEARLESS_GRACE_DAYS} days (the call just closed)`, () => {
    expect(
      parsed('15. februar', { language: 'nb', at: at('2026-03-01T12:00:00Z') })?.localDate,
    ).toBe('2026-02-15');
  });

  it(`moves a day passed longer than ${YEARLESS_GRACE_DAYS} days ago to next year`, () => {
    expect(
      parsed('15. februar', { language: 'nb', at: at('2026-05-01T12:00:00Z') })?.localDate,
    ).toBe('2027-02-15');
    expect(parsed('18 maj', { language: 'sv', at: at('2026-12-20T12:00:00Z') })?.localDate).toBe(
      '2027-05-18',
    );
  });

  it('crosses the new year, and finds the next 29 February', () => {
    expect(parsed('5 January', { language: 'en', at: at('2026-12-01T12:00:00Z') })?.localDate).toBe(
      '2027-01-05',
    );
    expect(
      parsed('29 February', { language: 'en', at: at('2026-01-10T12:00:00Z') })?.localDate,
    ).toBe('2028-02-29');
  });
});

describe('parseProseDate with a dateFormat', () => {
  it.each([
    ['DD/MM/YYYY', 'Deadline date : 30/01/2026', undefined, '2026-01-30T22:59:59.000Z'],
    ['DD.MM.YYYY HH:mm', 'Frist 10.03.2026 12:00', undefined, '2026-03-10T11:00:00.000Z'],
    ['DD.MM.YYYY HH:mm', '10.03.2026 12:00 UTC', undefined, '2026-03-10T12:00:00.000Z'],
    ['YYYY-MM-DD', 'closes 2026-06-01', undefined, '2026-06-01T21:59:59.000Z'],
    ['D MMMM YYYY', 'Closing 14 November 2022 at 17.00 CET.', 'en', '2022-11-14T16:00:00.000Z'],
    ['D. MMMM YYYY', 'Søknadsfrist 15. september 2026', 'nb', '2026-09-15T21:59:59.000Z'],
    ['[Frist:] D.M.YYYY', 'Frist: 5.9.2026', undefined, '2026-09-05T21:59:59.000Z'],
  ])('%s reads %s', (format, text, language, instant) => {
    expect(parsed(text, { format, language })?.instant).toBe(instant);
  });

  it('matches only its own pattern', () => {
    expect(parsed('30/01/2026', { format: 'YYYY-MM-DD' })).toBeNull();
    expect(parsed('15 juin 2026', { format: 'D MMMM YYYY', language: 'en' })).toBeNull();
  });

  it('says what is wrong with a pattern', () => {
    expect(() => compileDateFormat('YYYY')).toThrow(/no day/);
    expect(() => compileDateFormat('D MMMM YYYY')).toThrow(/month names/);
  });
});

/** Intl's own long dates are an independent oracle for month names and their order. */
const LOCALES: Record<DateLanguage, string[]> = {
  en: ['en-GB', 'en-US'],
  sv: ['sv'],
  nb: ['nb'],
  no: ['nb'],
  nn: ['nn'],
  da: ['da'],
  fi: ['fi'],
  de: ['de', 'de-AT'],
};
const TIME_WORDS: Record<DateLanguage, string> = {
  en: 'at',
  sv: 'kl.',
  nb: 'kl.',
  no: 'kl.',
  nn: 'kl.',
  da: 'kl.',
  fi: 'klo',
  de: 'um',
};

describe('parseProseDate round trip (property)', () => {
  it('parses back any date Intl writes in a language, with or without a time', () => {
    const day = fc.date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2099-12-31T00:00:00Z'),
      noInvalidDate: true,
    });
    const time = fc.option(
      fc.record({ hour: fc.integer({ min: 0, max: 23 }), minute: fc.integer({ min: 0, max: 59 }) }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...DATE_LANGUAGES),
        fc.nat(),
        fc.constantFrom('long', 'medium'),
        day,
        time,
        (language, pick, style, date, clock) => {
          const locales = LOCALES[language];
          const locale = locales[pick % locales.length] as string;
          const options: Intl.DateTimeFormatOptions =
            style === 'long'
              ? { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }
              : { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' };
          const written = new Intl.DateTimeFormat(locale, options).format(date);
          const pad = (value: number) => String(value).padStart(2, '0');
          const text = clock
            ? `${written} ${TIME_WORDS[language]} ${pad(clock.hour)}:${pad(clock.minute)}`
            : written;
          const result = parseProseDate(`Frist: ${text}`, { language, timeZone: OSLO, now });
          const wall = {
            year: date.getUTCFullYear(),
            month: date.getUTCMonth() + 1,
            day: date.getUTCDate(),
            hour: clock?.hour ?? 23,
            minute: clock?.minute ?? 59,
            second: clock ? 0 : 59,
          };
          expect(result?.localDate, text).toBe(date.toISOString().slice(0, 10));
          expect(result?.hasTime, text).toBe(clock !== null);
          expect(result?.instant.toISOString(), text).toBe(
            zonedTimeToInstant(wall, OSLO).toISOString(),
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { digestPeriodAt, duePeriod, isoWeekLabel } from '../../src/digests/schedule.js';

const stockholm = { weekday: 1, hour: 7, timeZone: 'Europe/Stockholm' };

describe('the digest schedule', () => {
  it.each([
    ['2026-01-01', '2026-W01'], // a Thursday: week 1 of its own year
    ['2027-01-01', '2026-W53'], // a Friday: the last week of the year before (2026 has 53)
    ['2024-12-30', '2025-W01'], // a Monday in December: week 1 of the next year
    ['2026-06-29', '2026-W27'],
  ])('labels %s as ISO week %s', (day, label) => {
    expect(isoWeekLabel(new Date(`${day}T00:00:00Z`))).toBe(label);
  });

  it("falls due at the tenant's weekday and hour in its zone, not before", () => {
    expect(duePeriod(stockholm, new Date('2026-06-29T04:59:59Z'))).toBeNull();
    const period = duePeriod(stockholm, new Date('2026-06-29T05:00:00Z'));
    expect(period).toEqual({
      label: '2026-W27',
      dueAt: new Date('2026-06-29T05:00:00Z'),
      previousLabel: '2026-W26',
    });
    // Still the same period on Sunday evening.
    expect(duePeriod(stockholm, new Date('2026-07-05T21:00:00Z'))?.label).toBe('2026-W27');
  });

  it('follows daylight saving time: 07:00 is 06:00 UTC in winter, 05:00 in summer', () => {
    expect(digestPeriodAt(stockholm, new Date('2026-03-25T12:00:00Z')).dueAt).toEqual(
      new Date('2026-03-23T06:00:00Z'),
    );
    expect(digestPeriodAt(stockholm, new Date('2026-04-01T12:00:00Z')).dueAt).toEqual(
      new Date('2026-03-30T05:00:00Z'),
    );
  });

  it("takes the week in the tenant's zone, where Monday may begin on a UTC Sunday", () => {
    const auckland = { weekday: 1, hour: 7, timeZone: 'Pacific/Auckland' };
    // Sunday 28 June 20:00 UTC is Monday 29 June 08:00 in Auckland (UTC+12 in winter).
    const period = duePeriod(auckland, new Date('2026-06-28T20:00:00Z'));
    expect(period?.label).toBe('2026-W27');
    expect(period?.dueAt).toEqual(new Date('2026-06-28T19:00:00Z'));
  });

  it('takes a Sunday night schedule and names the week before across a new year', () => {
    const late = { weekday: 7, hour: 23, timeZone: 'Europe/Oslo' };
    expect(duePeriod(late, new Date('2027-01-03T21:59:00Z'))).toBeNull();
    expect(duePeriod(late, new Date('2027-01-03T22:00:00Z'))?.label).toBe('2026-W53');
    expect(digestPeriodAt(stockholm, new Date('2027-01-06T12:00:00Z'))).toMatchObject({
      label: '2027-W01',
      previousLabel: '2026-W53',
    });
  });
});

import { DEFAULT_SITE_SETTINGS, ReminderSettings } from './site-settings';
import { cancellationNoticeTime, questionnaireTime, referralConfirmationTime, reminderTimes } from './reminder-schedule';
import { reminderMessage } from './reminder-message';

const ZONE = 'Europe/Stockholm';
const settings: ReminderSettings = DEFAULT_SITE_SETTINGS.reminders;
const LONG_AGO = new Date('2026-01-01T00:00:00Z');
const iso = (dates: Date[]) => dates.map((date) => date.toISOString());

describe('referral confirmation time', () => {
  it('confirms at once, but an SMS registered at night waits for 08:00', () => {
    const evening = new Date('2027-02-10T22:30:00+01:00');
    expect(referralConfirmationTime('email', settings, ZONE, evening).toISOString()).toBe('2027-02-10T21:30:00.000Z');
    expect(referralConfirmationTime('sms', settings, ZONE, evening).toISOString()).toBe('2027-02-11T07:00:00.000Z');
    const noon = new Date('2027-02-10T12:00:00+01:00');
    expect(referralConfirmationTime('sms', settings, ZONE, noon)).toEqual(noon);
  });
});

describe('reminder times', () => {
  it('reminds 48 and 2 hours before an individual visit, and 24 hours before a group session', () => {
    const start = new Date('2027-02-10T09:00:00+01:00');
    expect(iso(reminderTimes({ kind: 'individual_visit', start }, 'email', settings, ZONE, LONG_AGO))).toEqual([
      '2027-02-08T08:00:00.000Z',
      '2027-02-10T06:00:00.000Z',
    ]);
    expect(iso(reminderTimes({ kind: 'group_session', start }, 'email', settings, ZONE, LONG_AGO))).toEqual(['2027-02-09T08:00:00.000Z']);
  });

  it('keeps the local clock time across the spring change: Saturday 10:00 for a Monday 10:00 visit', () => {
    // Summer time starts Sunday 2027-03-28; 48 elapsed hours would mean Saturday 09:00.
    const start = new Date('2027-03-29T10:00:00+02:00');
    expect(iso(reminderTimes({ kind: 'assessment_visit', start }, 'sms', settings, ZONE, LONG_AGO))).toEqual(['2027-03-27T09:00:00.000Z']);
    // And across the autumn change (Sunday 2026-10-25 in the past; 2027-10-31 next).
    const autumn = new Date('2027-11-01T10:00:00+01:00');
    expect(iso(reminderTimes({ kind: 'assessment_visit', start: autumn }, 'sms', settings, ZONE, LONG_AGO))).toEqual(['2027-10-30T08:00:00.000Z']);
  });

  it('moves an SMS out of the quiet hours, 21:00–08:00, and lets e-mail go when due', () => {
    const early = new Date('2027-02-10T08:15:00+01:00'); // 2 hours before is 06:15
    expect(iso(reminderTimes({ kind: 'individual_visit', start: early }, 'sms', settings, ZONE, LONG_AGO))).toEqual([
      '2027-02-08T07:15:00.000Z',
      '2027-02-10T07:00:00.000Z', // 08:00 local
    ]);
    expect(iso(reminderTimes({ kind: 'individual_visit', start: early }, 'email', settings, ZONE, LONG_AGO))[1]).toBe('2027-02-10T05:15:00.000Z');
    // 21:00 exactly is quiet; 20:59 is not.
    const evening = (time: string) => reminderTimes({ kind: 'group_session', start: new Date(`2027-02-11T${time}:00+01:00`) }, 'sms', settings, ZONE, LONG_AGO);
    expect(iso(evening('21:00'))).toEqual(['2027-02-11T07:00:00.000Z']);
    expect(iso(evening('20:59'))).toEqual(['2027-02-10T19:59:00.000Z']);
  });

  it('drops an SMS whose quiet-hours wait would end after the visit has begun, and reminders already past', () => {
    const dawn = new Date('2027-02-10T08:00:00+01:00'); // 2 hours before is 06:00, 08:00 is the visit itself
    expect(iso(reminderTimes({ kind: 'individual_visit', start: dawn }, 'sms', settings, ZONE, LONG_AGO))).toEqual(['2027-02-08T07:00:00.000Z']);
    const soon = new Date('2027-02-10T12:00:00+01:00');
    expect(iso(reminderTimes({ kind: 'individual_visit', start: soon }, 'sms', settings, ZONE, new Date('2027-02-09T12:00:00+01:00')))).toEqual([
      '2027-02-10T09:00:00.000Z',
    ]);
  });

  it('understands quiet hours that do not span midnight', () => {
    const lunch = { ...settings, smsQuietHours: { start: '12:00', end: '13:00' } };
    expect(iso(reminderTimes({ kind: 'group_session', start: new Date('2027-02-11T12:30:00+01:00') }, 'sms', lunch, ZONE, LONG_AGO))).toEqual([
      '2027-02-10T12:00:00.000Z',
    ]);
  });

  it('sends a cancellation notice at once, or at 08:00 for an SMS cancelled at night, never after the visit', () => {
    const visit = new Date('2027-02-10T10:00:00+01:00');
    expect(cancellationNoticeTime(visit, 'sms', settings, ZONE, new Date('2027-02-09T14:00:00+01:00'))?.toISOString()).toBe('2027-02-09T13:00:00.000Z');
    expect(cancellationNoticeTime(visit, 'sms', settings, ZONE, new Date('2027-02-09T23:30:00+01:00'))?.toISOString()).toBe('2027-02-10T07:00:00.000Z');
    expect(cancellationNoticeTime(new Date('2027-02-10T07:30:00+01:00'), 'sms', settings, ZONE, new Date('2027-02-09T23:30:00+01:00'))).toBeUndefined();
  });
});

describe('reminder messages', () => {
  const input = { visit: 'Bedömningsbesök hos fysioterapeut', start: new Date('2027-03-29T08:00:00Z'), zone: ZONE, place: 'Smärtrehab Västerås, Rum 3', howToCancel: 'Ring 021-17 30 00.' };

  it('says what, when in local time, where, and how to cancel, in Swedish', () => {
    expect(reminderMessage({ purpose: 'reminder', ...input })).toEqual({
      subject: 'Påminnelse: Bedömningsbesök hos fysioterapeut måndag 29 mars 2027 kl. 10:00',
      text: 'Påminnelse: bedömningsbesök hos fysioterapeut måndag 29 mars 2027 kl. 10:00 på Smärtrehab Västerås, Rum 3. Ring 021-17 30 00.',
    });
  });

  it('tells that a visit is cancelled', () => {
    expect(reminderMessage({ purpose: 'cancellation', ...input }).text).toBe(
      'Ditt besök bedömningsbesök hos fysioterapeut måndag 29 mars 2027 kl. 10:00 på Smärtrehab Västerås, Rum 3 är inställt. Vi hör av oss med en ny tid.',
    );
  });
});

describe('questionnaire reminders', () => {
  it('ask at 09:00 local on the due day, or at once when that has passed', () => {
    expect(questionnaireTime('2027-06-01', ZONE, LONG_AGO).toISOString()).toBe('2027-06-01T07:00:00.000Z');
    const now = new Date('2027-06-01T12:00:00Z');
    expect(questionnaireTime('2027-06-01', ZONE, now)).toBe(now);
  });
});

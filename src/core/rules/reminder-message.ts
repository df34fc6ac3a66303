import type { AppointmentKind } from '../vocabulary';
import { resolveSiteSettings, StoredSiteSettings } from './site-settings';
import { visitLabel } from './visit-label';

export type ReminderPurpose = 'reminder' | 'cancellation' | 'questionnaire' | 'referral_confirmation';

export interface ReminderMessageInput {
  purpose: 'reminder' | 'cancellation';
  /** The visit in plain Swedish (see visitLabel). */
  visit: string;
  start: Date;
  zone: string;
  /** Site, and room when there is one. */
  place: string;
  howToCancel: string;
}

/**
 * The reminder in Swedish: what, when in local time, where, and how to cancel. Nothing about the
 * patient or their care beyond the kind of visit: an SMS is read on a lock screen.
 */
export function reminderMessage(input: ReminderMessageInput): { subject: string; text: string } {
  const when = swedishWhen(input.start, input.zone);
  if (input.purpose === 'cancellation') {
    return {
      subject: `Inställt: ${input.visit} ${when}`,
      text: `Ditt besök ${lower(input.visit)} ${when} på ${input.place} är inställt. Vi hör av oss med en ny tid.`,
    };
  }
  return {
    subject: `Påminnelse: ${input.visit} ${when}`,
    text: `Påminnelse: ${lower(input.visit)} ${when} på ${input.place}. ${input.howToCancel}`,
  };
}

/** One formatter per zone, kept: through Luxon the date took a quarter of the dispatcher's time per reminder sent. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** "måndag 7 januari 2030 kl. 10:00" in the zone's local time (what Luxon's "cccc d LLLL yyyy 'kl.' HH:mm" in sv gives). */
function swedishWhen(start: Date, zone: string): string {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('sv-SE', { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(zone, formatter);
  }
  const part: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const { type, value } of formatter.formatToParts(start)) part[type] = value;
  return `${part.weekday} ${part.day} ${part.month} ${part.year} kl. ${part.hour}:${part.minute}`;
}

/** A visit as its reminders speak of it. */
export interface RemindedVisit {
  kind: AppointmentKind;
  assessmentPart: string | null;
  sessionNumber: number | null;
  start: Date;
  zone: string;
  siteName: string;
  roomName: string | null;
  /** The site's stored settings: their words on how to cancel. */
  settings: StoredSiteSettings | null;
}

/** The reminder (or cancellation notice) of a visit, as the dispatcher sends it and the preview shows it. */
export function visitReminderMessage(purpose: ReminderMessageInput['purpose'], visit: RemindedVisit): { subject: string; text: string } {
  return reminderMessage({
    purpose,
    visit: visitLabel({
      kind: visit.kind,
      assessment: visit.assessmentPart ? { part: visit.assessmentPart } : null,
      groupProgram: visit.sessionNumber !== null ? { sessionNumber: visit.sessionNumber } : null,
    }),
    start: visit.start,
    zone: visit.zone,
    place: [visit.siteName, visit.roomName].filter(Boolean).join(', '),
    howToCancel: resolveSiteSettings(visit.settings).reminders.howToCancel,
  });
}

/** The NRS questionnaire (at discharge, and a year later): a request to answer it, without clinical detail. */
export function questionnaireMessage(input: { place: string; oneYear: boolean }): { subject: string; text: string } {
  const when = input.oneYear ? 'Det har gått ett år sedan din rehabilitering' : 'Din rehabilitering är avslutad';
  return {
    subject: 'Enkät från smärtrehabiliteringen',
    text:
      `${when} på ${input.place}. Vi ber dig fylla i enkäten till Nationella Registret över Smärtrehabilitering (NRS); ` +
      'den hjälper oss att följa upp och förbättra vården. Hör av dig till mottagningen om du har frågor.',
  };
}

/**
 * The confirmation that a referral has arrived (seed 004: patients should get one digitally): who
 * has it and how to reach them, nothing of what the referral says.
 */
export function referralConfirmationMessage(input: { siteName: string; phone: string | null }): { subject: string; text: string } {
  const reach = input.phone ? `Har du frågor kan du ringa oss på ${input.phone}.` : 'Har du frågor kan du ringa mottagningen.';
  return {
    subject: `Din remiss har kommit till ${input.siteName}`,
    text: `Vi har tagit emot din remiss till ${input.siteName}. Vi bedömer den och hör av oss om vad som händer härnäst. ${reach}`,
  };
}

function lower(text: string): string {
  return text.charAt(0).toLocaleLowerCase('sv-SE') + text.slice(1);
}

import { DateTime } from 'luxon';

export type ReminderPurpose = 'reminder' | 'cancellation';

export interface ReminderMessageInput {
  purpose: ReminderPurpose;
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
  const when = DateTime.fromJSDate(input.start, { zone: input.zone }).setLocale('sv').toFormat("cccc d LLLL yyyy 'kl.' HH:mm");
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

function lower(text: string): string {
  return text.charAt(0).toLocaleLowerCase('sv-SE') + text.slice(1);
}

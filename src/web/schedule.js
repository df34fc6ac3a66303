// The team's schedule: a column per clinician and per room, for a day or a week.
import { show } from './dom.js';
import { t } from './i18n.js';

export async function scheduleView() {
  show(t('Teamets schema'));
}

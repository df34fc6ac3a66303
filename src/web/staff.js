// Staff and rooms: working hours from a date, absences, deactivation, with the visits each change affects.
import { show } from './dom.js';
import { t } from './i18n.js';

export async function staffView() {
  show(t('Personal och rum'));
}

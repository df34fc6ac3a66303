// The clinician's visits still without attendance.
import { show } from './dom.js';
import { t } from './i18n.js';

export async function attendanceView() {
  show(t('Att registrera'));
}

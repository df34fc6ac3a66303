// Group programs: the list, and one program's page.
import { show } from './dom.js';
import { t } from './i18n.js';

export async function groupProgramsView() {
  show(t('Gruppprogram'));
}

export async function groupProgramPage() {
  show(t('Gruppprogram'));
}

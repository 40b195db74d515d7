import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';

/** A section the console has no screen for yet (its API exists): said plainly, with nothing pretending to work. */
export function NotInConsoleYet({ screen }: { screen: MessageKey }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="unavailable-title">
      <h1 id="unavailable-title">{t(screen)}</h1>
      <p>{t('common.notInConsoleYet')}</p>
    </section>
  );
}

import { useI18n } from '../i18n/i18n';
import { useSettings } from '../settings/settings';
import { countdown, formatDateTime, formatDuration, formatTime } from './format';

/** Date formatting bound to the network time zone and the chosen language. */
export function useFormat() {
  const { locale, t } = useI18n();
  const { networkTimezone } = useSettings();
  const units = { d: t('unit.days'), h: t('unit.hours'), min: t('unit.minutes') };
  return {
    timeZone: networkTimezone,
    dateTime: (iso: string) => formatDateTime(iso, networkTimezone, locale),
    time: (iso: string) => formatTime(iso, networkTimezone, locale),
    /** "2 h 5 min" to (or, when overdue, since) `iso`. */
    remaining: (iso: string, now: number) => {
      const left = countdown(iso, now);
      return { overdue: left.overdue, text: formatDuration(left.minutes, units) };
    },
    /** "due in 2 h 5 min" or "overdue by 12 min". */
    deadline: (iso: string, now: number) => {
      const left = countdown(iso, now);
      const duration = formatDuration(left.minutes, units);
      return {
        overdue: left.overdue,
        text: t(left.overdue ? 'deadline.overdueBy' : 'deadline.dueIn', { duration }),
      };
    },
  };
}

import { useI18n } from '../../i18n/i18n';

/** Seats taken out of seats, as a bar and in words (the bar alone says nothing to a screen reader). */
export function FillBar({
  confirmed,
  seats,
  waitlist,
}: {
  confirmed: number;
  seats: number;
  waitlist: number;
}) {
  const { t } = useI18n();
  const label = t('shifts.fill', { confirmed, seats });
  return (
    <div className="fill">
      <meter min={0} max={seats} value={confirmed} aria-label={label} />
      <span>
        {label}
        {waitlist > 0 && ` · ${t('shifts.waitlist', { count: waitlist })}`}
        {confirmed >= seats && ` · ${t('shifts.full')}`}
      </span>
    </div>
  );
}

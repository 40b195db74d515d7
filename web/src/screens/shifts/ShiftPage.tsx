import { Link, useParams } from 'react-router';
import { ShiftDocument, ShiftUpdatedDocument } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { useLiveQuery } from '../../live/useLiveQuery';
import { useFormat } from '../../time/useFormat';
import { FillBar } from './FillBar';
import { ShiftRoster } from './ShiftRoster';

export function ShiftPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const format = useFormat();
  const [{ data, error }, refresh] = useLiveQuery(
    { query: ShiftDocument, variables: { id } },
    ShiftUpdatedDocument,
  );
  if (error) return <p role="alert">{error.message}</p>;
  if (!data) return <p role="status">{t('common.loading')}</p>;
  const shift = data.shift;
  return (
    <article aria-labelledby="shift-title">
      <div className="screen-head">
        <h1 id="shift-title">
          {shift.role} · {shift.zone.name} · #{shift.code}
        </h1>
        <Link className="button" to={`/shifts/${shift.id}/edit`}>
          {t('shifts.edit')}
        </Link>
      </div>
      <p>
        <time dateTime={shift.startsAt}>{format.dateTime(shift.startsAt)}</time> – {format.time(shift.endsAt)}
        {shift.requiredSkill && ` · ${t(`skill.${shift.requiredSkill}`)}`}
        {shift.requiredLanguage && ` · ${shift.requiredLanguage}`}
      </p>
      <FillBar confirmed={shift.confirmedCount} seats={shift.seats} waitlist={shift.waitlistCount} />
      <h2>{t('shifts.roster')}</h2>
      <ShiftRoster shift={shift} onChanged={() => refresh({ requestPolicy: 'network-only' })} />
    </article>
  );
}

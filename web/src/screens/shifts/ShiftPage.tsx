import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation } from 'urql';
import { formErrors } from '../../forms/field-errors';
import { CheckInDocument, ShiftDocument, ShiftUpdatedDocument } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { useLiveQuery } from '../../live/useLiveQuery';
import { GeneralErrors } from '../../shared/Field';
import { useFormat } from '../../time/useFormat';
import { FillBar } from './FillBar';

export function ShiftPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const format = useFormat();
  const [{ data, error }, refresh] = useLiveQuery(
    { query: ShiftDocument, variables: { id } },
    ShiftUpdatedDocument,
  );
  const [checkInState, checkIn] = useMutation(CheckInDocument);
  const [problems, setProblems] = useState<string[]>([]);
  if (error) return <p role="alert">{error.message}</p>;
  if (!data) return <p role="status">{t('common.loading')}</p>;
  const shift = data.shift;

  async function markArrived(volunteerId: string) {
    const result = await checkIn({ shiftId: shift.id, volunteerId });
    setProblems(formErrors(result.error, t('error.network')).general);
    refresh({ requestPolicy: 'network-only' });
  }
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
      <GeneralErrors errors={problems} />
      <table>
        <thead>
          <tr>
            <th scope="col">{t('volunteers.name')}</th>
            <th scope="col">{t('shifts.signupStatus')}</th>
            <th scope="col">{t('shifts.checkIn')}</th>
          </tr>
        </thead>
        <tbody>
          {shift.roster.map((signup) => (
            <tr key={signup.id}>
              <td>
                <Link to={`/volunteers/${signup.volunteer.id}`}>{signup.volunteer.name}</Link>
              </td>
              <td>
                {t(`signupStatus.${signup.status}`)}
                {signup.waitlistPosition !== null &&
                  signup.waitlistPosition !== undefined &&
                  ` (${signup.waitlistPosition})`}
              </td>
              <td>
                {signup.status === 'CONFIRMED' && (
                  <button
                    type="button"
                    disabled={checkInState.fetching}
                    onClick={() => void markArrived(signup.volunteer.id)}
                  >
                    {t('shifts.checkInName', { name: signup.volunteer.name })}
                  </button>
                )}
                {signup.checkedInAt && (
                  <time dateTime={signup.checkedInAt}>{format.time(signup.checkedInAt)}</time>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {shift.roster.length === 0 && <p>{t('shifts.nobody')}</p>}
    </article>
  );
}

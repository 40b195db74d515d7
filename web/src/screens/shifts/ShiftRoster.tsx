import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation } from 'urql';
import { formErrors } from '../../forms/field-errors';
import { CheckInDocument, type ShiftWithRosterFragment } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { GeneralErrors } from '../../shared/Field';
import { useFormat } from '../../time/useFormat';

/** A shift's volunteers with their status, and a Check in button for each confirmed one. */
export function ShiftRoster({
  shift,
  onChanged,
}: {
  shift: ShiftWithRosterFragment;
  /** After a check-in: the counts it moved are re-read. */
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const format = useFormat();
  const [checkInState, checkIn] = useMutation(CheckInDocument);
  const [problems, setProblems] = useState<string[]>([]);

  async function markArrived(volunteerId: string) {
    const result = await checkIn({ shiftId: shift.id, volunteerId });
    setProblems(formErrors(result.error, t('error.network')).general);
    onChanged();
  }
  if (shift.roster.length === 0) return <p>{t('shifts.nobody')}</p>;
  return (
    <>
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
    </>
  );
}

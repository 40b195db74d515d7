import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation } from 'urql';
import { formErrors, type FormErrors } from '../../forms/field-errors';
import {
  CancelTrainingEventDocument,
  PublishTrainingEventDocument,
  ShiftUpdatedDocument,
  TrainingEventDocument,
  type TrainingEventDetailFragment,
} from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { useLiveQuery } from '../../live/useLiveQuery';
import { Field, GeneralErrors } from '../../shared/Field';
import { useFormat } from '../../time/useFormat';
import { FillBar } from '../shifts/FillBar';
import { ShiftRoster } from '../shifts/ShiftRoster';
import { AttendeesPanel } from './AttendeesPanel';

const NO_ERRORS: FormErrors = { fields: {}, general: [] };

/** Publish a draft, or cancel the session with a reason told to everyone on it. */
function SessionActions({ event }: { event: TrainingEventDetailFragment }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [publishState, publish] = useMutation(PublishTrainingEventDocument);
  const [cancelState, cancel] = useMutation(CancelTrainingEventDocument);
  if (event.status !== 'DRAFT' && event.status !== 'PUBLISHED') return null;

  async function cancelSession(submitted: FormEvent) {
    submitted.preventDefault();
    const result = await cancel({ id: event.id, reason });
    setErrors(formErrors(result.error, t('error.network')));
  }
  return (
    <div className="actions">
      <GeneralErrors errors={errors.general} />
      {event.status === 'DRAFT' && (
        <button
          type="button"
          disabled={publishState.fetching}
          onClick={() =>
            void publish({ id: event.id }).then((result) =>
              setErrors(formErrors(result.error, t('error.network'))),
            )
          }
        >
          {t('trainings.publish')}
        </button>
      )}
      <form className="inline-form" onSubmit={cancelSession} noValidate>
        <Field label={t('trainings.cancelReason')} error={errors.fields.reason}>
          <input value={reason} onChange={(change) => setReason(change.target.value)} />
        </Field>
        <button type="submit" disabled={cancelState.fetching}>
          {t('trainings.cancel')}
        </button>
      </form>
    </div>
  );
}

/** A session: its details, publish and cancel, its shifts with their live rosters, and its attendees. */
export function TrainingEventPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const format = useFormat();
  // A claim by SMS on one of its shifts arrives as shiftUpdated and lands in the cached shift, roster included.
  const [{ data, error }, refresh] = useLiveQuery(
    { query: TrainingEventDocument, variables: { id } },
    ShiftUpdatedDocument,
  );
  if (error) return <p role="alert">{error.message}</p>;
  if (!data) return <p role="status">{t('common.loading')}</p>;
  const event = data.trainingEvent;
  const reread = () => refresh({ requestPolicy: 'network-only' });
  const open = event.status === 'DRAFT' || event.status === 'PUBLISHED';
  return (
    <article aria-labelledby="training-title">
      <div className="screen-head">
        <h1 id="training-title">{event.title}</h1>
        {open && (
          <Link className="button" to={`/trainings/${event.id}/edit`}>
            {t('trainings.edit')}
          </Link>
        )}
      </div>
      <dl>
        <dt>{t('trainings.status')}</dt>
        <dd>
          {t(`trainingStatus.${event.status}`)}
          {event.cancelReason && ` · ${event.cancelReason}`}
        </dd>
        <dt>{t('trainings.when')}</dt>
        <dd>
          <time dateTime={event.startsAt}>{format.dateTime(event.startsAt)}</time> –{' '}
          {format.time(event.endsAt)}
        </dd>
        <dt>{t('trainings.venue')}</dt>
        <dd>
          {event.venue} · {event.zone.name}
        </dd>
        <dt>{t('trainings.languages')}</dt>
        <dd>{event.languages.join(', ')}</dd>
        <dt>{t('trainings.trainer')}</dt>
        <dd>{event.trainer.name ?? event.trainer.email}</dd>
      </dl>
      <SessionActions event={event} />

      <div className="screen-head">
        <h2>{t('trainings.shifts')}</h2>
        {open && (
          <Link className="button" to={`/shifts/new?eventId=${event.id}&zoneId=${event.zone.id}`}>
            {t('trainings.addShift')}
          </Link>
        )}
      </div>
      {event.shifts.length === 0 && <p>{t('trainings.noShifts')}</p>}
      {event.shifts.map((shift) => (
        <section key={shift.id} className="panel" aria-labelledby={`shift-${shift.id}`}>
          <h3 id={`shift-${shift.id}`}>
            <Link to={`/shifts/${shift.id}`}>
              {shift.role} · #{shift.code}
            </Link>{' '}
            · <time dateTime={shift.startsAt}>{format.time(shift.startsAt)}</time> –{' '}
            {format.time(shift.endsAt)}
          </h3>
          <FillBar confirmed={shift.confirmedCount} seats={shift.seats} waitlist={shift.waitlistCount} />
          <ShiftRoster shift={shift} onChanged={reread} />
        </section>
      ))}

      <AttendeesPanel event={event} onChanged={reread} />
    </article>
  );
}

import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { formErrors, type FormErrors } from '../../forms/field-errors';
import {
  RecordAttendanceDocument,
  RegisterAttendeeDocument,
  type TrainingEventDetailFragment,
} from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { useNow } from '../../live/useNow';
import { Field, GeneralErrors } from '../../shared/Field';

const NO_ERRORS: FormErrors = { fields: {}, general: [] };
/** Attendance opens at the start and registration closes at the end: the page looks every 10 s. */
const START_CHECK_MS = 10_000;

type Event = TrainingEventDetailFragment;

/** A member of the public registered at the door or on the phone; name, phone and language are all optional. */
function RegisterForm({ event, onChanged }: { event: Event; onChanged: () => void }) {
  const { t } = useI18n();
  const empty = { name: '', phone: '', language: '' };
  const [input, setInput] = useState(empty);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [state, register] = useMutation(RegisterAttendeeDocument);

  async function submit(submitted: FormEvent) {
    submitted.preventDefault();
    const result = await register({
      eventId: event.id,
      input: {
        name: input.name.trim() || null,
        phone: input.phone.trim() || null,
        language: input.language || null,
      },
    });
    setErrors(formErrors(result.error, t('error.network')));
    if (result.data) {
      setInput(empty);
      onChanged();
    }
  }
  return (
    <form className="form" onSubmit={submit} aria-labelledby="register-title" noValidate>
      <h3 id="register-title">{t('trainings.register')}</h3>
      <GeneralErrors errors={errors.general} />
      <Field label={t('trainings.attendeeName')} error={errors.fields.name}>
        <input
          autoComplete="off"
          value={input.name}
          onChange={(change) => setInput({ ...input, name: change.target.value })}
        />
      </Field>
      <Field
        label={t('trainings.attendeePhone')}
        hint={t('trainings.attendeePhoneHint')}
        error={errors.fields.phone}
      >
        <input
          type="tel"
          autoComplete="off"
          value={input.phone}
          onChange={(change) => setInput({ ...input, phone: change.target.value })}
        />
      </Field>
      <Field label={t('common.language')} error={errors.fields.language}>
        <select
          value={input.language}
          onChange={(change) => setInput({ ...input, language: change.target.value })}
        >
          <option value="">{t('trainings.sessionLanguage')}</option>
          {event.languages.map((code) => (
            <option key={code} value={code}>
              {code}
            </option>
          ))}
        </select>
      </Field>
      <button type="submit" disabled={state.fetching}>
        {t('trainings.registerButton')}
      </button>
    </form>
  );
}

/** Who came (the registered ticked, the others counted as not come) and the walk-ins, once the session started. */
function AttendanceForm({ event, onChanged }: { event: Event; onChanged: () => void }) {
  const { t } = useI18n();
  const attendees = event.attendees ?? [];
  const [came, setCame] = useState<Set<string>>(
    () => new Set(attendees.filter((attendee) => attendee.attended).map((attendee) => attendee.id)),
  );
  const [walkIns, setWalkIns] = useState(String(event.walkInCount ?? 0));
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [saved, setSaved] = useState(false);
  const [state, record] = useMutation(RecordAttendanceDocument);

  async function submit(submitted: FormEvent) {
    submitted.preventDefault();
    const result = await record({
      eventId: event.id,
      input: { attendedIds: [...came], headCount: Number(walkIns) },
    });
    setErrors(formErrors(result.error, t('error.network')));
    setSaved(result.data !== undefined);
    if (result.data) onChanged();
  }
  const toggle = (id: string, checked: boolean) =>
    setCame((current) => {
      const next = new Set(current);
      if (checked) next.add(id);
      else next.delete(id);
      return next;
    });
  return (
    <form className="form" onSubmit={submit} aria-labelledby="attendance-title" noValidate>
      <h3 id="attendance-title">{t('trainings.attendance')}</h3>
      <GeneralErrors errors={errors.general} />
      {errors.fields.attendedIds && <p className="field-error">{errors.fields.attendedIds}</p>}
      <fieldset>
        <legend>{t('trainings.came')}</legend>
        {attendees.map((attendee, index) => (
          <label key={attendee.id} className="check">
            <input
              type="checkbox"
              checked={came.has(attendee.id)}
              onChange={(change) => toggle(attendee.id, change.target.checked)}
            />
            {attendee.name ?? t('trainings.unnamed', { number: index + 1 })}
          </label>
        ))}
      </fieldset>
      <Field label={t('trainings.walkIns')} error={errors.fields.headCount}>
        <input type="number" min={0} value={walkIns} onChange={(change) => setWalkIns(change.target.value)} />
      </Field>
      <button type="submit" disabled={state.fetching}>
        {t('trainings.recordAttendance')}
      </button>
      {saved && <span role="status">{t('trainings.attendanceSaved')}</span>}
    </form>
  );
}

/** The session's attendees: registered, then marked as come or not once it has started. */
export function AttendeesPanel({ event, onChanged }: { event: Event; onChanged: () => void }) {
  const { t } = useI18n();
  const now = useNow(START_CHECK_MS);
  const started = Date.parse(event.startsAt) <= now;
  const ended = Date.parse(event.endsAt) <= now;
  // The form always sends the walk-ins, so a count there means attendance was taken.
  const recorded = event.walkInCount !== null && event.walkInCount !== undefined;
  const takesAttendance = started && (event.status === 'PUBLISHED' || event.status === 'COMPLETED');
  return (
    <section aria-labelledby="attendees-title">
      <h2 id="attendees-title">
        {t('trainings.attendees')} ·{' '}
        {t('trainings.registered', { count: event.registeredCount, capacity: event.capacity })}
      </h2>
      {event.attendees === null || event.attendees === undefined ? (
        <p>{t('trainings.notYours')}</p>
      ) : (
        <>
          {event.attendees.length > 0 && (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('trainings.attendeeName')}</th>
                  <th scope="col">{t('common.language')}</th>
                  <th scope="col">{t('trainings.phoneGiven')}</th>
                  <th scope="col">{t('trainings.came')}</th>
                </tr>
              </thead>
              <tbody>
                {event.attendees.map((attendee, index) => (
                  <tr key={attendee.id}>
                    <td>{attendee.name ?? t('trainings.unnamed', { number: index + 1 })}</td>
                    <td>{attendee.language}</td>
                    <td>{attendee.hasPhone ? t('common.yes') : t('common.no')}</td>
                    <td>{recorded ? t(attendee.attended ? 'common.yes' : 'common.no') : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {recorded && <p>{t('trainings.walkInCount', { count: event.walkInCount ?? 0 })}</p>}
          {event.status === 'PUBLISHED' && !ended && <RegisterForm event={event} onChanged={onChanged} />}
          {takesAttendance ? (
            <AttendanceForm
              key={event.attendees.map((attendee) => attendee.id).join()}
              event={event}
              onChanged={onChanged}
            />
          ) : (
            event.status === 'PUBLISHED' && <p>{t('trainings.attendanceAtStart')}</p>
          )}
        </>
      )}
    </section>
  );
}

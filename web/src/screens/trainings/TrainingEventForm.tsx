import { useState, type FormEvent, type SelectHTMLAttributes } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { useSignedInUser } from '../../auth/useSignedInUser';
import { formErrors, type FormErrors } from '../../forms/field-errors';
import { changedFields, languageCodes } from '../../forms/input-text';
import {
  CreateTrainingEventDocument,
  TrainersDocument,
  TrainingEventDocument,
  UpdateTrainingEventDocument,
  type CreateTrainingEventInput,
  type TrainingEventRowFragment,
} from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { Field, GeneralErrors } from '../../shared/Field';
import { ScheduleFields } from '../../shared/ScheduleFields';
import { ZonePicker } from '../../shared/ZoneSelect';
import { instantOfInput, toLocalInput } from '../../time/format';
import { useFormat } from '../../time/useFormat';
import { useRecordFields } from '../../forms/useRecordFields';

interface TrainingFields {
  title: string;
  languages: string;
  venue: string;
  zoneId: string;
  startsAt: string;
  endsAt: string;
  capacity: string;
  trainerId: string;
}

function fieldsOf(event: TrainingEventRowFragment | undefined, timeZone: string): TrainingFields {
  return {
    title: event?.title ?? '',
    languages: event?.languages.join(', ') ?? '',
    venue: event?.venue ?? '',
    zoneId: event?.zone.id ?? '',
    startsAt: event ? toLocalInput(event.startsAt, timeZone) : '',
    endsAt: event ? toLocalInput(event.endsAt, timeZone) : '',
    capacity: String(event?.capacity ?? 30),
    trainerId: event?.trainer.id ?? '',
  };
}

function inputOf(fields: TrainingFields, timeZone: string): CreateTrainingEventInput {
  return {
    title: fields.title,
    languages: languageCodes(fields.languages),
    venue: fields.venue,
    zoneId: fields.zoneId,
    startsAt: instantOfInput(fields.startsAt, timeZone),
    endsAt: instantOfInput(fields.endsAt, timeZone),
    capacity: Number(fields.capacity),
    // Left out, a trainer creating it is its trainer.
    ...(fields.trainerId && { trainerId: fields.trainerId }),
  };
}

/** The active TRAINER staff users, for an admin or coordinator naming a session's trainer; the labelling props go to the select. */
function TrainerPicker({
  value,
  onChange,
  ...selectProps
}: Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange'> & {
  value: string;
  onChange: (trainerId: string) => void;
}) {
  const { t } = useI18n();
  const [{ data }] = useQuery({ query: TrainersDocument });
  return (
    <select {...selectProps} value={value} onChange={(event) => onChange(event.target.value)}>
      <option value="">{t('trainings.chooseTrainer')}</option>
      {data?.trainers.map((trainer) => (
        <option key={trainer.id} value={trainer.id}>
          {trainer.name ?? trainer.email}
        </option>
      ))}
    </select>
  );
}

/** Create a session (a DRAFT) or edit one: `/trainings/new`, `/trainings/:id/edit`. */
export function TrainingEventForm() {
  const { id } = useParams();
  const { t } = useI18n();
  const { timeZone } = useFormat();
  const user = useSignedInUser();
  const navigate = useNavigate();
  const [{ data: existing }] = useQuery({
    query: TrainingEventDocument,
    variables: { id: id ?? '' },
    pause: !id,
  });
  const { fields, original, setFields } = useRecordFields(existing?.trainingEvent, (event) =>
    fieldsOf(event, timeZone),
  );
  const [errors, setErrors] = useState<FormErrors>({ fields: {}, general: [] });
  const [create, createEvent] = useMutation(CreateTrainingEventDocument);
  const [update, updateEvent] = useMutation(UpdateTrainingEventDocument);
  const set = (name: keyof TrainingFields) => (event: { target: { value: string } }) =>
    setFields((current) => ({ ...current, [name]: event.target.value }));
  // A trainer schedules their own sessions; admins and coordinators name the trainer.
  const picksTrainer = user.role !== 'TRAINER';

  async function submit(event: FormEvent) {
    event.preventDefault();
    const input = inputOf(fields, timeZone);
    let savedId: string | undefined;
    let error;
    if (id && original) {
      const before = inputOf(original, timeZone);
      const result = await updateEvent({ id, input: changedFields(before, input) });
      savedId = result.data?.updateTrainingEvent.id;
      error = result.error;
    } else {
      const result = await createEvent({ input });
      savedId = result.data?.createTrainingEvent.id;
      error = result.error;
    }
    if (savedId) return navigate(`/trainings/${savedId}`);
    const problems = formErrors(error, t('error.network'));
    // Without the trainer picker, the API's word on the trainer is shown above the form.
    if (!picksTrainer && problems.fields.trainerId) problems.general.push(problems.fields.trainerId);
    setErrors(problems);
  }

  const error = (name: string) => errors.fields[name];
  const busy = create.fetching || update.fetching || (id !== undefined && !existing);
  return (
    <section aria-labelledby="training-form-title">
      <h1 id="training-form-title">{id ? t('trainings.edit') : t('trainings.new')}</h1>
      <form className="form" onSubmit={submit} noValidate>
        <GeneralErrors errors={errors.general} />
        <Field label={t('trainings.title')} error={error('title')}>
          <input value={fields.title} onChange={set('title')} />
        </Field>
        <Field
          label={t('trainings.languages')}
          hint={t('trainings.languagesHint')}
          error={error('languages')}
        >
          <input value={fields.languages} onChange={set('languages')} />
        </Field>
        <Field label={t('trainings.venue')} hint={t('trainings.venueHint')} error={error('venue')}>
          <input value={fields.venue} onChange={set('venue')} />
        </Field>
        <Field label={t('common.zone')} error={error('zoneId')}>
          <ZonePicker value={fields.zoneId} onChange={(zoneId) => setFields({ ...fields, zoneId })} />
        </Field>
        <ScheduleFields
          startsAt={fields.startsAt}
          endsAt={fields.endsAt}
          errors={errors.fields}
          onChange={(name, value) => setFields((current) => ({ ...current, [name]: value }))}
        />
        <Field label={t('trainings.capacity')} error={error('capacity')}>
          <input type="number" min={1} value={fields.capacity} onChange={set('capacity')} />
        </Field>
        {picksTrainer && (
          <Field label={t('trainings.trainer')} error={error('trainerId')}>
            <TrainerPicker
              value={fields.trainerId}
              onChange={(trainerId) => setFields({ ...fields, trainerId })}
            />
          </Field>
        )}
        <button type="submit" disabled={busy}>
          {id ? t('common.save') : t('trainings.create')}
        </button>
      </form>
    </section>
  );
}

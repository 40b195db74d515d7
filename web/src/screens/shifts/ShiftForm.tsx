import { useState, type FormEvent } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { formErrors, type FormErrors } from '../../forms/field-errors';
import { changedFields } from '../../forms/input-text';
import {
  CreateShiftDocument,
  CreateShiftSeriesDocument,
  ShiftDocument,
  Skill,
  UpdateShiftDocument,
  type CreateShiftInput,
  type ShiftRowFragment,
} from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { Field, GeneralErrors } from '../../shared/Field';
import { ScheduleFields } from '../../shared/ScheduleFields';
import { ZonePicker } from '../../shared/ZoneSelect';
import { instantOfInput, toLocalInput } from '../../time/format';
import { useFormat } from '../../time/useFormat';
import { useRecordFields } from '../../forms/useRecordFields';

interface ShiftFields {
  zoneId: string;
  role: string;
  startsAt: string;
  endsAt: string;
  seats: string;
  requiredSkill: string;
  requiredLanguage: string;
  weeks: string;
}

function fieldsOf(shift: ShiftRowFragment | undefined, timeZone: string, zoneId = ''): ShiftFields {
  return {
    zoneId: shift?.zone.id ?? zoneId,
    role: shift?.role ?? '',
    startsAt: shift ? toLocalInput(shift.startsAt, timeZone) : '',
    endsAt: shift ? toLocalInput(shift.endsAt, timeZone) : '',
    seats: String(shift?.seats ?? 1),
    requiredSkill: shift?.requiredSkill ?? '',
    requiredLanguage: shift?.requiredLanguage ?? '',
    weeks: '1',
  };
}

function inputOf(fields: ShiftFields, timeZone: string): CreateShiftInput {
  return {
    zoneId: fields.zoneId,
    role: fields.role,
    startsAt: instantOfInput(fields.startsAt, timeZone),
    endsAt: instantOfInput(fields.endsAt, timeZone),
    seats: Number(fields.seats),
    requiredSkill: (fields.requiredSkill || null) as Skill | null,
    requiredLanguage: fields.requiredLanguage.trim() || null,
  };
}

/**
 * Create a shift (or a weekly series of it), or edit one: `/shifts/new`, `/shifts/:id/edit`. A training session's
 * shift is created with `/shifts/new?eventId=…&zoneId=…` and the form goes back to the session.
 */
export function ShiftForm() {
  const { id } = useParams();
  const [search] = useSearchParams();
  const eventId = search.get('eventId');
  const { t } = useI18n();
  const { timeZone } = useFormat();
  const navigate = useNavigate();
  const [{ data: existing }] = useQuery({ query: ShiftDocument, variables: { id: id ?? '' }, pause: !id });
  const { fields, original, setFields } = useRecordFields(existing?.shift, (shift) =>
    fieldsOf(shift, timeZone, search.get('zoneId') ?? ''),
  );
  const [errors, setErrors] = useState<FormErrors>({ fields: {}, general: [] });
  const [create, createShift] = useMutation(CreateShiftDocument);
  const [series, createSeries] = useMutation(CreateShiftSeriesDocument);
  const [update, updateShift] = useMutation(UpdateShiftDocument);
  const set = (name: keyof ShiftFields) => (event: { target: { value: string } }) =>
    setFields((current) => ({ ...current, [name]: event.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const input = { ...inputOf(fields, timeZone), ...(eventId && { eventId }) };
    const weeks = Number(fields.weeks);
    let savedId: string | undefined;
    let error;
    if (id && original) {
      const before = inputOf(original, timeZone);
      const result = await updateShift({ id, input: changedFields(before, input) });
      savedId = result.data?.updateShift.id;
      error = result.error;
    } else if (weeks > 1) {
      const result = await createSeries({ input, weeks });
      savedId = result.data?.createShiftSeries[0]?.id;
      error = result.error;
    } else {
      const result = await createShift({ input });
      savedId = result.data?.createShift.id;
      error = result.error;
    }
    if (savedId) navigate(eventId ? `/trainings/${eventId}` : `/shifts/${savedId}`);
    else setErrors(formErrors(error, t('error.network')));
  }

  const error = (name: string) => errors.fields[name];
  const busy = create.fetching || series.fetching || update.fetching || (id !== undefined && !existing);
  return (
    <section aria-labelledby="shift-form-title">
      <h1 id="shift-form-title">{id ? t('shifts.edit') : t('shifts.new')}</h1>
      <form className="form" onSubmit={submit} noValidate>
        <GeneralErrors errors={errors.general} />
        <Field label={t('common.zone')} error={error('zoneId')}>
          <ZonePicker value={fields.zoneId} onChange={(zoneId) => setFields({ ...fields, zoneId })} />
        </Field>
        <Field label={t('shifts.role')} hint={t('shifts.roleHint')} error={error('role')}>
          <input value={fields.role} onChange={set('role')} />
        </Field>
        <ScheduleFields
          startsAt={fields.startsAt}
          endsAt={fields.endsAt}
          errors={errors.fields}
          onChange={(name, value) => setFields((current) => ({ ...current, [name]: value }))}
        />
        <Field label={t('shifts.seats')} error={error('seats')}>
          <input type="number" min={1} value={fields.seats} onChange={set('seats')} />
        </Field>
        <Field label={t('shifts.requiredSkill')} error={error('requiredSkill')}>
          <select value={fields.requiredSkill} onChange={set('requiredSkill')}>
            <option value="">{t('common.none')}</option>
            {Object.values(Skill).map((skill) => (
              <option key={skill} value={skill}>
                {t(`skill.${skill}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('shifts.requiredLanguage')} error={error('requiredLanguage')}>
          <input value={fields.requiredLanguage} onChange={set('requiredLanguage')} />
        </Field>
        {!id && (
          <Field label={t('shifts.weeks')} hint={t('shifts.weeksHint')} error={error('weeks')}>
            <input type="number" min={1} max={52} value={fields.weeks} onChange={set('weeks')} />
          </Field>
        )}
        <button type="submit" disabled={busy}>
          {id ? t('common.save') : t('shifts.create')}
        </button>
      </form>
    </section>
  );
}

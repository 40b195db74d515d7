import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useMutation } from 'urql';
import { formErrors, type FormErrors } from '../../forms/field-errors';
import { CreateDeliveryRequestDocument, DeliveryUrgency } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { Field, GeneralErrors } from '../../shared/Field';
import { ZonePicker } from '../../shared/ZoneSelect';
import { instantOfInput } from '../../time/format';
import { useFormat } from '../../time/useFormat';

const EMPTY = {
  zoneId: '',
  householdAlias: '',
  householdSize: '1',
  language: 'es',
  address: '',
  contactPhone: '',
  notes: '',
  needs: '',
  deliverBy: '',
  urgency: 'NORMAL' as DeliveryUrgency,
};

export function NewDeliveryRequest() {
  const { t } = useI18n();
  const { timeZone } = useFormat();
  const navigate = useNavigate();
  const [form, setForm] = useState(EMPTY);
  const [errors, setErrors] = useState<FormErrors>({ fields: {}, general: [] });
  const [{ fetching }, create] = useMutation(CreateDeliveryRequestDocument);
  const set = (name: keyof typeof EMPTY) => (event: { target: { value: string } }) =>
    setForm((current) => ({ ...current, [name]: event.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await create({
      input: {
        zoneId: form.zoneId,
        householdAlias: form.householdAlias,
        householdSize: Number(form.householdSize),
        language: form.language,
        address: form.address,
        contactPhone: form.contactPhone || null,
        notes: form.notes || null,
        needs: form.needs || null,
        // An empty date is sent as such: the API names the field in its answer.
        deliverBy: instantOfInput(form.deliverBy, timeZone),
        urgency: form.urgency,
      },
    });
    if (result.data) navigate(`/deliveries/${result.data.createDeliveryRequest.id}`);
    else setErrors(formErrors(result.error, t('error.network')));
  }

  const error = (name: string) => errors.fields[name];
  return (
    <section aria-labelledby="new-request-title">
      <h1 id="new-request-title">{t('deliveries.new')}</h1>
      <form onSubmit={submit} className="form" noValidate>
        <GeneralErrors errors={errors.general} />
        <Field label={t('common.zone')} error={error('zoneId')}>
          <ZonePicker value={form.zoneId} onChange={(zoneId) => setForm({ ...form, zoneId })} />
        </Field>
        <Field
          label={t('deliveries.householdAlias')}
          hint={t('deliveries.householdAliasHint')}
          error={error('householdAlias')}
        >
          <input value={form.householdAlias} onChange={set('householdAlias')} />
        </Field>
        <Field label={t('deliveries.householdSize')} error={error('householdSize')}>
          <input type="number" min={1} max={30} value={form.householdSize} onChange={set('householdSize')} />
        </Field>
        <Field label={t('common.language')} error={error('language')}>
          <input value={form.language} onChange={set('language')} />
        </Field>
        <Field label={t('deliveries.address')} hint={t('deliveries.encrypted')} error={error('address')}>
          <input value={form.address} onChange={set('address')} autoComplete="off" />
        </Field>
        <Field
          label={t('deliveries.contactPhone')}
          hint={t('deliveries.encrypted')}
          error={error('contactPhone')}
        >
          <input type="tel" value={form.contactPhone} onChange={set('contactPhone')} autoComplete="off" />
        </Field>
        <Field label={t('deliveries.needs')} error={error('needs')}>
          <textarea value={form.needs} onChange={set('needs')} />
        </Field>
        <Field label={t('deliveries.notes')} hint={t('deliveries.encrypted')} error={error('notes')}>
          <textarea value={form.notes} onChange={set('notes')} />
        </Field>
        <Field
          label={t('deliveries.deliverBy')}
          hint={t('common.inTimeZone', { zone: timeZone })}
          error={error('deliverBy')}
        >
          <input type="datetime-local" value={form.deliverBy} onChange={set('deliverBy')} />
        </Field>
        <Field label={t('deliveries.urgency')} error={error('urgency')}>
          <select value={form.urgency} onChange={set('urgency')}>
            {Object.values(DeliveryUrgency).map((urgency) => (
              <option key={urgency} value={urgency}>
                {t(`urgency.${urgency}`)}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" disabled={fetching}>
          {t('deliveries.create')}
        </button>
      </form>
    </section>
  );
}

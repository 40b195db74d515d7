import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { formErrors, type FormErrors } from '../../forms/field-errors';
import {
  AssignableVolunteersDocument,
  AssignDeliveryDocument,
  CancelDeliveryRequestDocument,
  DeliveryAddressDocument,
  DeliveryRequestDocument,
  DeliveryRequestUpdatedDocument,
  type DeliveryRequestQuery,
} from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { useLiveQuery } from '../../live/useLiveQuery';
import { useNow } from '../../live/useNow';
import { Field, GeneralErrors } from '../../shared/Field';
import { useFormat } from '../../time/useFormat';
import { DeliveryFlags } from './DeliveryFlags';
import { Offers, ResendDetails, Suggestions } from './DispatchPanel';

type Request = DeliveryRequestQuery['deliveryRequest'];

/** The protected fields, read (and audited) only when the coordinator asks. */
function AddressPanel({ requestId }: { requestId: string }) {
  const { t } = useI18n();
  const [shown, setShown] = useState(false);
  const [{ data, error }] = useQuery({
    query: DeliveryAddressDocument,
    variables: { id: requestId },
    pause: !shown,
    requestPolicy: 'network-only',
  });
  if (!shown) {
    return (
      <button type="button" onClick={() => setShown(true)}>
        {t('deliveries.showAddress')}
      </button>
    );
  }
  if (error) return <p role="alert">{error.message}</p>;
  if (!data) return <p role="status">{t('common.loading')}</p>;
  const request = data.deliveryRequest;
  return (
    <dl className="protected" aria-live="polite">
      <dt>{t('deliveries.address')}</dt>
      <dd>{request.address ?? t('deliveries.wiped')}</dd>
      <dt>{t('deliveries.contactPhone')}</dt>
      <dd>{request.contactPhone ?? '—'}</dd>
      <dt>{t('deliveries.notes')}</dt>
      <dd>{request.notes ?? '—'}</dd>
    </dl>
  );
}

function AssignForm({ request }: { request: Request }) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const [volunteerId, setVolunteerId] = useState('');
  const [errors, setErrors] = useState<FormErrors>({ fields: {}, general: [] });
  const [{ data }] = useQuery({
    query: AssignableVolunteersDocument,
    variables: { zoneId: request.zone.id, search: search || null },
  });
  const [{ fetching }, assign] = useMutation(AssignDeliveryDocument);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await assign({ requestId: request.id, volunteerId });
    setErrors(formErrors(result.error, t('error.network')));
  }
  return (
    <form onSubmit={submit} className="form inline-form" aria-labelledby="assign-title">
      <h2 id="assign-title">{t('deliveries.assign')}</h2>
      <GeneralErrors errors={errors.general} />
      <Field label={t('common.search')}>
        <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
      </Field>
      <Field label={t('deliveries.volunteer')} error={errors.fields.volunteerId}>
        <select value={volunteerId} onChange={(event) => setVolunteerId(event.target.value)}>
          <option value="">{t('deliveries.chooseVolunteer')}</option>
          {data?.volunteers.edges.map(({ node }) => (
            <option key={node.id} value={node.id}>
              {node.name} ({node.languages.join(', ')})
            </option>
          ))}
        </select>
      </Field>
      <button type="submit" disabled={fetching || !volunteerId}>
        {t('deliveries.assign')}
      </button>
    </form>
  );
}

function CancelForm({ request }: { request: Request }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FormErrors>({ fields: {}, general: [] });
  const [{ fetching }, cancel] = useMutation(CancelDeliveryRequestDocument);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await cancel({ id: request.id, reason });
    setErrors(formErrors(result.error, t('error.network')));
  }
  return (
    <form onSubmit={submit} className="form inline-form" aria-labelledby="cancel-title">
      <h2 id="cancel-title">{t('deliveries.cancel')}</h2>
      <GeneralErrors errors={errors.general} />
      <Field label={t('deliveries.reason')} error={errors.fields.reason}>
        <input value={reason} onChange={(event) => setReason(event.target.value)} />
      </Field>
      <button type="submit" className="danger" disabled={fetching}>
        {t('deliveries.cancel')}
      </button>
    </form>
  );
}

export function DeliveryRequestPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const format = useFormat();
  const now = useNow();
  const [{ data, error }] = useLiveQuery(
    { query: DeliveryRequestDocument, variables: { id } },
    DeliveryRequestUpdatedDocument,
  );
  if (error) return <p role="alert">{error.message}</p>;
  if (!data) return <p role="status">{t('common.loading')}</p>;
  const request = data.deliveryRequest;
  const open = request.status !== 'DELIVERED' && request.status !== 'CANCELLED';
  return (
    <article aria-labelledby="request-title">
      <h1 id="request-title">
        #{request.code} {request.householdAlias}
      </h1>
      <p>
        <strong>{t(`status.${request.status}`)}</strong> · {request.zone.name} ·{' '}
        {t('deliveries.people', { count: request.householdSize })} · {request.language}
      </p>
      <DeliveryFlags request={request} now={now} />
      <dl>
        <dt>{t('deliveries.deliverBy')}</dt>
        <dd>{format.dateTime(request.deliverBy)}</dd>
        <dt>{t('deliveries.needs')}</dt>
        <dd>{request.needs ?? '—'}</dd>
        <dt>{t('deliveries.volunteer')}</dt>
        <dd>{request.assignedVolunteer?.name ?? '—'}</dd>
      </dl>
      {request.piiPurgedAt ? <p>{t('deliveries.wiped')}</p> : <AddressPanel requestId={request.id} />}
      <Offers request={request} />
      <div className="actions">
        {(request.status === 'OPEN' || request.status === 'OFFERED') && <Suggestions request={request} />}
        {(request.status === 'OPEN' || request.status === 'OFFERED') && <AssignForm request={request} />}
        {(request.status === 'ASSIGNED' || request.status === 'PICKED_UP') && (
          <ResendDetails request={request} />
        )}
        {open && <CancelForm request={request} />}
      </div>
      <h2>{t('deliveries.history')}</h2>
      <ol className="history">
        {request.history.map((step) => (
          <li key={step.at + step.to}>
            <time dateTime={step.at}>{format.dateTime(step.at)}</time> —{' '}
            {step.from ? `${t(`status.${step.from}`)} → ` : ''}
            {t(`status.${step.to}`)} ({t(`actor.${step.actor.kind}`)}){step.reason ? `: ${step.reason}` : ''}
          </li>
        ))}
      </ol>
    </article>
  );
}

import { useState } from 'react';
import { useMutation, type CombinedError } from 'urql';
import { formErrors } from '../../forms/field-errors';
import {
  AlertsDocument,
  AlertUpdatedDocument,
  ConfirmAlertDocument,
  MarkFalseAlarmDocument,
  RequestVerificationDocument,
  ResolveAlertDocument,
  type AlertDetailFragment,
} from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { useLiveQuery } from '../../live/useLiveQuery';
import { Field, GeneralErrors } from '../../shared/Field';
import { useFormat } from '../../time/useFormat';

/** One open alert: who has looked (SEEN / NOTSEEN as they come), who is on the way, and the dispatcher's moves. */
function AlertCard({ alert }: { alert: AlertDetailFragment }) {
  const { t } = useI18n();
  const format = useFormat();
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [verifyState, requestVerification] = useMutation(RequestVerificationDocument);
  const [confirmState, confirm] = useMutation(ConfirmAlertDocument);
  const [falseState, markFalse] = useMutation(MarkFalseAlarmDocument);
  const [resolveState, resolve] = useMutation(ResolveAlertDocument);
  const busy = verifyState.fetching || confirmState.fetching || falseState.fetching || resolveState.fetching;
  const report = (error: CombinedError | undefined) =>
    setProblems(formErrors(error, t('error.network')).general);
  const closing = { id: alert.id, note: note.trim() || null };
  return (
    <li className="card" aria-labelledby={`alert-${alert.id}`}>
      <h2 id={`alert-${alert.id}`}>
        #{alert.code} {t(`alertKind.${alert.kind}`)} · {alert.zone.name}
      </h2>
      <p>
        <strong>{t(`alertStatus.${alert.status}`)}</strong> · {alert.location ?? '—'} ·{' '}
        <time dateTime={alert.createdAt}>{format.dateTime(alert.createdAt)}</time>
      </p>
      <GeneralErrors errors={problems} />
      <h3>{t('alerts.verifications')}</h3>
      {alert.verifications.length === 0 ? (
        <p>{t('alerts.noVerifications')}</p>
      ) : (
        <ul>
          {alert.verifications.map((answer) => (
            <li key={answer.volunteer.id + answer.at}>
              <span aria-hidden="true">{answer.seen ? '👁 ' : '∅ '}</span>
              {answer.volunteer.name}: {t(answer.seen ? 'alerts.seen' : 'alerts.notSeen')} (
              {format.time(answer.at)})
            </li>
          ))}
        </ul>
      )}
      <h3>{t('alerts.responders', { count: alert.respondersCount, target: alert.responderTarget })}</h3>
      <ul>
        {alert.responders.map((responder) => (
          <li key={responder.volunteer.id}>
            {responder.volunteer.name} ({format.time(responder.at)})
            {responder.note ? `: ${responder.note}` : ''}
          </li>
        ))}
      </ul>
      <div className="inline-form">
        {alert.status !== 'CONFIRMED' && (
          <button
            type="button"
            disabled={busy}
            onClick={async () => report((await requestVerification({ alertId: alert.id })).error)}
          >
            {t('alerts.requestVerification')}
          </button>
        )}
        {alert.status !== 'CONFIRMED' && (
          <button
            type="button"
            className="danger"
            disabled={busy}
            onClick={async () => report((await confirm({ id: alert.id })).error)}
          >
            {t('alerts.confirm')}
          </button>
        )}
        <Field label={t('alerts.note')}>
          <input value={note} onChange={(event) => setNote(event.target.value)} />
        </Field>
        {alert.status !== 'CONFIRMED' && (
          <button
            type="button"
            disabled={busy}
            onClick={async () => report((await markFalse(closing)).error)}
          >
            {t('alerts.falseAlarm')}
          </button>
        )}
        <button type="button" disabled={busy} onClick={async () => report((await resolve(closing)).error)}>
          {t('alerts.resolve')}
        </button>
      </div>
    </li>
  );
}

/** The dispatch queue: open alerts of the user's zones, kept current by alertUpdated. */
export function AlertsScreen() {
  const { t } = useI18n();
  const [{ data, error }] = useLiveQuery({ query: AlertsDocument }, AlertUpdatedDocument);
  const alerts = data?.alerts.edges.map((edge) => edge.node) ?? [];
  return (
    <section aria-labelledby="alerts-title">
      <h1 id="alerts-title">{t('nav.alerts')}</h1>
      {error && <p role="alert">{error.message}</p>}
      {data && alerts.length === 0 && <p>{t('dashboard.noneAlerts')}</p>}
      <ul className="alert-list">
        {alerts
          .filter((alert) => ['REPORTED', 'VERIFYING', 'CONFIRMED'].includes(alert.status))
          .map((alert) => (
            <AlertCard key={alert.id} alert={alert} />
          ))}
      </ul>
    </section>
  );
}

import { useMemo, useRef } from 'react';
import { Link } from 'react-router';
import { useQuery, useSubscription } from 'urql';
import {
  AlertUpdatedDocument,
  DashboardDocument,
  DeliveryRequestUpdatedDocument,
  InboxUpdatedDocument,
  ShiftUpdatedDocument,
} from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { useNow } from '../../live/useNow';
import { useFormat } from '../../time/useFormat';
import { BroadcastProgressBar } from '../broadcasts/BroadcastProgressBar';
import { FillBar } from '../shifts/FillBar';

const SHIFT_HORIZON_MS = 12 * 3600_000;
const TIME_STEP_MS = 60_000;

export function DashboardScreen() {
  const { t } = useI18n();
  const format = useFormat();
  const now = useNow();
  // Time alone makes a request overdue and brings a shift into the next 12 h, and no event says so: the window
  // moves on each minute, and its new variables re-read the dashboard (what was shown stays until then).
  const step = Math.floor(now / TIME_STEP_MS) * TIME_STEP_MS;
  const window = useMemo(
    () => ({ now: new Date(step).toISOString(), soon: new Date(step + SHIFT_HORIZON_MS).toISOString() }),
    [step],
  );
  const [{ data: fresh, error }] = useQuery({ query: DashboardDocument, variables: window });
  const shown = useRef(fresh);
  if (fresh) shown.current = fresh;
  const data = shown.current;
  // Each push drops the cached lists it may have changed (createApiClient), so the counts are re-read; running
  // broadcasts follow their own progress (BroadcastProgressBar).
  useSubscription({ query: DeliveryRequestUpdatedDocument });
  useSubscription({ query: ShiftUpdatedDocument });
  useSubscription({ query: AlertUpdatedDocument });
  useSubscription({ query: InboxUpdatedDocument });
  if (error) return <p role="alert">{error.message}</p>;
  if (!data) return <p role="status">{t('common.loading')}</p>;
  const running = data.broadcasts.edges
    .map((edge) => edge.node)
    .filter((b) => b.status === 'FANNING_OUT' || b.status === 'SENDING');
  return (
    <section aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">{t('dashboard.title')}</h1>
      <ul className="tiles">
        <li>
          <Link to="/deliveries">
            <strong>{data.openRequests.totalCount}</strong> {t('dashboard.open')}
          </Link>
        </li>
        <li className={data.overdueRequests.totalCount > 0 ? 'alarm' : ''}>
          <Link to="/deliveries">
            <strong>{data.overdueRequests.totalCount}</strong> {t('dashboard.overdue')}
            {data.overdueRequests.totalCount > 0 && <span aria-hidden="true"> ⚠</span>}
          </Link>
        </li>
        <li>
          <Link to="/shifts">
            <strong>{data.unfilledShifts.totalCount}</strong> {t('dashboard.unfilled')}
          </Link>
        </li>
        <li className={data.openAlerts.totalCount > 0 ? 'alarm' : ''}>
          <Link to="/alerts">
            <strong>{data.openAlerts.totalCount}</strong> {t('dashboard.alerts')}
            {data.openAlerts.totalCount > 0 && <span aria-hidden="true"> ⚠</span>}
          </Link>
        </li>
        <li>
          <Link to="/inbox">
            <strong>{data.inbox.totalCount}</strong> {t('dashboard.inbox')}
          </Link>
        </li>
      </ul>
      <div className="panels">
        <section aria-labelledby="overdue-title">
          <h2 id="overdue-title">{t('dashboard.overdue')}</h2>
          <ul>
            {data.overdueRequests.edges.map(({ node }) => (
              <li key={node.id}>
                <Link to={`/deliveries/${node.id}`}>
                  #{node.code} {node.householdAlias}
                </Link>{' '}
                — {format.deadline(node.deliverBy, now).text}
              </li>
            ))}
          </ul>
          {data.overdueRequests.totalCount === 0 && <p>{t('dashboard.noneOverdue')}</p>}
        </section>
        <section aria-labelledby="alerts-title">
          <h2 id="alerts-title">{t('dashboard.alertsTitle')}</h2>
          <ul>
            {data.openAlerts.edges.map(({ node }) => (
              <li key={node.id}>
                <Link to="/alerts">
                  #{node.code} {t(`alertKind.${node.kind}`)} · {node.zone.code}
                </Link>{' '}
                — {t(`alertStatus.${node.status}`)} ·{' '}
                {t('alerts.responders', { count: node.respondersCount, target: node.responderTarget })}
              </li>
            ))}
          </ul>
          {data.openAlerts.totalCount === 0 && <p>{t('dashboard.noneAlerts')}</p>}
        </section>
        <section aria-labelledby="unfilled-title">
          <h2 id="unfilled-title">{t('dashboard.unfilled')}</h2>
          <ul>
            {data.unfilledShifts.edges.map(({ node }) => (
              <li key={node.id}>
                <Link to={`/shifts/${node.id}`}>
                  {node.role} · {node.zone.code} · {format.time(node.startsAt)}
                </Link>
                <FillBar confirmed={node.confirmedCount} seats={node.seats} waitlist={node.waitlistCount} />
              </li>
            ))}
          </ul>
          {data.unfilledShifts.totalCount === 0 && <p>{t('dashboard.noneUnfilled')}</p>}
        </section>
        <section aria-labelledby="running-title">
          <h2 id="running-title">{t('dashboard.running')}</h2>
          <ul>
            {running.map((broadcast) => (
              <li key={broadcast.id}>
                <blockquote>{broadcast.body}</blockquote>
                <BroadcastProgressBar broadcast={broadcast} />
              </li>
            ))}
          </ul>
          {running.length === 0 && <p>{t('dashboard.noneRunning')}</p>}
        </section>
      </div>
    </section>
  );
}

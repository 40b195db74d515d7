import { Link } from 'react-router';
import { DeliveriesBoardDocument, DeliveryRequestUpdatedDocument } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { useLiveQuery } from '../../live/useLiveQuery';
import { useNow } from '../../live/useNow';
import { BOARD_COLUMNS, boardOrder, isOverdue } from './board-order';
import { DeliveryFlags } from './DeliveryFlags';

export function DeliveriesBoard() {
  const { t } = useI18n();
  const now = useNow();
  const [{ data, error }] = useLiveQuery(
    { query: DeliveriesBoardDocument, variables: { filter: { statuses: [...BOARD_COLUMNS] } } },
    DeliveryRequestUpdatedDocument,
  );
  const requests = data?.deliveryRequests.edges.map((edge) => edge.node) ?? [];
  return (
    <section aria-labelledby="deliveries-title">
      <div className="screen-head">
        <h1 id="deliveries-title">{t('nav.deliveries')}</h1>
        <Link className="button" to="/deliveries/new">
          {t('deliveries.new')}
        </Link>
      </div>
      {error && <p role="alert">{error.message}</p>}
      {data && data.deliveryRequests.totalCount > requests.length && (
        <p role="status">
          {t('deliveries.truncated', { shown: requests.length, count: data.deliveryRequests.totalCount })}
        </p>
      )}
      <div className="board">
        {BOARD_COLUMNS.map((status) => {
          const column = boardOrder(
            requests.filter((request) => request.status === status),
            now,
          );
          return (
            <section key={status} className="column" aria-labelledby={`column-${status}`}>
              <h2 id={`column-${status}`}>
                {t(`status.${status}`)} <span className="count">({column.length})</span>
              </h2>
              <ul>
                {column.map((request) => (
                  <li
                    key={request.id}
                    className={[
                      'card',
                      isOverdue(request, now) ? 'overdue' : '',
                      request.urgency === 'HIGH' ? 'urgent' : '',
                    ].join(' ')}
                  >
                    <Link to={`/deliveries/${request.id}`}>
                      #{request.code} {request.householdAlias}
                    </Link>
                    <DeliveryFlags request={request} now={now} />
                    <p className="meta">
                      {request.zone.code} · {t('deliveries.people', { count: request.householdSize })} ·{' '}
                      {request.language}
                      {request.assignedVolunteer && ` · ${request.assignedVolunteer.name}`}
                    </p>
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      </div>
    </section>
  );
}

import type { DeliveryCardFragment } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { useFormat } from '../../time/useFormat';
import { isOverdue } from './board-order';

/** Overdue and urgent as words and a symbol, not only a colour. */
export function DeliveryFlags({ request, now }: { request: DeliveryCardFragment; now: number }) {
  const { t } = useI18n();
  const format = useFormat();
  const overdue = isOverdue(request, now);
  const deadline = format.deadline(request.deliverBy, now);
  return (
    <p className="flags">
      {overdue && (
        <span className="flag flag-overdue">
          <span aria-hidden="true">⚠</span> <span>{t('deliveries.overdue')}</span>
        </span>
      )}
      {request.urgency === 'HIGH' && (
        <span className="flag flag-urgent">
          <span aria-hidden="true">!</span> <span>{t('deliveries.urgent')}</span>
        </span>
      )}
      <span className="deadline">
        {request.status === 'DELIVERED' || request.status === 'CANCELLED'
          ? format.dateTime(request.deliverBy)
          : deadline.text}
      </span>
    </p>
  );
}

import { useMutation, useSubscription } from 'urql';
import {
  CancelBroadcastDocument,
  WatchBroadcastDocument,
  type BroadcastProgressFragment,
} from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { useFormat } from '../../time/useFormat';

const RUNNING = ['FANNING_OUT', 'SENDING'];

/** Texts that have left: handed over, delivered, failed or skipped (the rest wait or are being sent). */
export function settledCount(broadcast: BroadcastProgressFragment): number {
  return broadcast.sent + broadcast.delivered + broadcast.failed + broadcast.skipped;
}

/**
 * A broadcast's counts, live: while it runs, `broadcastProgress` pushes new counts, which the normalized cache
 * writes onto the same Broadcast every screen shows.
 */
export function BroadcastProgressBar({ broadcast }: { broadcast: BroadcastProgressFragment }) {
  const { t } = useI18n();
  const format = useFormat();
  const running = RUNNING.includes(broadcast.status);
  useSubscription({ query: WatchBroadcastDocument, variables: { id: broadcast.id }, pause: !running });
  const [cancelState, cancel] = useMutation(CancelBroadcastDocument);
  const done = settledCount(broadcast);
  const total = broadcast.total + broadcast.awaitingFanOut;
  const label = t('broadcasts.progress', { done, total });
  return (
    <div className="broadcast-progress">
      <p>
        <strong>{t(`broadcastStatus.${broadcast.status}`)}</strong> · {label}
      </p>
      <progress max={Math.max(total, 1)} value={done} aria-label={label} />
      <ul className="counts">
        <li>{t('broadcasts.queued', { count: broadcast.queued + broadcast.sending })}</li>
        <li>{t('broadcasts.sent', { count: broadcast.sent })}</li>
        <li>{t('broadcasts.delivered', { count: broadcast.delivered })}</li>
        <li>{t('broadcasts.failed', { count: broadcast.failed })}</li>
        <li>{t('broadcasts.skipped', { count: broadcast.skipped })}</li>
      </ul>
      {running && broadcast.eta && <p>{t('broadcasts.eta', { time: format.dateTime(broadcast.eta) })}</p>}
      {broadcast.warnings.map((warning) => (
        <p key={warning} className="warning">
          <span aria-hidden="true">⚠ </span>
          {warning}
        </p>
      ))}
      {running && (
        <button
          type="button"
          className="danger"
          disabled={cancelState.fetching}
          onClick={() => void cancel({ id: broadcast.id })}
        >
          {t('broadcasts.cancel')}
        </button>
      )}
    </div>
  );
}

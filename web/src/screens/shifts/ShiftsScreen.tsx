import { useState } from 'react';
import { Link } from 'react-router';
import { ShiftsDocument, ShiftUpdatedDocument } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { useLiveQuery } from '../../live/useLiveQuery';
import { Field } from '../../shared/Field';
import { ZonePicker } from '../../shared/ZoneSelect';
import { useFormat } from '../../time/useFormat';
import { FillBar } from './FillBar';

/** Upcoming shifts, soonest first, refreshed live (a claim by SMS moves a fill bar). */
export function ShiftsScreen() {
  const { t } = useI18n();
  const format = useFormat();
  const [zoneId, setZoneId] = useState('');
  const [openOnly, setOpenOnly] = useState(false);
  // "Upcoming" is fixed when the screen opens, so the query (and its cache key) stays the same while it refreshes.
  const [from] = useState(() => new Date().toISOString());
  const [{ data, error }] = useLiveQuery(
    {
      query: ShiftsDocument,
      variables: { filter: { from, zoneId: zoneId || null, openOnly: openOnly || null }, first: 50 },
    },
    ShiftUpdatedDocument,
  );
  return (
    <section aria-labelledby="shifts-title">
      <div className="screen-head">
        <h1 id="shifts-title">{t('nav.shifts')}</h1>
        <Link className="button" to="/shifts/new">
          {t('shifts.new')}
        </Link>
      </div>
      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <Field label={t('common.zone')}>
          <ZonePicker allowAny value={zoneId} onChange={setZoneId} />
        </Field>
        <label className="check">
          <input type="checkbox" checked={openOnly} onChange={(event) => setOpenOnly(event.target.checked)} />
          {t('shifts.openOnly')}
        </label>
      </form>
      {error && <p role="alert">{error.message}</p>}
      <ul className="shift-list">
        {data?.shifts.edges.map(({ node }) => (
          <li key={node.id} className="card">
            <Link to={`/shifts/${node.id}`}>
              {node.role} · {node.zone.code} · #{node.code}
            </Link>
            <p className="meta">
              <time dateTime={node.startsAt}>{format.dateTime(node.startsAt)}</time> –{' '}
              {format.time(node.endsAt)}
            </p>
            <FillBar confirmed={node.confirmedCount} seats={node.seats} waitlist={node.waitlistCount} />
          </li>
        ))}
      </ul>
      {data && data.shifts.totalCount === 0 && <p>{t('shifts.none')}</p>}
    </section>
  );
}

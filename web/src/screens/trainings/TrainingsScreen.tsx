import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { TrainingEventsDocument, TrainingEventStatus } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { Field } from '../../shared/Field';
import { ZonePicker } from '../../shared/ZoneSelect';
import { useFormat } from '../../time/useFormat';

/** Upcoming know-your-rights sessions, soonest first. */
export function TrainingsScreen() {
  const { t } = useI18n();
  const format = useFormat();
  const [zoneId, setZoneId] = useState('');
  const [status, setStatus] = useState('');
  // "Upcoming" is fixed when the screen opens, so the query keeps one cache key.
  const [from] = useState(() => new Date().toISOString());
  const [{ data, error }] = useQuery({
    query: TrainingEventsDocument,
    variables: {
      filter: { from, zoneId: zoneId || null, status: (status || null) as TrainingEventStatus | null },
      first: 50,
    },
  });
  return (
    <section aria-labelledby="trainings-title">
      <div className="screen-head">
        <h1 id="trainings-title">{t('nav.trainings')}</h1>
        <Link className="button" to="/trainings/new">
          {t('trainings.new')}
        </Link>
      </div>
      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <Field label={t('common.zone')}>
          <ZonePicker allowAny value={zoneId} onChange={setZoneId} />
        </Field>
        <Field label={t('trainings.status')}>
          <select value={status} onChange={(event) => setStatus(event.target.value)}>
            <option value="">{t('common.any')}</option>
            {Object.values(TrainingEventStatus).map((value) => (
              <option key={value} value={value}>
                {t(`trainingStatus.${value}`)}
              </option>
            ))}
          </select>
        </Field>
      </form>
      {error && <p role="alert">{error.message}</p>}
      <ul className="shift-list">
        {data?.trainingEvents.edges.map(({ node }) => (
          <li key={node.id} className="card">
            <Link to={`/trainings/${node.id}`}>{node.title}</Link>
            <p className="meta">
              {t(`trainingStatus.${node.status}`)} ·{' '}
              <time dateTime={node.startsAt}>{format.dateTime(node.startsAt)}</time> –{' '}
              {format.time(node.endsAt)} · {node.venue} · {node.zone.code} · {node.languages.join(', ')}
            </p>
            <p className="meta">
              {t('trainings.registered', { count: node.registeredCount, capacity: node.capacity })}
            </p>
          </li>
        ))}
      </ul>
      {data && data.trainingEvents.totalCount === 0 && <p>{t('trainings.none')}</p>}
    </section>
  );
}

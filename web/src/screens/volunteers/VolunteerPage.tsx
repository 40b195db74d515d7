import { useParams } from 'react-router';
import { useQuery } from 'urql';
import { VolunteerDocument } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { useFormat } from '../../time/useFormat';

export function VolunteerPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const format = useFormat();
  const [{ data, error }] = useQuery({ query: VolunteerDocument, variables: { id } });
  if (error) return <p role="alert">{error.message}</p>;
  if (!data) return <p role="status">{t('common.loading')}</p>;
  const volunteer = data.volunteer;
  return (
    <article aria-labelledby="volunteer-title">
      <h1 id="volunteer-title">{volunteer.name}</h1>
      <dl>
        <dt>{t('volunteers.phone')}</dt>
        <dd>{volunteer.phone ?? '—'}</dd>
        <dt>{t('common.zones')}</dt>
        <dd>{volunteer.zones.map((zone) => zone.code).join(', ') || '—'}</dd>
        <dt>{t('volunteers.languages')}</dt>
        <dd>
          {volunteer.languages.join(', ')} (
          {t('volunteers.textedIn', { language: volunteer.preferredLanguage })})
        </dd>
        <dt>{t('volunteers.skills')}</dt>
        <dd>{volunteer.skills.map((skill) => t(`skill.${skill}`)).join(', ') || '—'}</dd>
        <dt>{t('volunteers.status')}</dt>
        <dd>{t(`volunteerStatus.${volunteer.status}`)}</dd>
        <dt>{t('volunteers.smsConsent')}</dt>
        <dd>{t(`smsStatus.${volunteer.smsStatus}`)}</dd>
      </dl>
      <h2>{t('volunteers.texts', { count: data.messages.totalCount })}</h2>
      <ol className="messages">
        {data.messages.edges.map(({ node }) => (
          <li key={node.id} className={node.direction === 'INBOUND' ? 'inbound' : 'outbound'}>
            <span className="direction">{t(`direction.${node.direction}`)}</span>{' '}
            <time dateTime={node.createdAt}>{format.dateTime(node.createdAt)}</time> ·{' '}
            {t(`messageStatus.${node.status}`)}
            <p>{node.body ?? t('volunteers.bodyWiped')}</p>
          </li>
        ))}
      </ol>
    </article>
  );
}

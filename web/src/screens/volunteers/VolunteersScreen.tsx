import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import {
  Skill,
  SmsStatus,
  VolunteersDocument,
  VolunteerStatus,
  type VolunteerFilter,
} from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { Field } from '../../shared/Field';
import { ZonePicker } from '../../shared/ZoneSelect';

const PAGE_SIZE = 25;

interface Filters {
  zoneId: string;
  skill: string;
  language: string;
  status: string;
  smsStatus: string;
  search: string;
}

/** The API's filter from the form: an empty choice is no filter. */
function toFilter(filters: Filters): VolunteerFilter {
  return {
    zoneIds: filters.zoneId ? [filters.zoneId] : null,
    skills: filters.skill ? [filters.skill as Skill] : null,
    languages: filters.language.trim() ? [filters.language.trim()] : null,
    status: (filters.status || null) as VolunteerStatus | null,
    smsStatus: (filters.smsStatus || null) as SmsStatus | null,
    search: filters.search.trim() || null,
  };
}

export function VolunteersScreen() {
  const { t } = useI18n();
  const [filters, setFilters] = useState<Filters>({
    zoneId: '',
    skill: '',
    language: '',
    status: '',
    smsStatus: '',
    search: '',
  });
  // Cursors of the pages before the current one: "Previous" pops, "Next" pushes.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1];
  const [{ data, error, fetching }] = useQuery({
    query: VolunteersDocument,
    variables: { filter: toFilter(filters), first: PAGE_SIZE, after },
  });
  const change = (name: keyof Filters) => (value: string) => {
    setFilters((current) => ({ ...current, [name]: value }));
    setCursors([null]);
  };
  const page = data?.volunteers;
  return (
    <section aria-labelledby="volunteers-title">
      <div className="screen-head">
        <h1 id="volunteers-title">{t('nav.volunteers')}</h1>
        <Link className="button" to="/volunteers/import">
          {t('volunteers.import')}
        </Link>
      </div>
      <form className="filters" role="search" onSubmit={(event) => event.preventDefault()}>
        <Field label={t('common.search')}>
          <input
            type="search"
            value={filters.search}
            onChange={(event) => change('search')(event.target.value)}
          />
        </Field>
        <Field label={t('common.zone')}>
          <ZonePicker allowAny value={filters.zoneId} onChange={change('zoneId')} />
        </Field>
        <Field label={t('volunteers.skill')}>
          <select value={filters.skill} onChange={(event) => change('skill')(event.target.value)}>
            <option value="">{t('common.any')}</option>
            {Object.values(Skill).map((skill) => (
              <option key={skill} value={skill}>
                {t(`skill.${skill}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('common.language')}>
          <input
            value={filters.language}
            placeholder="es"
            onChange={(event) => change('language')(event.target.value)}
          />
        </Field>
        <Field label={t('volunteers.status')}>
          <select value={filters.status} onChange={(event) => change('status')(event.target.value)}>
            <option value="">{t('common.any')}</option>
            {Object.values(VolunteerStatus).map((status) => (
              <option key={status} value={status}>
                {t(`volunteerStatus.${status}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('volunteers.smsConsent')}>
          <select value={filters.smsStatus} onChange={(event) => change('smsStatus')(event.target.value)}>
            <option value="">{t('common.any')}</option>
            {Object.values(SmsStatus).map((status) => (
              <option key={status} value={status}>
                {t(`smsStatus.${status}`)}
              </option>
            ))}
          </select>
        </Field>
      </form>
      {error && <p role="alert">{error.message}</p>}
      <p role="status">
        {page ? t('volunteers.count', { count: page.totalCount }) : fetching ? t('common.loading') : ''}
      </p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('volunteers.name')}</th>
              <th scope="col">{t('volunteers.phone')}</th>
              <th scope="col">{t('common.zones')}</th>
              <th scope="col">{t('volunteers.languages')}</th>
              <th scope="col">{t('volunteers.skills')}</th>
              <th scope="col">{t('volunteers.status')}</th>
              <th scope="col">{t('volunteers.smsConsent')}</th>
            </tr>
          </thead>
          <tbody>
            {page?.edges.map(({ node }) => (
              <tr key={node.id}>
                <td>
                  <Link to={`/volunteers/${node.id}`}>{node.name}</Link>
                </td>
                <td>{node.phone ?? '—'}</td>
                <td>{node.zones.map((zone) => zone.code).join(', ')}</td>
                <td>{node.languages.join(', ')}</td>
                <td>{node.skills.map((skill) => t(`skill.${skill}`)).join(', ')}</td>
                <td>{t(`volunteerStatus.${node.status}`)}</td>
                <td>{t(`smsStatus.${node.smsStatus}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav className="pager" aria-label={t('common.pages')}>
        <button
          type="button"
          disabled={cursors.length === 1}
          onClick={() => setCursors(cursors.slice(0, -1))}
        >
          {t('common.previous')}
        </button>
        <span>{t('common.page', { page: cursors.length })}</span>
        <button
          type="button"
          disabled={!page?.pageInfo.hasNextPage}
          onClick={() => page?.pageInfo.endCursor && setCursors([...cursors, page.pageInfo.endCursor])}
        >
          {t('common.next')}
        </button>
      </nav>
    </section>
  );
}

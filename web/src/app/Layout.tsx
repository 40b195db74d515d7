import { NavLink, Outlet } from 'react-router';
import type { Session } from '../auth/session';
import { InboxCountDocument, InboxUpdatedDocument } from '../gql/graphql';
import { LANGUAGES, useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { useLiveQuery } from '../live/useLiveQuery';

const LINKS: { to: string; label: MessageKey; adminOnly?: boolean }[] = [
  { to: '/deliveries', label: 'nav.deliveries' },
  { to: '/volunteers', label: 'nav.volunteers' },
  { to: '/shifts', label: 'nav.shifts' },
  { to: '/trainings', label: 'nav.trainings' },
  { to: '/broadcasts', label: 'nav.broadcasts' },
  { to: '/inbox', label: 'nav.inbox' },
  { to: '/alerts', label: 'nav.alerts' },
  { to: '/staff', label: 'nav.staff', adminOnly: true },
];

function InboxBadge() {
  const { t } = useI18n();
  const [{ data }] = useLiveQuery({ query: InboxCountDocument }, InboxUpdatedDocument);
  const count = data?.inbox.totalCount ?? 0;
  if (count === 0) return null;
  return (
    <span className="badge" aria-label={t('nav.inboxWaiting', { count })}>
      {count}
    </span>
  );
}

export function Layout({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const { t, language, setLanguage } = useI18n();
  return (
    <div className="layout">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="topbar">
        <NavLink to="/" end className="brand">
          vecino
        </NavLink>
        <nav aria-label={t('nav.label')}>
          <ul>
            {LINKS.filter((link) => !link.adminOnly || session.user.role === 'ADMIN').map((link) => (
              <li key={link.to}>
                <NavLink to={link.to}>
                  {t(link.label)}
                  {link.to === '/inbox' && <InboxBadge />}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="account">
          <label>
            <span className="visually-hidden">{t('nav.language')}</span>
            <select
              value={language}
              onChange={(event) => setLanguage(event.target.value as (typeof LANGUAGES)[number])}
            >
              <option value="en">English</option>
              <option value="es">Español</option>
            </select>
          </label>
          <span className="who">{session.user.email}</span>
          <button type="button" onClick={onSignOut}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet context={session} />
      </main>
    </div>
  );
}

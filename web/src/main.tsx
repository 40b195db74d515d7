import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { SessionStore } from './auth/session';
import { loadSettings } from './settings/settings';
import './styles.css';

const root = createRoot(document.getElementById('root') as HTMLElement);
const session = new SessionStore(sessionStorage);

loadSettings().then(
  (settings) =>
    root.render(
      <StrictMode>
        <App session={session} settings={settings} />
      </StrictMode>,
    ),
  (error: unknown) => {
    root.render(
      <p role="alert">The console could not reach the server ({String(error)}). Reload to try again.</p>,
    );
  },
);

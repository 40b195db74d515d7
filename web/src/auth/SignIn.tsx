import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { SignInDocument } from '../gql/graphql';
import { LANGUAGES, useI18n } from '../i18n/i18n';
import type { SessionStore } from './session';

export function SignIn({ store, expired }: { store: SessionStore; expired: boolean }) {
  const { t, language, setLanguage } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [{ fetching }, login] = useMutation(SignInDocument);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    const result = await login({ email, password });
    if (result.data) {
      store.signIn(result.data.login.token, result.data.login.user);
      return;
    }
    const code = result.error?.graphQLErrors[0]?.extensions?.code;
    if (result.error?.networkError) setProblem(t('error.network'));
    else if (code === 'UNAUTHENTICATED') setProblem(t('signIn.wrong'));
    else if (code === 'TOO_MANY_REQUESTS') setProblem(t('signIn.tooMany'));
    else setProblem(result.error?.graphQLErrors[0]?.message ?? t('error.network'));
  }

  return (
    <main id="main" className="sign-in">
      <h1>{t('signIn.title')}</h1>
      {expired && <p role="status">{t('signIn.expired')}</p>}
      <form onSubmit={submit} noValidate>
        <label>
          {t('signIn.email')}
          <input
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
          />
        </label>
        <label>
          {t('signIn.password')}
          <input
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {problem && (
          <p role="alert" className="error">
            {problem}
          </p>
        )}
        <button type="submit" disabled={fetching}>
          {t('signIn.submit')}
        </button>
      </form>
      <label className="language-pick">
        {t('nav.language')}
        <select
          value={language}
          onChange={(event) => setLanguage(event.target.value as (typeof LANGUAGES)[number])}
        >
          <option value="en">English</option>
          <option value="es">Español</option>
        </select>
      </label>
    </main>
  );
}

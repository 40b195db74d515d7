import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { messages, type Language, type MessageKey } from './messages';

const STORAGE_KEY = 'vecino.language';
export const LANGUAGES: readonly Language[] = ['en', 'es'];

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** `{name}` placeholders filled from `values`. */
export function translate(
  language: Language,
  key: MessageKey,
  values?: Record<string, string | number>,
): string {
  const text = messages[language][key];
  return values ? text.replace(/\{(\w+)\}/g, (match, name: string) => String(values[name] ?? match)) : text;
}

interface I18n {
  language: Language;
  /** BCP 47 locale for Intl formatting. */
  locale: string;
  setLanguage: (language: Language) => void;
  t: Translate;
}

const I18nContext = createContext<I18n | null>(null);

function savedLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === 'en' || saved === 'es') return saved;
  return navigator.language.toLowerCase().startsWith('es') ? 'es' : 'en';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(savedLanguage);
  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(STORAGE_KEY, next);
    document.documentElement.lang = next;
    setLanguageState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    document.documentElement.lang = language;
    return {
      language,
      locale: language === 'es' ? 'es-US' : 'en-US',
      setLanguage,
      t: (key, values) => translate(language, key, values),
    };
  }, [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n outside I18nProvider');
  return context;
}

import { createContext, useContext, type ReactNode } from 'react';

/** What the API serves at /console/config.json (see src/console/console-assets.ts). */
export interface ConsoleSettings {
  networkTimezone: string;
}

export async function loadSettings(): Promise<ConsoleSettings> {
  const response = await fetch(`${import.meta.env.BASE_URL}config.json`, {
    headers: { accept: 'application/json' },
  });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  return (await response.json()) as ConsoleSettings;
}

const SettingsContext = createContext<ConsoleSettings | null>(null);

export function SettingsProvider({ settings, children }: { settings: ConsoleSettings; children: ReactNode }) {
  return <SettingsContext.Provider value={settings}>{children}</SettingsContext.Provider>;
}

export function useSettings(): ConsoleSettings {
  const settings = useContext(SettingsContext);
  if (!settings) throw new Error('useSettings outside SettingsProvider');
  return settings;
}

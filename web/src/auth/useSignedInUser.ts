import { useOutletContext } from 'react-router';
import type { Session } from './session';

/** The signed-in staff user, for a screen inside the layout (which hands its session to the routes it shows). */
export function useSignedInUser(): Session['user'] {
  return useOutletContext<Session>().user;
}

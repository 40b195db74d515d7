/**
 * The staff token: in memory, mirrored in sessionStorage so a reload keeps the session (closing the tab ends it).
 * Never localStorage, which outlives the tab and is shared by every tab of the origin.
 */
import { tokenExpiry } from './token-expiry';

const STORAGE_KEY = 'vecino.session';

export interface Session {
  token: string;
  /** Milliseconds since the epoch, from the token's `exp`. */
  expiresAt: number;
  user: { id: string; email: string; role: string };
}

export type SignOutReason = 'signed-out' | 'expired';

type Listener = (session: Session | null, reason: SignOutReason | null) => void;

export class SessionStore {
  private session: Session | null = null;
  private expiryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly storage: Storage,
    private readonly now: () => number = Date.now,
  ) {
    const saved = storage.getItem(STORAGE_KEY);
    if (!saved) return;
    try {
      const session = JSON.parse(saved) as Session;
      if (session.expiresAt > this.now()) this.start(session);
      else storage.removeItem(STORAGE_KEY);
    } catch {
      storage.removeItem(STORAGE_KEY);
    }
  }

  get current(): Session | null {
    return this.session;
  }

  get token(): string | null {
    return this.session?.token ?? null;
  }

  signIn(token: string, user: Session['user']): void {
    const expiresAt = tokenExpiry(token);
    if (expiresAt === null || expiresAt <= this.now()) throw new Error('The server sent an unusable token');
    const session = { token, expiresAt, user };
    this.storage.setItem(STORAGE_KEY, JSON.stringify(session));
    this.start(session);
    this.emit(null);
  }

  signOut(reason: SignOutReason = 'signed-out'): void {
    if (!this.session) return;
    clearTimeout(this.expiryTimer);
    this.session = null;
    this.storage.removeItem(STORAGE_KEY);
    this.emit(reason);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private start(session: Session): void {
    clearTimeout(this.expiryTimer);
    this.session = session;
    // setTimeout holds at most 2^31-1 ms; tokens live hours, far less.
    this.expiryTimer = setTimeout(() => this.signOut('expired'), session.expiresAt - this.now());
  }

  private emit(reason: SignOutReason | null): void {
    for (const listener of this.listeners) listener(this.session, reason);
  }
}

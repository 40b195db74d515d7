import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { hashPassword, verifyPassword } from './password-hash.js';
import type { Repository } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { isUuid } from '../common/uuid.js';
import { ZonesService } from '../zones/zones.service.js';
import { assertPasswordAllowed, checkedEmail, normalizeEmail } from './staff-credentials.js';
import { StaffRole, StaffUser } from './staff-user.entity.js';

interface TokenClaims {
  sub: string;
  role: StaffRole;
  /**
   * The user's tokenVersion when the token was issued: a deactivation or password reset raises it. Tokens issued
   * before versions existed have none and count as version 0, voided by the account's first reset or deactivation.
   */
  ver?: number;
  /** Set by signAsync (JWT_TTL_SECONDS); a token without it would never expire. */
  exp?: number;
  /** Set by signAsync; verification (maxAge) requires it. */
  iat?: number;
}

/** How far ahead of our clock a token's issue time may be (another instance's clock), in seconds. */
const ISSUED_AT_SKEW_SECONDS = 60;

const INVALID_TOKEN = 'The staff token is invalid or expired';

export interface StaffUserSpec {
  email: string;
  password: string;
  role: StaffRole;
  name?: string;
  zoneIds?: string[];
}

// Verifying against a real hash when the email is unknown keeps response times from revealing which emails exist.
const DUMMY_HASH = hashPassword('vecino-timing-equaliser');

@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(StaffUser) private readonly users: Repository<StaffUser>,
    private readonly zones: ZonesService,
    private readonly jwt: JwtService,
  ) {}

  async login(email: string, password: string): Promise<{ token: string; user: StaffUser }> {
    const found = await this.users.findOne({
      where: { email: normalizeEmail(email) },
      select: { id: true, passwordHash: true, deactivatedAt: true },
    });
    const valid = await verifyPassword(found?.passwordHash ?? (await DUMMY_HASH), password);
    // A deactivated account gets the same answer as a wrong password: nothing tells who had an account.
    if (!found || !valid || found.deactivatedAt !== null)
      throw DomainError.unauthenticated('Wrong email or password');
    const user = (await this.findWithZones(found.id)) as StaffUser;
    const claims: TokenClaims = { sub: user.id, role: user.role, ver: user.tokenVersion };
    return { token: await this.jwt.signAsync(claims), user };
  }

  /**
   * The staff user behind an `Authorization: Bearer <jwt>` header, loaded fresh (one statement) so a deactivated
   * user, or a token issued before a password reset, is refused at once.
   */
  async userForToken(authorization: string | undefined): Promise<StaffUser> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw DomainError.unauthenticated();
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      throw DomainError.unauthenticated(INVALID_TOKEN);
    }
    // Signed with our secret but not in our shape (no user id or expiry, issued in the future: ours never are).
    if (
      typeof claims.sub !== 'string' ||
      !isUuid(claims.sub) ||
      (claims.ver !== undefined && typeof claims.ver !== 'number') ||
      typeof claims.exp !== 'number' ||
      typeof claims.iat !== 'number' ||
      claims.iat > Date.now() / 1000 + ISSUED_AT_SKEW_SECONDS
    ) {
      throw DomainError.unauthenticated(INVALID_TOKEN);
    }
    const user = await this.findWithZones(claims.sub);
    if (!user || user.deactivatedAt !== null || user.tokenVersion !== (claims.ver ?? 0))
      throw DomainError.unauthenticated(INVALID_TOKEN);
    return user;
  }

  /**
   * Creates the user, or resets the password, role and zones of an existing email and reactivates it (idempotent,
   * for the CLI: the way back in for a locked-out admin). A reset voids the account's earlier tokens.
   */
  async upsertUser(spec: StaffUserSpec): Promise<{ user: StaffUser; created: boolean }> {
    const email = checkedEmail(spec.email);
    assertPasswordAllowed(spec.password);
    const zones = await this.zones.findAllOrFail(spec.zoneIds ?? [], 'zoneIds');
    const existing = await this.users.findOne({ where: { email } });
    const user = existing ?? this.users.create({ email, tokenVersion: 0 });
    if (existing) user.tokenVersion += 1;
    if (spec.name !== undefined) user.name = spec.name;
    user.passwordHash = await hashPassword(spec.password);
    user.role = spec.role;
    user.zones = zones;
    user.deactivatedAt = null;
    const saved = await this.users.save(user);
    return { user: saved, created: !existing };
  }

  /**
   * A staff user with their zones in one statement: a join without LIMIT (findOne's LIMIT 1 over a to-many join
   * makes TypeORM first select the distinct id, a second statement on every request).
   */
  private findWithZones(id: string): Promise<StaffUser | null> {
    return this.users
      .createQueryBuilder('user')
      .leftJoinAndSelect('user.zones', 'zone')
      .where('user.id = :id', { id })
      .getOne();
  }
}

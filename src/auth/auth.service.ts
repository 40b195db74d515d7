import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import argon2 from 'argon2';
import { In, Repository } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { isUuid } from '../common/uuid.js';
import { Zone } from '../zones/zone.entity.js';
import { StaffRole, StaffUser } from './staff-user.entity.js';

interface TokenClaims {
  sub: string;
  role: StaffRole;
  /** Set by signAsync (JWT_TTL_SECONDS); a token without it would never expire. */
  exp?: number;
  /** Set by signAsync; verification (maxAge) requires it. */
  iat?: number;
}

/** How far ahead of our clock a token's issue time may be (another instance's clock), in seconds. */
const ISSUED_AT_SKEW_SECONDS = 60;

export interface StaffUserSpec {
  email: string;
  password: string;
  role: StaffRole;
  zoneIds?: string[];
}

export const MIN_PASSWORD_LENGTH = 12;

// Verifying against a real hash when the email is unknown keeps response times from revealing which emails exist.
const DUMMY_HASH = argon2.hash('vecino-timing-equaliser');

@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(StaffUser) private readonly users: Repository<StaffUser>,
    @InjectRepository(Zone) private readonly zones: Repository<Zone>,
    private readonly jwt: JwtService,
  ) {}

  async login(email: string, password: string): Promise<{ token: string; user: StaffUser }> {
    const found = await this.users.findOne({
      where: { email: email.trim().toLowerCase() },
      select: { id: true, passwordHash: true },
    });
    const valid = await argon2.verify(found?.passwordHash ?? (await DUMMY_HASH), password);
    if (!found || !valid) throw DomainError.unauthenticated('Wrong email or password');
    const user = await this.users.findOneOrFail({ where: { id: found.id }, relations: { zones: true } });
    const claims: TokenClaims = { sub: user.id, role: user.role };
    return { token: await this.jwt.signAsync(claims), user };
  }

  /** The staff user behind an `Authorization: Bearer <jwt>` header; loaded fresh so a removed user is locked out. */
  async userForToken(authorization: string | undefined): Promise<StaffUser> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw DomainError.unauthenticated();
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      throw DomainError.unauthenticated('The staff token is invalid or expired');
    }
    // Signed with our secret but not in our shape (no user id, no expiry, issued in the future: ours never are).
    if (
      typeof claims.sub !== 'string' ||
      !isUuid(claims.sub) ||
      typeof claims.exp !== 'number' ||
      typeof claims.iat !== 'number' ||
      claims.iat > Date.now() / 1000 + ISSUED_AT_SKEW_SECONDS
    ) {
      throw DomainError.unauthenticated('The staff token is invalid or expired');
    }
    const user = await this.users.findOne({ where: { id: claims.sub }, relations: { zones: true } });
    if (!user) throw DomainError.unauthenticated('The staff token is invalid or expired');
    return user;
  }

  /** Creates the user, or updates the password, role and zones of an existing email (idempotent, for the CLI). */
  async upsertUser(spec: StaffUserSpec): Promise<{ user: StaffUser; created: boolean }> {
    const email = spec.email.trim().toLowerCase();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
      throw DomainError.badInput('email', 'is not an email address');
    if (spec.password.length < MIN_PASSWORD_LENGTH) {
      throw DomainError.badInput('password', `must be at least ${MIN_PASSWORD_LENGTH} characters`);
    }
    const zones = spec.zoneIds?.length ? await this.zones.findBy({ id: In(spec.zoneIds) }) : [];
    if (zones.length !== (spec.zoneIds?.length ?? 0))
      throw DomainError.badInput('zoneIds', 'has an unknown zone');
    const existing = await this.users.findOne({ where: { email } });
    const user = existing ?? this.users.create({ email });
    user.passwordHash = await argon2.hash(spec.password);
    user.role = spec.role;
    user.zones = zones;
    const saved = await this.users.save(user);
    return { user: saved, created: !existing };
  }
}

import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { ZonesModule } from '../zones/zones.module.js';
import { AuthResolver } from './auth.resolver.js';
import { AuthService } from './auth.service.js';
import { StaffAuthGuard } from './staff-auth.guard.js';
import { StaffUser } from './staff-user.entity.js';
import { StaffUsersResolver } from './staff-users.resolver.js';
import { StaffUsersService } from './staff-users.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([StaffUser]),
    ZonesModule,
    AuditModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // A key object rather than the string: given a string, jsonwebtoken first tries it as a PEM public key and
        // builds the secret key only once that has thrown, on every request (5 % of the API's CPU under load).
        secret: createSecretKey(Buffer.from(config.jwtSecret)),
        signOptions: { expiresIn: config.jwtTtlSeconds, issuer: 'vecino' },
        // maxAge: a token is good for JWT_TTL_SECONDS after it was issued, whatever its own `exp` says.
        verifyOptions: { issuer: 'vecino', algorithms: ['HS256'], maxAge: config.jwtTtlSeconds },
      }),
    }),
  ],
  providers: [
    AuthService,
    AuthResolver,
    StaffUsersService,
    StaffUsersResolver,
    { provide: APP_GUARD, useClass: StaffAuthGuard },
  ],
  exports: [AuthService],
})
export class AuthModule {}

import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { Zone } from '../zones/zone.entity.js';
import { AuthResolver } from './auth.resolver.js';
import { AuthService } from './auth.service.js';
import { StaffAuthGuard } from './staff-auth.guard.js';
import { StaffUser } from './staff-user.entity.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([StaffUser, Zone]),
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: config.jwtSecret,
        signOptions: { expiresIn: config.jwtTtlSeconds, issuer: 'vecino' },
        // maxAge: a token is good for JWT_TTL_SECONDS after it was issued, whatever its own `exp` says.
        verifyOptions: { issuer: 'vecino', algorithms: ['HS256'], maxAge: config.jwtTtlSeconds },
      }),
    }),
  ],
  providers: [AuthService, AuthResolver, { provide: APP_GUARD, useClass: StaffAuthGuard }],
  exports: [AuthService],
})
export class AuthModule {}

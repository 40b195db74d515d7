import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { DomainError } from '../common/domain-error.js';
import { IS_PUBLIC, ROLES } from './auth.decorators.js';
import { AuthService } from './auth.service.js';
import { StaffRole, type StaffUser } from './staff-user.entity.js';

export interface GraphQLRequestContext {
  req: { headers: Record<string, string | string[] | undefined>; user?: StaffUser };
}

/** Every GraphQL operation needs a staff token unless marked @Public(); @Roles narrows who may call it. */
@Injectable()
export class StaffAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // HTTP endpoints (webhooks, health, metrics) authenticate in their own way.
    if (context.getType<GqlContextType>() !== 'graphql') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const { req } = GqlExecutionContext.create(context).getContext<GraphQLRequestContext>();
    const header = req.headers.authorization;
    req.user = await this.auth.userForToken(typeof header === 'string' ? header : undefined);

    const roles = this.reflector.getAllAndOverride<StaffRole[] | undefined>(ROLES, targets);
    if (roles && req.user.role !== StaffRole.ADMIN && !roles.includes(req.user.role)) {
      throw DomainError.forbidden(`This needs the role ${[StaffRole.ADMIN, ...roles].join(' or ')}`);
    }
    return true;
  }
}

import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { StaffRole, StaffUser } from './staff-user.entity.js';

export const IS_PUBLIC = 'vecino:isPublic';
export const ROLES = 'vecino:roles';

/** The one operation that needs no token is `login`. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** Roles allowed besides ADMIN, who may do everything. */
export const Roles = (...roles: StaffRole[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES, roles);

export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): StaffUser => {
  return GqlExecutionContext.create(context).getContext<{ req: { user: StaffUser } }>().req.user;
});

import { Field, ObjectType } from '@nestjs/graphql';
import { StaffUser } from '../staff-user.entity.js';

@ObjectType()
export class LoginResult {
  @Field({ description: 'Send as `Authorization: Bearer <token>`' })
  token!: string;

  @Field(() => StaffUser)
  user!: StaffUser;
}

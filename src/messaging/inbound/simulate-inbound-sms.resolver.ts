import type { Provider } from '@nestjs/common';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Roles } from '../../auth/auth.decorators.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { Message } from '../message.entity.js';
import { InboundSmsService } from './inbound-sms.service.js';

@Resolver()
export class SimulateInboundSmsResolver {
  constructor(private readonly inbound: InboundSmsService) {}

  @Roles()
  @Mutation(() => [Message], {
    description:
      'ADMIN; exists only with SMS_TRANSPORT=log, and in production only with ' +
      'ALLOW_LOG_TRANSPORT_IN_PRODUCTION=true. Feeds a text from `from` through the inbound path (as if ' +
      'Twilio had posted it) and returns the replies it recorded.',
  })
  simulateInboundSms(@Args('from') from: string, @Args('body') body: string): Promise<Message[]> {
    return this.inbound.simulate(from, body);
  }
}

/**
 * The simulator resolver only where it is enabled (the `log` transport; in production only on a staging box that
 * set ALLOW_LOG_TRANSPORT_IN_PRODUCTION=true). A factory that yields no instance is skipped by
 * @nestjs/graphql's resolver discovery, so elsewhere the mutation is absent from the schema (a validation
 * error for clients), not merely refused. The committed schema.gql is printed with the default transport, `log`.
 */
export const simulateInboundSmsResolverProvider: Provider = {
  provide: SimulateInboundSmsResolver,
  inject: [APP_CONFIG, InboundSmsService],
  useFactory: (config: AppConfig, inbound: InboundSmsService) =>
    config.smsSimulatorEnabled ? new SimulateInboundSmsResolver(inbound) : null,
};

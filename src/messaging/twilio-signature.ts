import {
  ForbiddenException,
  Inject,
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request } from 'express';
import twilio from 'twilio';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';

/**
 * Lets a Twilio webhook through only with a valid `X-Twilio-Signature`, checked by the SDK's own validation over
 * the configured public URL (so it holds behind a TLS-terminating proxy, where the local URL differs) and the
 * form-encoded body. Without a configured auth token nothing can be verified, so everything is refused.
 */
@Injectable()
export class TwilioSignatureGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const authToken = this.config.webhookAuthToken;
    const signature = request.header('x-twilio-signature');
    if (!authToken) throw new ForbiddenException('Twilio webhooks need TWILIO_AUTH_TOKEN configured');
    if (!signature) throw new ForbiddenException('Missing X-Twilio-Signature');
    const url = `${this.config.publicBaseUrl}${request.originalUrl}`;
    const params = (request.body ?? {}) as Record<string, string>;
    if (!twilio.validateRequest(authToken, signature, url, params)) {
      throw new ForbiddenException('Invalid X-Twilio-Signature');
    }
    return true;
  }
}

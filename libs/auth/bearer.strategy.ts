import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-http-bearer';
import type { RequestUser } from '../http/request-context';
import { SessionService } from './session.service';

/**
 * `Authorization: Bearer <token>` only (API.md). passport-http-bearer also reads `?access_token=`
 * and a body field `access_token` (RFC 6750 §2.2, §2.3): a token in a URL ends up in access logs,
 * browser history and Referer headers, one in a body in whatever logs bodies, and a cross-site form
 * could carry one. So the strategy only ever sees the request's Authorization header.
 */
@Injectable()
export class BearerStrategy extends PassportStrategy(Strategy, 'bearer') {
  constructor(private readonly sessions: SessionService) {
    super();
  }

  override authenticate(req: Request, options?: object): void {
    const headerOnly = { headers: { authorization: req.headers.authorization } } as Request;
    super.authenticate(headerOnly, options);
  }

  async validate(token: string): Promise<RequestUser> {
    return this.sessions.authenticate(token);
  }
}

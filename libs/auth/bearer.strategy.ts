import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-http-bearer';
import type { RequestUser } from '../http/request-context';
import { SessionService } from './session.service';

@Injectable()
export class BearerStrategy extends PassportStrategy(Strategy, 'bearer') {
  constructor(private readonly sessions: SessionService) {
    super();
  }

  async validate(token: string): Promise<RequestUser> {
    return this.sessions.authenticate(token);
  }
}

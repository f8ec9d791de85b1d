import { Injectable } from '@nestjs/common';

/**
 * A readiness check: resolves when its part works, throws (with a message an operator can act on)
 * when it does not. `/health/ready` runs every registered one beside the database and migrations.
 */
export type ReadinessCheck = () => Promise<void>;

/**
 * Extra parts `/health/ready` checks, registered by the features that own them (the job queue:
 * `readiness.register('jobs', async () => { …throw when the queue cannot be reached… })`).
 */
@Injectable()
export class ReadinessChecks {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  entries(): Array<[string, ReadinessCheck]> {
    return [...this.checks];
  }
}

/**
 * Set when the process is shutting down: `/health/ready` then answers 503 so a load balancer sends
 * no new requests, and answers carry `Connection: close` so kept-alive clients move on while the
 * requests in flight finish (main.ts).
 */
@Injectable()
export class ShutdownState {
  draining = false;
}

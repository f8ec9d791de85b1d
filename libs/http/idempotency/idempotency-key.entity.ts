import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * `Idempotency-Key`s of POST creates (IdempotencyInterceptor): the row is inserted before the
 * handler runs, so a concurrent duplicate finds it; the answer (status and JSON body) is stored
 * when the handler is done and replayed to retries with the same key for 24 hours.
 */
@Entity('idempotency_keys')
@Index('ix_idempotency_keys_expires_at', ['expiresAt'])
export class IdempotencyKeyEntity {
  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @PrimaryColumn({ type: 'varchar', length: 255 })
  key: string;

  /** `POST /api/v1/…` as requested (path and query). */
  @Column({ type: 'text' })
  route: string;

  /** SHA-256 of the request body in canonical JSON (keys sorted). */
  @Column({ type: 'bytea' })
  requestHash: Buffer;

  /** null while the first request is still running. */
  @Column({ type: 'int', nullable: true })
  statusCode: number | null;

  /** `json`, not `jsonb`: replayed as it was sent, keys in the same order. */
  @Column({ type: 'json', nullable: true })
  responseBody: unknown;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}

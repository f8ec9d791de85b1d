import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Failed-login counters per account and per client address, for temporary lockout (429). */
@Entity('login_throttles')
export class LoginThrottleEntity {
  @PrimaryColumn({ type: 'varchar', length: 8 })
  scope: 'user' | 'ip';

  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'int', default: 0 })
  failures: number;

  @Column({ type: 'timestamptz' })
  windowStartedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;
}

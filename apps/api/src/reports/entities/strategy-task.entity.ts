import { Column, Entity, Index } from 'typeorm';
import { VersionedEntity } from '../../../../../libs/database/base.entity';

/** A bullet of これまでの取組 / 今後の取組; `repeated` prints (再掲). */
export interface StrategyBullet {
  text: string;
  repeated: boolean;
}

/**
 * A task of the prefectural plan, for the strategy table in the seed's shape: 課題 = numbered
 * heading (`number` + `title`) with a descriptive paragraph, 【lead agencies】 and bullets.
 */
@Entity('strategy_tasks')
@Index('ix_strategy_tasks_prefecture_order', ['prefectureCode', 'sortOrder'])
export class StrategyTaskEntity extends VersionedEntity {
  @Column({ type: 'char', length: 2 })
  prefectureCode: string;

  /** 「4」, 「(3)」: the task's number in the plan. */
  @Column({ type: 'varchar', length: 16, default: '' })
  number: string;

  /** The heading (API: `heading`, also `title`). */
  @Column({ type: 'text' })
  title: string;

  /** The descriptive paragraph under the heading. */
  @Column({ type: 'text', default: '' })
  description: string;

  /** 【…】 lead agencies */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  leadAgencies: string[];

  /** Topic codes whose visits, seminars, consultations and activities are suggested as これまでの取組. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  topics: string[];

  /** これまでの取組 as the team keeps it. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  actionsSoFar: StrategyBullet[];

  /** 今後の取組 */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  plannedActions: StrategyBullet[];

  @Column({ type: 'int', default: 0 })
  sortOrder: number;
}

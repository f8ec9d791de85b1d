import { Column, Entity, Index } from 'typeorm';
import { VersionedEntity } from '../../../../../libs/database/base.entity';

/** A task of the prefectural plan, for the strategy table (これまでの取組 / 今後の取組). */
@Entity('strategy_tasks')
@Index('ix_strategy_tasks_prefecture_order', ['prefectureCode', 'sortOrder'])
export class StrategyTaskEntity extends VersionedEntity {
  @Column({ type: 'char', length: 2 })
  prefectureCode: string;

  @Column({ type: 'text' })
  title: string;

  /** 【…】 lead agencies */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  leadAgencies: string[];

  /** Topic codes whose visits, seminars and liaisons feed "actions so far". */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  topics: string[];

  /** 今後の取組 */
  @Column({ type: 'text', default: '' })
  plannedActions: string;

  @Column({ type: 'int', default: 0 })
  sortOrder: number;
}

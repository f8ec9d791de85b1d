import { Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CouncilItemEntity } from '../../council/entities/council.entity';
import { SeminarEntity } from './seminar.entity';

/** Council items a seminar answers (seminar.councilItemIds). */
@Entity('seminar_council_items')
export class SeminarCouncilItemEntity {
  @PrimaryColumn({ type: 'uuid' })
  seminarId: string;

  @PrimaryColumn({ type: 'uuid' })
  councilItemId: string;

  @ManyToOne(() => SeminarEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'seminar_id' })
  seminar?: SeminarEntity;

  @ManyToOne(() => CouncilItemEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'council_item_id' })
  councilItem?: CouncilItemEntity;
}

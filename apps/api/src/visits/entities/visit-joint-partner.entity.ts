import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { PartnerEntity } from '../../partners/entities/partner.entity';
import { VisitEntity } from './visit.entity';

/** 同行: the partner agencies or units that went along on a visit (a joint visit), e.g. 県警察本部 サイバー攻撃対策隊. */
@Entity('visit_joint_partners')
@Index('ix_visit_joint_partners_partner', ['partnerId'])
export class VisitJointPartnerEntity {
  @PrimaryColumn({ type: 'uuid' })
  visitId: string;

  @PrimaryColumn({ type: 'uuid' })
  partnerId: string;

  @ManyToOne(() => VisitEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'visit_id' })
  visit?: VisitEntity;

  @ManyToOne(() => PartnerEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'partner_id' })
  partner?: PartnerEntity;
}

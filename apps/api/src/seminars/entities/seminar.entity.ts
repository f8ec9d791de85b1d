import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { VersionedEntity } from '../../../../../libs/database/base.entity';
import { StationEntity } from '../../../../../libs/auth/entities/station.entity';
import { OrganizationEntity } from '../../organizations/entities/organization.entity';
import { PartnerEntity } from '../../partners/entities/partner.entity';

export const SEMINAR_KINDS = ['seminar', 'briefing', 'school_lecture', 'exercise', 'other'] as const;
export type SeminarKind = (typeof SEMINAR_KINDS)[number];

export interface SeminarSpeaker {
  userId?: string;
  name: string;
  affiliation?: string;
}

/** セミナー・講演・情報提供: one-to-many outreach. */
@Entity('seminars')
@Index('ix_seminars_station_held', ['stationId', 'heldOn'])
export class SeminarEntity extends VersionedEntity {
  @Column({ type: 'uuid' })
  stationId: string;

  @ManyToOne(() => StationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'station_id' })
  station?: StationEntity;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'varchar', length: 16 })
  kind: SeminarKind;

  @Column({ type: 'date' })
  heldOn: string;

  @Column({ type: 'text', nullable: true })
  venue: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  speakers: SeminarSpeaker[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  topics: string[];

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column({ type: 'uuid' })
  createdBy: string;
}

/** Who attended: a registered organization or a free entry (a school, a group), with a head count. */
@Entity('seminar_participants')
@Check('ck_seminar_participants_count', '"attendee_count" >= 1')
@Check('ck_seminar_participants_who', '("organization_id" IS NULL) <> ("name" IS NULL)')
@Index('ix_seminar_participants_seminar', ['seminarId'])
@Index('ix_seminar_participants_organization', ['organizationId'])
export class SeminarParticipantEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  seminarId: string;

  @ManyToOne(() => SeminarEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'seminar_id' })
  seminar?: SeminarEntity;

  @Column({ type: 'uuid', nullable: true })
  organizationId: string | null;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id' })
  organization?: OrganizationEntity;

  @Column({ type: 'text', nullable: true })
  name: string | null;

  @Column({ type: 'int' })
  attendeeCount: number;

  @Column({ type: 'int', default: 0 })
  position: number;
}

/** Co-organizing partner agencies. */
@Entity('seminar_partners')
@Index('ix_seminar_partners_partner', ['partnerId'])
export class SeminarPartnerEntity {
  @PrimaryColumn({ type: 'uuid' })
  seminarId: string;

  @PrimaryColumn({ type: 'uuid' })
  partnerId: string;

  @ManyToOne(() => SeminarEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'seminar_id' })
  seminar?: SeminarEntity;

  @ManyToOne(() => PartnerEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'partner_id' })
  partner?: PartnerEntity;
}

import { Column, Entity, Index } from 'typeorm';
import { VersionedEntity } from '../../database/base.entity';

/** A police station (警察署) and the municipalities of its area (管内). */
@Entity('stations')
export class StationEntity extends VersionedEntity {
  @Index('uq_stations_code', { unique: true })
  @Column({ type: 'varchar', length: 20 })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'char', length: 2 })
  prefectureCode: string;

  /** 5-digit local-government codes (全国地方公共団体コード without check digit), e.g. 35208 岩国市. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  municipalityCodes: string[];
}

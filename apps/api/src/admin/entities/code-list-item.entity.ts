import { Column, Entity, PrimaryColumn } from 'typeorm';

export const CODE_LIST_KINDS = ['sector', 'topic', 'legalForm'] as const;
export type CodeListKind = (typeof CODE_LIST_KINDS)[number];

/** Admin-extendable code lists with Japanese and English labels. */
@Entity('code_list_items')
export class CodeListItemEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  kind: CodeListKind;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'text' })
  labelJa: string;

  @Column({ type: 'text' })
  labelEn: string;

  @Column({ type: 'int', default: 0 })
  sortOrder: number;

  @Column({ type: 'boolean', default: true })
  active: boolean;
}

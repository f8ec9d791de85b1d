import type { EntityManager } from 'typeorm';
import type { DemoSeeder } from '../demo/demo-seed';
import { withCorporateNumberCheckDigit } from '../../../../libs/japanese/corporate-number';
import type { Tier } from './entities/organization.entity';
import { municipalityName, organizationText } from './organization-text';

export interface DemoOrganization {
  name: string;
  nameKana: string;
  corporateBase?: string;
  legalForm?: string;
  sector: string;
  tier: Tier;
  municipality: string;
  address: string;
  postalCode?: string;
  technologies?: string[];
  exportControlRelevant?: boolean;
  consultationDesk?: 'none' | 'planned' | 'established';
}

/**
 * Inserts organizations with their derived search columns filled exactly as the API fills them
 * (organizationText; search_grams by the trigger). Returns the ids in input order.
 */
export async function insertOrganizations(
  tx: EntityManager,
  stationId: string,
  orgs: DemoOrganization[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const o of orgs) {
    const corporateNumber = o.corporateBase ? withCorporateNumberCheckDigit(o.corporateBase) : null;
    const text = organizationText({
      name: o.name,
      nameKana: o.nameKana,
      address: o.address,
      corporateNumber,
    });
    const [row] = await tx.query(
      `INSERT INTO organizations (station_id, corporate_number, name, name_kana, legal_form, sector, technologies,
         tier, municipality_code, municipality_name, address, postal_code, export_control_relevant,
         consultation_desk, search_text, normalized_name, sort_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`,
      [
        stationId,
        corporateNumber,
        o.name,
        o.nameKana,
        o.legalForm ?? null,
        o.sector,
        o.technologies ?? [],
        o.tier,
        o.municipality,
        municipalityName(o.municipality),
        o.address,
        o.postalCode ?? null,
        o.exportControlRelevant ?? false,
        o.consultationDesk ?? 'none',
        text.searchText,
        text.normalizedName,
        text.sortKey,
      ],
    );
    ids.push(row.id);
  }
  return ids;
}

const IWAKUNI: DemoOrganization[] = [
  {
    name: '株式会社岩国精密',
    nameKana: 'イワクニセイミツ',
    corporateBase: '250001000001',
    legalForm: 'kabushiki',
    sector: 'advanced_tech',
    tier: 'A',
    municipality: '35208',
    address: '山口県岩国市装束町1丁目1-1',
    postalCode: '7400002',
    technologies: ['精密加工', '半導体製造装置部品'],
    exportControlRelevant: true,
    consultationDesk: 'planned',
  },
  {
    name: '和木化学株式会社',
    nameKana: 'ワキカガク',
    corporateBase: '250001000002',
    legalForm: 'kabushiki',
    sector: 'chemical',
    tier: 'A',
    municipality: '35321',
    address: '山口県玖珂郡和木町和木1丁目2-3',
    postalCode: '7400061',
    technologies: ['機能性樹脂'],
    exportControlRelevant: true,
    consultationDesk: 'established',
  },
  {
    name: '岩国医療センター',
    nameKana: 'イワクニイリョウセンター',
    sector: 'medical',
    tier: 'B',
    municipality: '35208',
    address: '山口県岩国市愛宕町1丁目1-1',
    postalCode: '7408510',
  },
  {
    name: '錦川電力株式会社',
    nameKana: 'ニシキガワデンリョク',
    corporateBase: '250001000003',
    legalForm: 'kabushiki',
    sector: 'infra_power',
    tier: 'A',
    municipality: '35208',
    address: '山口県岩国市錦町広瀬100',
    postalCode: '7400724',
  },
  {
    name: '国立大学法人 山口先端技術研究所 岩国分室',
    nameKana: 'ヤマグチセンタンギジュツケンキュウショ イワクニブンシツ',
    legalForm: 'national_university',
    sector: 'university',
    tier: 'B',
    municipality: '35208',
    address: '山口県岩国市川下町2丁目5-1',
    technologies: ['材料工学', 'AI'],
  },
  {
    name: '岩国市水道局',
    nameKana: 'イワクニシスイドウキョク',
    legalForm: 'public_body',
    sector: 'infra_water',
    tier: 'B',
    municipality: '35208',
    address: '山口県岩国市今津町1丁目14-51',
  },
  {
    name: '株式会社瀬戸内マテリアル',
    nameKana: 'セトウチマテリアル',
    corporateBase: '250001000004',
    legalForm: 'kabushiki',
    sector: 'manufacturing',
    tier: 'C',
    municipality: '35208',
    address: '山口県岩国市新港町3丁目2-2',
  },
  {
    name: '周防バイオ合同会社',
    nameKana: 'スオウバイオ',
    corporateBase: '250001000005',
    legalForm: 'godo',
    sector: 'advanced_tech',
    tier: 'C',
    municipality: '35321',
    address: '山口県玖珂郡和木町瀬田3-1',
    technologies: ['バイオ医薬'],
  },
];

const YANAI: DemoOrganization[] = [
  {
    name: '柳井電子工業株式会社',
    nameKana: 'ヤナイデンシコウギョウ',
    corporateBase: '250001000006',
    legalForm: 'kabushiki',
    sector: 'advanced_tech',
    tier: 'B',
    municipality: '35212',
    address: '山口県柳井市柳井1000',
  },
];

/** Demo data of this feature (see demo/demo-seed.ts). */
export const seedOrganizationsDemo: DemoSeeder = async (tx, ctx) => {
  const ids = await insertOrganizations(tx, ctx.stationId, IWAKUNI);
  const yanaiIds = await insertOrganizations(tx, ctx.otherStationId, YANAI);
  // The registry existed before the demo's history (visits since 2022): coverage "as of" a past
  // month counts only organizations recorded by then.
  await tx.query(`UPDATE organizations SET created_at = '2022-04-01T09:00:00+09:00' WHERE id = ANY($1)`, [
    [...ids, ...yanaiIds],
  ]);
  await tx.query(
    `INSERT INTO contacts (organization_id, station_id, name, name_kana, title, role, phone, email)
     VALUES ($1, $3, '山田 太郎', 'ヤマダ タロウ', '総務部長', 'manager', '0827-00-1111', 'yamada@example.jp'),
            ($1, $3, '佐々木 花子', 'ササキ ハナコ', '研究開発部 主任研究員', 'researcher', NULL, NULL),
            ($2, $3, '松本 健', 'マツモト ケン', '環境安全部長', 'manager', '0827-00-2222', NULL)`,
    [ids[0], ids[1], ctx.stationId],
  );
  ctx.log(`organizations: ${IWAKUNI.length + YANAI.length}, contacts: 3`);
};

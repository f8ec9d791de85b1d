import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  List,
  Modal,
  Radio,
  Select,
  Stack,
  Table,
  TagsInput,
  Text,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../api/reference';
import type { OrganizationBulkBody, OrganizationBulkResult, Tier } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useBulkUpdateOrganizations } from './api';

/** An organization picked in the list, as it was read (its version goes with the change). */
export interface SelectedOrganization {
  id: string;
  version: number;
  name: string;
  sector: string | null;
  suggestedSector: string | null;
}

type TierChoice = 'keep' | Tier | 'candidate';
type SectorMode = 'keep' | 'suggested' | 'set';

/**
 * The requests for one triage action: one when a single sector (or none) is set, else one per
 * suggested sector (the organizations without a suggestion keep theirs, and get only the tier and
 * technologies, if any).
 */
export function bulkRequests(
  selected: SelectedOrganization[],
  choice: { tier: TierChoice; sectorMode: SectorMode; sector: string | null; technologies: string[] | null },
): OrganizationBulkBody[] {
  const base: OrganizationBulkBody['set'] = {};
  if (choice.tier === 'candidate') base.tier = null;
  else if (choice.tier !== 'keep') base.tier = choice.tier;
  if (choice.technologies) base.technologies = choice.technologies;
  const hasBase = Object.keys(base).length > 0;
  const item = (o: SelectedOrganization) => ({ id: o.id, version: o.version });
  if (choice.sectorMode === 'set')
    return [{ items: selected.map(item), set: { ...base, sector: choice.sector } }];
  if (choice.sectorMode === 'keep') return hasBase ? [{ items: selected.map(item), set: base }] : [];
  const bySector = new Map<string | null, SelectedOrganization[]>();
  for (const o of selected) {
    const key = o.suggestedSector;
    bySector.set(key, [...(bySector.get(key) ?? []), o]);
  }
  const requests: OrganizationBulkBody[] = [];
  for (const [sector, orgs] of bySector) {
    if (sector) requests.push({ items: orgs.map(item), set: { ...base, sector } });
    else if (hasBase) requests.push({ items: orgs.map(item), set: base });
  }
  return requests;
}

/**
 * 区分・業種・技術を一括設定: the tier (a target's priority, or back to candidate), the sector (kept,
 * each organization's suggested one, or one for all) and the technologies of the organizations
 * picked in the list. Suggested sectors are shown beside each name and applied only when chosen.
 * The answer lists what changed and, by name, what did not and why.
 */
export function BulkTriageModal({
  opened,
  selected,
  onClose,
  onDone,
}: {
  opened: boolean;
  selected: SelectedOrganization[];
  onClose: () => void;
  /** After a request went through (some items may have failed). */
  onDone: (result: OrganizationBulkResult) => void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const bulk = useBulkUpdateOrganizations();
  const [tier, setTier] = useState<TierChoice>('keep');
  const [sectorMode, setSectorMode] = useState<SectorMode>('keep');
  const [sector, setSector] = useState<string | null>(null);
  const [replaceTech, setReplaceTech] = useState(false);
  const [technologies, setTechnologies] = useState<string[]>([]);
  const [result, setResult] = useState<OrganizationBulkResult | null>(null);

  const names = new Map(selected.map((o) => [o.id, o.name]));
  const anySuggestion = selected.some((o) => o.suggestedSector);
  const requests = bulkRequests(selected, {
    tier,
    sectorMode,
    sector,
    technologies: replaceTech ? technologies : null,
  });
  const sectorAfter = (o: SelectedOrganization): string | null | undefined =>
    sectorMode === 'set'
      ? sector
      : sectorMode === 'suggested' && o.suggestedSector
        ? o.suggestedSector
        : undefined;

  const close = () => {
    setResult(null);
    bulk.reset();
    onClose();
  };

  const submit = async () => {
    const answer = await bulk.mutateAsync(requests);
    setResult(answer);
    onDone(answer);
  };

  return (
    <Modal
      opened={opened}
      onClose={close}
      size="xl"
      title={t('triage.bulkTitle', { count: selected.length })}
      data-testid="bulk-modal"
    >
      {result ? (
        <Stack>
          <Alert color="teal" data-testid="bulk-updated">
            {t('triage.updated', { count: result.updated.length })}
          </Alert>
          {result.failed.length > 0 && (
            <Alert
              color="orange"
              title={t('triage.failedTitle', { count: result.failed.length })}
              data-testid="bulk-failed"
            >
              <List size="sm">
                {result.failed.map((f) => (
                  <List.Item key={f.id}>
                    <Text span fw={600}>
                      {f.name ?? names.get(f.id) ?? f.id}
                    </Text>
                    {': '}
                    {t(`triage.failure.${f.code}`, { defaultValue: f.message })}
                  </List.Item>
                ))}
              </List>
            </Alert>
          )}
          <Group justify="flex-end">
            <Button onClick={close}>{t('common.close')}</Button>
          </Group>
        </Stack>
      ) : (
        <Stack>
          <Select
            label={t('triage.tier')}
            description={t('triage.tierHint')}
            data={[
              { value: 'keep', label: t('triage.keep') },
              { value: 'A', label: t('enums.tier.A') },
              { value: 'B', label: t('enums.tier.B') },
              { value: 'C', label: t('enums.tier.C') },
              { value: 'candidate', label: t('triage.backToCandidate') },
            ]}
            value={tier}
            onChange={(v) => setTier((v as TierChoice) ?? 'keep')}
            allowDeselect={false}
            data-testid="bulk-tier"
          />
          <Radio.Group
            label={t('triage.sector')}
            value={sectorMode}
            onChange={(v) => setSectorMode(v as SectorMode)}
          >
            <Group mt="xs">
              <Radio value="keep" label={t('triage.keep')} />
              <Radio value="suggested" label={t('triage.useSuggested')} disabled={!anySuggestion} />
              <Radio value="set" label={t('triage.setOne')} />
            </Group>
          </Radio.Group>
          {sectorMode === 'set' && (
            <Select
              label={t('org.sector')}
              data={labels.codeOptions('sector')}
              value={sector}
              onChange={setSector}
              clearable
              placeholder={t('triage.clearSector')}
              data-testid="bulk-sector"
            />
          )}
          <Checkbox
            label={t('triage.replaceTechnologies')}
            checked={replaceTech}
            onChange={(e) => setReplaceTech(e.currentTarget.checked)}
          />
          {replaceTech && (
            <TagsInput
              label={t('org.technologies')}
              description={t('org.technologiesHint')}
              value={technologies}
              onChange={setTechnologies}
              maxTags={50}
            />
          )}
          <Table.ScrollContainer minWidth={480} mah={280}>
            <Table fz="sm" withTableBorder data-testid="bulk-preview">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('org.name')}</Table.Th>
                  <Table.Th>{t('triage.currentSector')}</Table.Th>
                  <Table.Th>{t('triage.suggestedSector')}</Table.Th>
                  <Table.Th>{t('triage.sectorAfter')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {selected.map((o) => {
                  const after = sectorAfter(o);
                  return (
                    <Table.Tr key={o.id}>
                      <Table.Td>{o.name}</Table.Td>
                      <Table.Td>{o.sector ? labels.code('sector', o.sector) : '—'}</Table.Td>
                      <Table.Td>
                        {o.suggestedSector ? (
                          <Badge variant="light" color="indigo">
                            {labels.code('sector', o.suggestedSector)}
                          </Badge>
                        ) : (
                          '—'
                        )}
                      </Table.Td>
                      <Table.Td>
                        {after === undefined
                          ? t('triage.keep')
                          : after
                            ? labels.code('sector', after)
                            : t('triage.cleared')}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {bulk.error ? <ErrorAlert error={bulk.error} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button
              onClick={() => void submit().catch(() => undefined)}
              loading={bulk.isPending}
              disabled={requests.length === 0 || (sectorMode === 'set' && sector === undefined)}
              data-testid="bulk-apply"
            >
              {t('triage.apply', { count: selected.length })}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

import {
  Button,
  Group,
  Modal,
  SimpleGrid,
  Stack,
  Table,
  TagsInput,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStations, referenceKeys } from '../../api/reference';
import type { Station } from '../../api/types';
import { ConflictModal } from '../../components/ConflictModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { EmptyRow } from '../../components/TableParts';
import { normalizeDigits } from '../../lib/format';
import { municipalityLabel } from '../../lib/municipalities';
import { notifySuccess } from '../../lib/notify';
import { useFormState } from '../../lib/useFormState';
import { useSaveForm } from '../../lib/useSaveForm';
import {
  fetchStation,
  useCreateStation,
  useUpdateStation,
  type CreateStationBody,
  type UpdateStationBody,
} from './api';

export interface StationValues {
  code: string;
  name: string;
  prefectureCode: string;
  municipalityCodes: string[];
}

export function stationToValues(station?: Station): StationValues {
  return {
    code: station?.code ?? '',
    name: station?.name ?? '',
    prefectureCode: station?.prefectureCode ?? '35',
    municipalityCodes: station?.municipalityCodes ?? [],
  };
}

export function validateStation(v: StationValues, isNew: boolean, t: TFunction): Record<string, string> {
  const e: Record<string, string> = {};
  if (isNew && !/^[a-z0-9_-]{2,20}$/.test(v.code)) e.code = t('validation.stationCode');
  if (!v.name.trim()) e.name = t('validation.required');
  if (isNew && !/^(0[1-9]|[1-3][0-9]|4[0-7])$/.test(v.prefectureCode))
    e.prefectureCode = t('validation.prefectureCode');
  if (v.municipalityCodes.some((c) => !/^\d{5}$/.test(c)))
    e.municipalityCodes = t('validation.municipalityCode');
  return e;
}

/** A new station: exactly CreateStationDto. */
export function createStationBody(v: StationValues): CreateStationBody {
  return {
    code: v.code,
    name: v.name.trim(),
    prefectureCode: v.prefectureCode,
    municipalityCodes: v.municipalityCodes,
  };
}

/** An edit: exactly fields of UpdateStationDto (code and prefecture are fixed once created). */
export function stationFields(v: StationValues): Omit<UpdateStationBody, 'version'> {
  return { name: v.name.trim(), municipalityCodes: v.municipalityCodes };
}

/** `municipalityCodes[3]` (one bad code) → the codes field. */
function stationFormKey(field: string): string {
  return field.startsWith('municipalityCodes') ? 'municipalityCodes' : field;
}

export function StationForm({ station, onDone }: { station?: Station; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useFormState<StationValues>(() => stationToValues(station));
  const { values, set, errors, textField } = form;
  const [version, setVersion] = useState(station?.version);
  const createStation = useCreateStation();
  const updateStation = useUpdateStation();
  const stationId = station?.id;
  const saver = useSaveForm({
    form,
    validate: (v) => validateStation(v, !station, t),
    mapField: stationFormKey,
    fetchLatest: () => fetchStation(stationId!),
    save: (v) =>
      stationId && version !== undefined
        ? updateStation.mutateAsync({ id: stationId, body: { ...stationFields(v), version } })
        : createStation.mutateAsync(createStationBody(v)),
    onSaved: (saved) => {
      setVersion(saved.version);
      notifySuccess(t('common.saved'));
      onDone();
    },
  });
  const { busy, error, conflict, formRef } = saver;

  return (
    <form
      ref={formRef}
      onSubmit={(e) => {
        e.preventDefault();
        void saver.submit();
      }}
      noValidate
      aria-label={station ? t('admin.editStation') : t('admin.createStation')}
    >
      <Stack gap="sm">
        {error ? <ErrorAlert error={error} /> : null}
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label={t('admin.code')}
            required
            disabled={!!station}
            {...textField('code')}
            placeholder="iwakuni"
            data-autofocus
          />
          <TextInput label={t('admin.name')} required {...textField('name')} placeholder="岩国警察署" />
          <TextInput
            label={t('admin.prefectureCode')}
            required
            disabled={!!station}
            inputMode="numeric"
            maxLength={2}
            value={values.prefectureCode}
            onChange={(e) => set('prefectureCode', normalizeDigits(e.currentTarget.value))}
            error={errors.prefectureCode}
          />
        </SimpleGrid>
        <TagsInput
          label={t('admin.municipalityCodes')}
          description={t('admin.municipalityCodesHint')}
          value={values.municipalityCodes}
          onChange={(v) =>
            set(
              'municipalityCodes',
              v.map((c) => normalizeDigits(c)),
            )
          }
          error={errors.municipalityCodes}
          splitChars={[',', ' ', '、']}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={() => saver.cancel(onDone)}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
      <ConflictModal
        latest={conflict.latest}
        mine={stationFields(values)}
        myVersion={version}
        fields={[
          { key: 'name', label: t('admin.name') },
          { key: 'municipalityCodes', label: t('admin.municipalityCodes') },
        ]}
        onClose={conflict.clear}
        onKeep={() => {
          if (conflict.latest) {
            setVersion(conflict.latest.version);
            notifySuccess(t('conflict.reloaded', { version: conflict.latest.version }));
          }
          conflict.clear();
        }}
        onDiscard={() => {
          const latest = conflict.latest;
          if (latest) {
            form.reset(stationToValues(latest));
            setVersion(latest.version);
            void queryClient.invalidateQueries({ queryKey: referenceKeys.stations });
          }
          conflict.clear();
        }}
      />
    </form>
  );
}

export function StationsPage() {
  const { t } = useTranslation();
  const { data, error, refetch } = useStations();
  const [editing, setEditing] = useState<Station | 'new' | null>(null);
  return (
    <>
      <PageHeader
        title={t('admin.stationsTitle')}
        actions={<Button onClick={() => setEditing('new')}>{t('admin.createStation')}</Button>}
      />
      {error ? <ErrorAlert error={error} onRetry={() => void refetch()} /> : null}
      <Table.ScrollContainer minWidth={640}>
        <Table striped>
          <VisuallyHidden component="caption">{t('admin.stationsTitle')}</VisuallyHidden>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('admin.code')}</Table.Th>
              <Table.Th>{t('admin.name')}</Table.Th>
              <Table.Th>{t('admin.prefectureCode')}</Table.Th>
              <Table.Th>{t('admin.municipalityCodes')}</Table.Th>
              <Table.Th>{t('common.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data?.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td ff="monospace">{s.code}</Table.Td>
                <Table.Td>{s.name}</Table.Td>
                <Table.Td>{s.prefectureCode}</Table.Td>
                <Table.Td>{s.municipalityCodes.map((c) => municipalityLabel(c)).join('、')}</Table.Td>
                <Table.Td>
                  <Button size="compact-sm" variant="subtle" onClick={() => setEditing(s)}>
                    {t('common.edit')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
            {data && data.length === 0 && <EmptyRow colSpan={5}>{t('common.noData')}</EmptyRow>}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('admin.createStation') : t('admin.editStation')}
        size="lg"
      >
        {editing !== null && (
          <StationForm station={editing === 'new' ? undefined : editing} onDone={() => setEditing(null)} />
        )}
      </Modal>
    </>
  );
}

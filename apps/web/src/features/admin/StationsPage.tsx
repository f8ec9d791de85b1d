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
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { useStations } from '../../api/reference';
import type { Station } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { EmptyRow } from '../../components/TableParts';
import { normalizeDigits } from '../../lib/format';
import { municipalityLabel } from '../../lib/municipalities';
import { notifySuccess } from '../../lib/notify';
import { useFormState } from '../../lib/useFormState';

function StationForm({ station, onDone }: { station?: Station; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useFormState({
    code: station?.code ?? '',
    name: station?.name ?? '',
    prefectureCode: station?.prefectureCode ?? '35',
    municipalityCodes: station?.municipalityCodes ?? [],
  });
  const { values, set, errors, textField } = form;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(station?.version);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const fe: Record<string, string> = {};
    if (!station && !/^[a-z0-9_-]{2,20}$/.test(values.code)) fe.code = t('validation.stationCode');
    if (!values.name.trim()) fe.name = t('validation.required');
    if (!station && !/^(0[1-9]|[1-3][0-9]|4[0-7])$/.test(values.prefectureCode))
      fe.prefectureCode = t('validation.prefectureCode');
    if (values.municipalityCodes.some((c) => !/^\d{5}$/.test(c)))
      fe.municipalityCodes = t('validation.municipalityCode');
    form.setErrors(fe);
    if (Object.keys(fe).length) return;
    setBusy(true);
    setError(null);
    try {
      if (station) {
        const saved = await api.patch<Station>(`/stations/${station.id}`, {
          version,
          name: values.name.trim(),
          municipalityCodes: values.municipalityCodes,
        });
        setVersion(saved.version);
      } else {
        await api.post('/stations', {
          code: values.code,
          name: values.name.trim(),
          prefectureCode: values.prefectureCode,
          municipalityCodes: values.municipalityCodes,
        });
      }
      void queryClient.invalidateQueries({ queryKey: ['stations'] });
      notifySuccess(t('common.saved'));
      onDone();
    } catch (err) {
      if (err instanceof ApiError) {
        const f = err.fieldErrors;
        const mc = Object.keys(f).find((k) => k.startsWith('municipalityCodes'));
        if (mc) f.municipalityCodes = f[mc];
        form.setErrors(f);
      }
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate>
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
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
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

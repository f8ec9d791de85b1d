import { Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isConflict } from '../api/errors';
import { notifyError } from '../lib/notify';

export interface ConflictField {
  key: string;
  label: string;
  format?: (value: unknown) => string;
}

function show(value: unknown, format?: (v: unknown) => string): string {
  if (format) return format(value);
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value))
    return value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join('、');
  if (typeof value === 'boolean') return value ? '✓' : '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

function same(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => (v === '' || v === undefined ? null : v);
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

/**
 * Shown when a save answers 409: someone saved a newer version. The user can load the newer
 * version as the base while keeping everything typed (then save again), or discard the input.
 */
export function ConflictModal({
  latest,
  mine,
  myVersion,
  fields,
  onKeep,
  onDiscard,
  onClose,
}: {
  latest: Record<string, unknown> | null;
  mine: Record<string, unknown>;
  myVersion: number | undefined;
  fields: ConflictField[];
  onKeep: () => void;
  onDiscard: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const diffs = latest ? fields.filter((f) => !same(latest[f.key], mine[f.key])) : [];
  return (
    <Modal opened={latest !== null} onClose={onClose} title={t('conflict.title')} size="lg" centered>
      <Stack gap="sm">
        <Text role="alert">
          {t('conflict.body', {
            mine: myVersion ?? '?',
            theirs: (latest?.version as number | undefined) ?? '?',
          })}
        </Text>
        <Text size="sm" c="dimmed">
          {t('conflict.keepHint')}
        </Text>
        {diffs.length > 0 && (
          <Table.ScrollContainer minWidth={420}>
            <Table striped withTableBorder>
              <Table.Caption>{t('conflict.differences')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('conflict.field')}</Table.Th>
                  <Table.Th>{t('conflict.theirs')}</Table.Th>
                  <Table.Th>{t('conflict.mine')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {diffs.map((f) => (
                  <Table.Tr key={f.key}>
                    <Table.Td>{f.label}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{show(latest?.[f.key], f.format)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{show(mine[f.key], f.format)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <Group justify="flex-end" wrap="wrap">
          <Button variant="default" color="red" onClick={onDiscard}>
            {t('conflict.discard')}
          </Button>
          <Button onClick={onKeep} data-autofocus>
            {t('conflict.reloadKeep')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** On a 409, fetch the newest version for the conflict dialog. `check` answers whether it handled the error. */
export function useConflict<T>(fetchLatest: () => Promise<T>) {
  const { t } = useTranslation();
  const [latest, setLatest] = useState<T | null>(null);
  const check = useCallback(
    async (err: unknown): Promise<boolean> => {
      if (!isConflict(err)) return false;
      try {
        setLatest(await fetchLatest());
      } catch (e) {
        notifyError(e, t);
      }
      return true;
    },
    [fetchLatest, t],
  );
  const clear = useCallback(() => setLatest(null), []);
  return { latest, check, clear };
}

import {
  Badge,
  Button,
  Group,
  Modal,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Tabs,
  TextInput,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { useCodeItems } from '../../api/reference';
import type { CodeItem, CodeKind } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { EmptyRow } from '../../components/TableParts';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useFormState } from '../../lib/useFormState';

const KINDS: CodeKind[] = ['sector', 'topic', 'legalForm'];

type CodeRow = CodeItem & { sortOrder?: number; active?: boolean };

function CodeForm({ kind, item, onDone }: { kind: CodeKind; item?: CodeRow; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useFormState({
    code: item?.code ?? '',
    labelJa: item?.labelJa ?? '',
    labelEn: item?.labelEn ?? '',
  });
  const { values, textField } = form;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const fe: Record<string, string> = {};
    if (!item && !/^[a-z0-9_]{1,64}$/.test(values.code)) fe.code = t('validation.codeFormat');
    if (!values.labelJa.trim()) fe.labelJa = t('validation.required');
    if (!values.labelEn.trim()) fe.labelEn = t('validation.required');
    form.setErrors(fe);
    if (Object.keys(fe).length) return;
    setBusy(true);
    setError(null);
    try {
      if (item) {
        await api.patch(`/code-lists/${kind}/${item.code}`, {
          labelJa: values.labelJa.trim(),
          labelEn: values.labelEn.trim(),
        });
      } else {
        await api.post('/code-lists', {
          kind,
          code: values.code,
          labelJa: values.labelJa.trim(),
          labelEn: values.labelEn.trim(),
        });
      }
      void queryClient.invalidateQueries({ queryKey: ['code-lists'] });
      notifySuccess(t('common.saved'));
      onDone();
    } catch (err) {
      if (err instanceof ApiError) form.setErrors(err.fieldErrors);
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
            label={t('admin.itemCode')}
            required
            disabled={!!item}
            {...textField('code')}
            placeholder="advanced_tech"
            data-autofocus
          />
          <TextInput label={t('admin.labelJa')} required {...textField('labelJa')} />
          <TextInput label={t('admin.labelEn')} required {...textField('labelEn')} />
        </SimpleGrid>
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

export function CodeListsPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { data, error, refetch } = useCodeItems();
  const [kind, setKind] = useState<CodeKind>('sector');
  const [editing, setEditing] = useState<CodeRow | 'new' | null>(null);
  const rows = ((data ?? []) as CodeRow[]).filter((c) => c.kind === kind);

  const setActive = async (c: CodeRow, active: boolean) => {
    try {
      await api.patch(`/code-lists/${c.kind}/${c.code}`, { active });
      void queryClient.invalidateQueries({ queryKey: ['code-lists'] });
    } catch (err) {
      notifyError(err, t);
    }
  };

  return (
    <>
      <PageHeader
        title={t('admin.codeListsTitle')}
        actions={<Button onClick={() => setEditing('new')}>{t('admin.addCode')}</Button>}
      />
      {error ? <ErrorAlert error={error} onRetry={() => void refetch()} /> : null}
      <Tabs value={kind} onChange={(v) => v && setKind(v as CodeKind)}>
        <Tabs.List>
          {KINDS.map((k) => (
            <Tabs.Tab key={k} value={k}>
              {t(`enums.codeKind.${k}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Table.ScrollContainer minWidth={560} mt="sm">
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('admin.itemCode')}</Table.Th>
              <Table.Th>{t('admin.labelJa')}</Table.Th>
              <Table.Th>{t('admin.labelEn')}</Table.Th>
              <Table.Th>{t('common.status')}</Table.Th>
              <Table.Th>{t('common.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((c) => (
              <Table.Tr key={c.code}>
                <Table.Td ff="monospace">{c.code}</Table.Td>
                <Table.Td>{c.labelJa}</Table.Td>
                <Table.Td>{c.labelEn}</Table.Td>
                <Table.Td>
                  {c.active === undefined ? (
                    <Badge variant="light">{t('admin.enabledState')}</Badge>
                  ) : (
                    <Switch
                      checked={c.active}
                      onChange={(e) => void setActive(c, e.currentTarget.checked)}
                      label={c.active ? t('admin.enabledState') : t('admin.disabled')}
                      aria-label={`${c.code}: ${t('admin.enabledState')}`}
                    />
                  )}
                </Table.Td>
                <Table.Td>
                  <Button size="compact-sm" variant="subtle" onClick={() => setEditing(c)}>
                    {t('common.edit')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
            {data && rows.length === 0 && <EmptyRow colSpan={5}>{t('common.noData')}</EmptyRow>}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={`${t(`enums.codeKind.${kind}`)}: ${editing === 'new' ? t('admin.addCode') : t('common.edit')}`}
        size="lg"
      >
        {editing !== null && (
          <CodeForm
            kind={kind}
            item={editing === 'new' ? undefined : editing}
            onDone={() => setEditing(null)}
          />
        )}
      </Modal>
    </>
  );
}

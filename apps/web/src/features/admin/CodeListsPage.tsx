import {
  Button,
  Group,
  Modal,
  NumberInput,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Tabs,
  TextInput,
} from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCodeItems } from '../../api/reference';
import type { CodeItem, CodeKind } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { EmptyRow } from '../../components/TableParts';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useFormState } from '../../lib/useFormState';
import { useSaveForm } from '../../lib/useSaveForm';
import { useCreateCode, useUpdateCode, type CreateCodeBody, type UpdateCodeBody } from './api';

const KINDS: CodeKind[] = ['sector', 'topic', 'legalForm'];

export interface CodeValues {
  code: string;
  labelJa: string;
  labelEn: string;
  sortOrder: number | '';
}

export function codeToValues(item?: CodeItem): CodeValues {
  return {
    code: item?.code ?? '',
    labelJa: item?.labelJa ?? '',
    labelEn: item?.labelEn ?? '',
    sortOrder: item?.sortOrder ?? '',
  };
}

export function validateCode(v: CodeValues, isNew: boolean, t: TFunction): Record<string, string> {
  const e: Record<string, string> = {};
  if (isNew && !/^[a-z0-9_]{1,64}$/.test(v.code)) e.code = t('validation.codeFormat');
  if (!v.labelJa.trim()) e.labelJa = t('validation.required');
  if (!v.labelEn.trim()) e.labelEn = t('validation.required');
  return e;
}

/** A new code: exactly CreateCodeListItemDto (no order given: the server puts it last, 100). */
export function createCodeBody(kind: CodeKind, v: CodeValues): CreateCodeBody {
  return {
    kind,
    code: v.code,
    labelJa: v.labelJa.trim(),
    labelEn: v.labelEn.trim(),
    sortOrder: v.sortOrder === '' ? undefined : v.sortOrder,
  };
}

/** An edit: exactly fields of UpdateCodeListItemDto (kind and code name the item). */
export function codeFields(v: CodeValues): UpdateCodeBody {
  return {
    labelJa: v.labelJa.trim(),
    labelEn: v.labelEn.trim(),
    sortOrder: v.sortOrder === '' ? undefined : v.sortOrder,
  };
}

export function CodeForm({ kind, item, onDone }: { kind: CodeKind; item?: CodeItem; onDone: () => void }) {
  const { t } = useTranslation();
  const form = useFormState<CodeValues>(() => codeToValues(item));
  const { values, set, errors, textField } = form;
  const createCode = useCreateCode();
  const updateCode = useUpdateCode();
  const saver = useSaveForm({
    form,
    validate: (v) => validateCode(v, !item, t),
    save: (v) =>
      item
        ? updateCode.mutateAsync({ kind: item.kind, code: item.code, body: codeFields(v) })
        : createCode.mutateAsync(createCodeBody(kind, v)),
    onSaved: () => {
      notifySuccess(t('common.saved'));
      onDone();
    },
  });

  return (
    <form
      ref={saver.formRef}
      onSubmit={(e) => {
        e.preventDefault();
        void saver.submit();
      }}
      noValidate
      aria-label={item ? t('common.edit') : t('admin.addCode')}
    >
      <Stack gap="sm">
        {saver.error ? <ErrorAlert error={saver.error} /> : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('admin.itemCode')}
            required
            disabled={!!item}
            {...textField('code')}
            placeholder="advanced_tech"
            data-autofocus
          />
          <NumberInput
            label={t('admin.sortOrder')}
            min={0}
            allowDecimal={false}
            allowNegative={false}
            value={values.sortOrder}
            onChange={(v) => set('sortOrder', typeof v === 'number' ? v : '')}
            error={errors.sortOrder}
          />
          <TextInput label={t('admin.labelJa')} required {...textField('labelJa')} />
          <TextInput label={t('admin.labelEn')} required {...textField('labelEn')} />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => saver.cancel(onDone)}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={saver.busy}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function CodeListsPage() {
  const { t } = useTranslation();
  const { data, error, refetch } = useCodeItems();
  const updateCode = useUpdateCode();
  const [kind, setKind] = useState<CodeKind>('sector');
  const [editing, setEditing] = useState<CodeItem | 'new' | null>(null);
  const rows = (data ?? []).filter((c) => c.kind === kind);

  const setActive = (c: CodeItem, active: boolean) =>
    updateCode.mutate(
      { kind: c.kind, code: c.code, body: { active } },
      { onError: (err) => notifyError(err, t) },
    );

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
      <Table.ScrollContainer minWidth={620} mt="sm">
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('admin.itemCode')}</Table.Th>
              <Table.Th>{t('admin.labelJa')}</Table.Th>
              <Table.Th>{t('admin.labelEn')}</Table.Th>
              <Table.Th ta="right">{t('admin.sortOrder')}</Table.Th>
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
                <Table.Td ta="right">{c.sortOrder}</Table.Td>
                <Table.Td>
                  <Switch
                    checked={c.active}
                    disabled={updateCode.isPending && updateCode.variables?.code === c.code}
                    onChange={(e) => setActive(c, e.currentTarget.checked)}
                    label={c.active ? t('admin.enabledState') : t('admin.disabled')}
                    aria-label={`${c.code}: ${t('admin.enabledState')}`}
                  />
                </Table.Td>
                <Table.Td>
                  <Button size="compact-sm" variant="subtle" onClick={() => setEditing(c)}>
                    {t('common.edit')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
            {data && rows.length === 0 && <EmptyRow colSpan={6}>{t('common.noData')}</EmptyRow>}
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

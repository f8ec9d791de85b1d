import {
  ActionIcon,
  Button,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { paths } from '../../api/paths';
import { enumOptions } from '../../api/reference';
import { itemsOf, type Contact, type ContactRole, type Page } from '../../api/types';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EmptyRow } from '../../components/TableParts';
import { notifyError, notifySuccess } from '../../lib/notify';
import { blankToNull, useFormState } from '../../lib/useFormState';

export function useContacts(organizationId: string | null | undefined) {
  return useQuery({
    queryKey: ['organizations', 'contacts', organizationId],
    queryFn: async () =>
      itemsOf(
        await api.get<Page<Contact> | Contact[]>(`/organizations/${organizationId}/contacts`, {
          pageSize: 200,
        }),
      ),
    enabled: !!organizationId,
  });
}

interface ContactValues {
  name: string;
  nameKana: string;
  title: string;
  role: ContactRole;
  phone: string;
  email: string;
}

function ContactForm({
  organizationId,
  contact,
  onDone,
}: {
  organizationId: string;
  contact: Contact | null;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useFormState<ContactValues>({
    name: contact?.name ?? '',
    nameKana: contact?.nameKana ?? '',
    title: contact?.title ?? '',
    role: contact?.role ?? 'manager',
    phone: contact?.phone ?? '',
    email: contact?.email ?? '',
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { values, set, errors, textField } = form;

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const fe: Record<string, string> = {};
    if (!values.name.trim()) fe.name = t('validation.required');
    if (values.email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email.trim()))
      fe.email = t('validation.email');
    form.setErrors(fe);
    if (Object.keys(fe).length) return;
    const body = {
      name: values.name.trim(),
      nameKana: blankToNull(values.nameKana),
      title: blankToNull(values.title),
      role: values.role,
      phone: blankToNull(values.phone),
      email: blankToNull(values.email),
    };
    setBusy(true);
    setError(null);
    try {
      if (contact) {
        await api.patch(
          paths.contact(contact.id),
          contact.version !== undefined ? { ...body, version: contact.version } : body,
        );
      } else {
        await api.post(`/organizations/${organizationId}/contacts`, body);
      }
      void queryClient.invalidateQueries({ queryKey: ['organizations', 'contacts', organizationId] });
      void queryClient.invalidateQueries({ queryKey: ['organizations', 'timeline', organizationId] });
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
        <Text size="xs" c="dimmed">
          {t('contact.personalNote')}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('contact.name')} required {...textField('name')} data-autofocus />
          <TextInput label={t('contact.nameKana')} {...textField('nameKana')} />
          <TextInput label={t('contact.title')} {...textField('title')} />
          <Select
            label={t('contact.role')}
            data={enumOptions(t, 'contactRole', ['manager', 'employee', 'researcher', 'other'])}
            value={values.role}
            onChange={(v) => v && set('role', v as ContactRole)}
            allowDeselect={false}
            error={errors.role}
          />
          <TextInput label={t('contact.phone')} type="tel" {...textField('phone')} />
          <TextInput label={t('contact.email')} type="email" {...textField('email')} />
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

export function ContactsPanel({ organizationId, editable }: { organizationId: string; editable: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { data, error, refetch } = useContacts(organizationId);
  const [editing, setEditing] = useState<Contact | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Contact | null>(null);

  const remove = async (c: Contact) => {
    try {
      await api.del(paths.contact(c.id));
      void queryClient.invalidateQueries({ queryKey: ['organizations', 'contacts', organizationId] });
      notifySuccess(t('common.deleted'));
    } catch (err) {
      notifyError(err, t);
    } finally {
      setDeleting(null);
    }
  };

  return (
    <Stack gap="sm">
      {editable && (
        <Group justify="flex-end">
          <Button onClick={() => setEditing('new')}>{t('contact.add')}</Button>
        </Group>
      )}
      {error ? <ErrorAlert error={error} onRetry={() => void refetch()} /> : null}
      <Table.ScrollContainer minWidth={640}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('contact.name')}</Table.Th>
              <Table.Th>{t('contact.title')}</Table.Th>
              <Table.Th>{t('contact.role')}</Table.Th>
              <Table.Th>{t('contact.phone')}</Table.Th>
              <Table.Th>{t('contact.email')}</Table.Th>
              {editable && <Table.Th>{t('common.actions')}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data?.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <Text fw={600}>{c.name}</Text>
                  {c.nameKana && (
                    <Text size="xs" c="dimmed">
                      {c.nameKana}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{c.title ?? '—'}</Table.Td>
                <Table.Td>{t(`enums.contactRole.${c.role}`, { defaultValue: c.role })}</Table.Td>
                <Table.Td>{c.phone ?? '—'}</Table.Td>
                <Table.Td>{c.email ?? '—'}</Table.Td>
                {editable && (
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button size="compact-sm" variant="subtle" onClick={() => setEditing(c)}>
                        {t('common.edit')}
                      </Button>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        onClick={() => setDeleting(c)}
                        aria-label={`${t('common.delete')}: ${c.name}`}
                      >
                        ×
                      </ActionIcon>
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
            {data && data.length === 0 && (
              <EmptyRow colSpan={editable ? 6 : 5}>{t('common.noData')}</EmptyRow>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('contact.addTitle') : t('contact.editTitle')}
        size="lg"
      >
        {editing !== null && (
          <ContactForm
            organizationId={organizationId}
            contact={editing === 'new' ? null : editing}
            onDone={() => setEditing(null)}
          />
        )}
      </Modal>
      <ConfirmModal
        opened={deleting !== null}
        message={t('contact.deleteConfirm', { name: deleting?.name ?? '' })}
        confirmLabel={t('common.delete')}
        onConfirm={() => deleting && void remove(deleting)}
        onClose={() => setDeleting(null)}
      />
    </Stack>
  );
}

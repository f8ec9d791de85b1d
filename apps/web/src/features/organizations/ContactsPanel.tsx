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
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { enumOptions } from '../../api/reference';
import type { Contact, ContactRole } from '../../api/types';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ConflictModal } from '../../components/ConflictModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EmptyRow } from '../../components/TableParts';
import { notifyError, notifySuccess } from '../../lib/notify';
import { blankToNull, useFormState } from '../../lib/useFormState';
import { useSaveForm } from '../../lib/useSaveForm';
import {
  useArchiveContact,
  useContacts,
  useCreateContact,
  useFetchLatestContact,
  useUpdateContact,
  type CreateContactBody,
  type UpdateContactBody,
} from './api';

// the visit form picks attendees from the organization's contacts
export { useContacts } from './api';

export interface ContactValues {
  name: string;
  nameKana: string;
  title: string;
  role: ContactRole;
  phone: string;
  email: string;
}

export function contactToValues(contact: Contact | null): ContactValues {
  return {
    name: contact?.name ?? '',
    nameKana: contact?.nameKana ?? '',
    title: contact?.title ?? '',
    role: contact?.role ?? 'manager',
    phone: contact?.phone ?? '',
    email: contact?.email ?? '',
  };
}

export function validateContact(v: ContactValues, t: TFunction): Record<string, string> {
  const e: Record<string, string> = {};
  if (!v.name.trim()) e.name = t('validation.required');
  if (v.email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.email.trim())) e.email = t('validation.email');
  return e;
}

/** The fields a new contact and an edit both send, as the contract's DTOs name them. */
type ContactFields = Required<Pick<CreateContactBody, keyof CreateContactBody & keyof UpdateContactBody>>;

/** Typed as the DTOs' shared fields (an object literal): a field the server does not take fails the type check. */
export function contactFields(v: ContactValues): ContactFields {
  return {
    name: v.name.trim(),
    nameKana: blankToNull(v.nameKana),
    title: blankToNull(v.title),
    role: v.role,
    phone: blankToNull(v.phone),
    email: blankToNull(v.email),
  };
}

/** POST /organizations/:id/contacts */
export function createContactBody(v: ContactValues): CreateContactBody {
  return contactFields(v);
}

/** PATCH /contacts/:id with the version read. */
export function updateContactBody(v: ContactValues, version: number): UpdateContactBody {
  return { ...contactFields(v), version };
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
  const form = useFormState<ContactValues>(() => contactToValues(contact));
  const [version, setVersion] = useState(contact?.version);
  const createContact = useCreateContact(organizationId);
  const updateContact = useUpdateContact(organizationId);
  const fetchLatestContact = useFetchLatestContact(organizationId);
  const contactId = contact?.id;
  const { values, set, errors, textField } = form;

  const saver = useSaveForm({
    form,
    validate: (v) => validateContact(v, t),
    fetchLatest: () => fetchLatestContact(contactId!),
    save: (v) =>
      contactId && version !== undefined
        ? updateContact.mutateAsync({ id: contactId, body: updateContactBody(v, version) })
        : createContact.mutateAsync(createContactBody(v)),
    onSaved: () => {
      notifySuccess(t('common.saved'));
      onDone();
    },
  });
  const { busy, error, conflict, formRef } = saver;
  const fieldLabels = {
    name: t('contact.name'),
    nameKana: t('contact.nameKana'),
    title: t('contact.title'),
    role: t('contact.role'),
    phone: t('contact.phone'),
    email: t('contact.email'),
  };

  return (
    <form
      ref={formRef}
      onSubmit={(e) => {
        e.preventDefault();
        void saver.submit();
      }}
      noValidate
      aria-label={contact ? t('contact.editTitle') : t('contact.addTitle')}
    >
      <Stack gap="sm">
        {error ? <ErrorAlert error={error} /> : null}
        <Text size="xs" c="dimmed">
          {t('contact.personalNote')}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={fieldLabels.name} required {...textField('name')} data-autofocus />
          <TextInput label={fieldLabels.nameKana} {...textField('nameKana')} />
          <TextInput label={fieldLabels.title} {...textField('title')} />
          <Select
            label={fieldLabels.role}
            data={enumOptions(t, 'contactRole', ['manager', 'employee', 'researcher', 'other'])}
            value={values.role}
            onChange={(v) => v && set('role', v as ContactRole)}
            allowDeselect={false}
            error={errors.role}
          />
          <TextInput label={fieldLabels.phone} type="tel" {...textField('phone')} />
          <TextInput label={fieldLabels.email} type="email" {...textField('email')} />
        </SimpleGrid>
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
        mine={{ ...contactFields(values) }}
        myVersion={version}
        fields={Object.entries(fieldLabels).map(([key, label]) => ({ key, label }))}
        onClose={conflict.clear}
        onKeep={() => {
          const latest = conflict.latest;
          if (latest) {
            setVersion(latest.version);
            notifySuccess(t('conflict.reloaded', { version: latest.version }));
          }
          conflict.clear();
        }}
        onDiscard={() => {
          const latest = conflict.latest;
          if (latest) {
            form.reset(contactToValues(latest));
            setVersion(latest.version);
          }
          conflict.clear();
        }}
      />
    </form>
  );
}

export function ContactsPanel({ organizationId, editable }: { organizationId: string; editable: boolean }) {
  const { t } = useTranslation();
  const { data, error, refetch } = useContacts(organizationId);
  const archiveContact = useArchiveContact(organizationId);
  const [editing, setEditing] = useState<Contact | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Contact | null>(null);

  const remove = async (c: Contact) => {
    try {
      await archiveContact.mutateAsync(c.id);
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
        loading={archiveContact.isPending}
        onConfirm={() => deleting && void remove(deleting)}
        onClose={() => setDeleting(null)}
      />
    </Stack>
  );
}

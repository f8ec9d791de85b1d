import {
  Anchor,
  Button,
  Group,
  Loader,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  TagsInput,
  Text,
  TextInput,
  Textarea,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError } from '../../api/client';
import { enumOptions } from '../../api/reference';
import { itemsOf, type Liaison, type Page, type Partner, type PartnerKind } from '../../api/types';
import { useMe } from '../../auth/AuthContext';
import { ConflictModal, useConflict } from '../../components/ConflictModal';
import { DayInput } from '../../components/DayInput';
import { DetailList } from '../../components/DetailList';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { EmptyRow, Pager } from '../../components/TableParts';
import { formatDate, todayJst } from '../../lib/format';
import { notifySuccess } from '../../lib/notify';
import { canEditRecords } from '../../lib/roles';
import { blankToNull, useFormState } from '../../lib/useFormState';

const KINDS: PartnerKind[] = [
  'prefecture',
  'municipality',
  'chamber',
  'university',
  'national',
  'police_hq',
  'network',
  'other',
];

interface PartnerValues {
  name: string;
  kind: PartnerKind;
  department: string;
  contactName: string;
  phone: string;
  email: string;
  notes: string;
}

const toValues = (p?: Partner): PartnerValues => ({
  name: p?.name ?? '',
  kind: p?.kind ?? 'prefecture',
  department: p?.department ?? '',
  contactName: p?.contactName ?? '',
  phone: p?.phone ?? '',
  email: p?.email ?? '',
  notes: p?.notes ?? '',
});

function PartnerForm({ partner, onDone }: { partner?: Partner; onDone: (p: Partner) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useFormState<PartnerValues>(() => toValues(partner));
  const { values, set, errors, textField } = form;
  const [version, setVersion] = useState(partner?.version);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const id = partner?.id;
  const fetchLatest = useCallback(() => api.get<Partner>(`/partners/${id}`), [id]);
  const conflict = useConflict(fetchLatest);

  const payload = () => ({
    name: values.name.trim(),
    kind: values.kind,
    department: blankToNull(values.department),
    contactName: blankToNull(values.contactName),
    phone: blankToNull(values.phone),
    email: blankToNull(values.email),
    notes: blankToNull(values.notes),
  });

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!values.name.trim()) {
      form.setErrors({ name: t('validation.required') });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const saved = id
        ? await api.patch<Partner>(`/partners/${id}`, { ...payload(), version })
        : await api.post<Partner>('/partners', payload());
      queryClient.setQueryData(['partners', 'detail', saved.id], saved);
      void queryClient.invalidateQueries({ queryKey: ['partners'] });
      notifySuccess(t('common.saved'));
      onDone(saved);
    } catch (err) {
      if (await conflict.check(err)) return;
      if (err instanceof ApiError) form.setErrors(err.fieldErrors);
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const labels: Record<keyof PartnerValues, string> = {
    name: t('partner.name'),
    kind: t('partner.kind'),
    department: t('partner.department'),
    contactName: t('partner.contactName'),
    phone: t('partner.phone'),
    email: t('partner.email'),
    notes: t('partner.notesField'),
  };

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate>
      <Stack gap="sm">
        {error ? <ErrorAlert error={error} /> : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={labels.name} required {...textField('name')} data-autofocus />
          <Select
            label={labels.kind}
            data={enumOptions(t, 'partnerKind', KINDS)}
            value={values.kind}
            onChange={(v) => v && set('kind', v as PartnerKind)}
            allowDeselect={false}
            error={errors.kind}
          />
          <TextInput label={labels.department} {...textField('department')} />
          <TextInput label={labels.contactName} {...textField('contactName')} />
          <TextInput label={labels.phone} type="tel" {...textField('phone')} />
          <TextInput label={labels.email} type="email" {...textField('email')} />
        </SimpleGrid>
        <Textarea label={labels.notes} autosize minRows={2} {...textField('notes')} />
        <Group justify="flex-end">
          <Button type="submit" loading={busy}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
      <ConflictModal
        latest={conflict.latest as unknown as Record<string, unknown> | null}
        mine={payload()}
        myVersion={version}
        fields={Object.entries(labels).map(([key, label]) => ({ key, label }))}
        onClose={conflict.clear}
        onKeep={() => {
          if (conflict.latest) setVersion(conflict.latest.version);
          conflict.clear();
        }}
        onDiscard={() => {
          if (conflict.latest) {
            form.reset(toValues(conflict.latest));
            setVersion(conflict.latest.version);
          }
          conflict.clear();
        }}
      />
    </form>
  );
}

export function PartnersPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const { data, error, refetch } = useQuery({
    queryKey: ['partners', 'list', page],
    queryFn: () => api.get<Page<Partner>>('/partners', { page, pageSize: 50 }),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <PageHeader
        title={t('partner.listTitle')}
        actions={
          canEditRecords(me.role) && <Button onClick={() => setCreating(true)}>{t('partner.create')}</Button>
        }
      />
      {error ? <ErrorAlert error={error} onRetry={() => void refetch()} /> : null}
      <Table.ScrollContainer minWidth={640}>
        <Table striped highlightOnHover>
          <VisuallyHidden component="caption">{t('partner.listTitle')}</VisuallyHidden>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('partner.name')}</Table.Th>
              <Table.Th>{t('partner.kind')}</Table.Th>
              <Table.Th>{t('partner.department')}</Table.Th>
              <Table.Th>{t('partner.contactName')}</Table.Th>
              <Table.Th>{t('partner.phone')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data?.items.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/partners/${p.id}`} fw={600}>
                    {p.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{t(`enums.partnerKind.${p.kind}`, { defaultValue: p.kind })}</Table.Td>
                <Table.Td>{p.department ?? '—'}</Table.Td>
                <Table.Td>{p.contactName ?? '—'}</Table.Td>
                <Table.Td>{p.phone ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
            {data && data.items.length === 0 && <EmptyRow colSpan={5}>{t('common.noData')}</EmptyRow>}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {data && (
        <Pager page={page} pageSize={50} total={data.total} totalCapped={data.totalCapped} onPage={setPage} />
      )}
      <Modal opened={creating} onClose={() => setCreating(false)} title={t('partner.create')} size="lg">
        {creating && <PartnerForm onDone={(p) => void navigate(`/partners/${p.id}`)} />}
      </Modal>
    </>
  );
}

interface LiaisonValues {
  heldOn: string | null;
  subject: string;
  ourAttendees: string[];
  theirAttendees: string[];
  agreed: string;
  followUp: string;
}

function LiaisonForm({ partnerId, onDone }: { partnerId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const form = useFormState<LiaisonValues>({
    heldOn: todayJst(),
    subject: '',
    ourAttendees: [me.displayName],
    theirAttendees: [],
    agreed: '',
    followUp: '',
  });
  const { values, set, errors, textField } = form;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const fe: Record<string, string> = {};
    if (!values.heldOn) fe.heldOn = t('validation.required');
    if (!values.subject.trim()) fe.subject = t('validation.required');
    form.setErrors(fe);
    if (Object.keys(fe).length) return;
    setBusy(true);
    setError(null);
    try {
      await api.post(`/partners/${partnerId}/liaisons`, {
        heldOn: values.heldOn,
        subject: values.subject.trim(),
        ourAttendees: values.ourAttendees,
        theirAttendees: values.theirAttendees,
        agreed: blankToNull(values.agreed),
        followUp: blankToNull(values.followUp),
      });
      void queryClient.invalidateQueries({ queryKey: ['partners', 'liaisons', partnerId] });
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
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <DayInput
            label={t('partner.heldOn')}
            required
            value={values.heldOn}
            onChange={(v) => set('heldOn', v)}
            error={errors.heldOn}
          />
          <TextInput label={t('partner.subject')} required {...textField('subject')} data-autofocus />
          <TagsInput
            label={t('partner.ourAttendees')}
            description={t('partner.namesHint')}
            value={values.ourAttendees}
            onChange={(v) => set('ourAttendees', v)}
            error={errors.ourAttendees}
          />
          <TagsInput
            label={t('partner.theirAttendees')}
            description={t('partner.namesHint')}
            value={values.theirAttendees}
            onChange={(v) => set('theirAttendees', v)}
            error={errors.theirAttendees}
          />
        </SimpleGrid>
        <Textarea label={t('partner.agreed')} autosize minRows={2} {...textField('agreed')} />
        <Textarea label={t('partner.followUp')} autosize minRows={2} {...textField('followUp')} />
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

export function PartnerDetailPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [adding, setAdding] = useState(false);
  const editable = canEditRecords(me.role);
  const {
    data: p,
    error,
    refetch,
  } = useQuery({
    queryKey: ['partners', 'detail', id],
    queryFn: () => api.get<Partner>(`/partners/${id}`),
  });
  const liaisons = useQuery({
    queryKey: ['partners', 'liaisons', id],
    queryFn: async () =>
      itemsOf(await api.get<Page<Liaison> | Liaison[]>(`/partners/${id}/liaisons`, { pageSize: 200 })),
  });
  if (error) return <ErrorAlert error={error} onRetry={() => void refetch()} />;
  if (!p) return <Loader aria-label={t('app.loading')} />;
  return (
    <>
      <PageHeader
        title={p.name}
        sub={
          <Text c="dimmed" size="sm">
            {t(`enums.partnerKind.${p.kind}`, { defaultValue: p.kind })}
          </Text>
        }
        actions={
          editable && (
            <Button variant="default" onClick={() => setEditing(true)}>
              {t('common.edit')}
            </Button>
          )
        }
      />
      <Stack>
        <Paper withBorder p="md">
          <DetailList
            items={[
              { label: t('partner.department'), value: p.department },
              { label: t('partner.contactName'), value: p.contactName },
              { label: t('partner.phone'), value: p.phone },
              { label: t('partner.email'), value: p.email },
              { label: t('partner.notesField'), value: p.notes },
            ]}
          />
        </Paper>
        <Paper withBorder p="md">
          <Group justify="space-between" mb="sm">
            <Title order={2} size="h4">
              {t('partner.liaisons')}
            </Title>
            {editable && (
              <Button size="xs" onClick={() => setAdding(true)}>
                {t('partner.addLiaison')}
              </Button>
            )}
          </Group>
          {liaisons.error ? <ErrorAlert error={liaisons.error} /> : null}
          <Table.ScrollContainer minWidth={640}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('partner.heldOn')}</Table.Th>
                  <Table.Th>{t('partner.subject')}</Table.Th>
                  <Table.Th>{t('partner.ourAttendees')}</Table.Th>
                  <Table.Th>{t('partner.theirAttendees')}</Table.Th>
                  <Table.Th>{t('partner.agreed')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {liaisons.data?.map((l) => (
                  <Table.Tr key={l.id}>
                    <Table.Td>{formatDate(l.heldOn, i18n.language)}</Table.Td>
                    <Table.Td>
                      <Text fw={600}>{l.subject}</Text>
                      {l.followUp && (
                        <Text size="xs" c="dimmed">
                          {t('partner.followUp')}: {l.followUp}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{(l.ourAttendees ?? []).join('、')}</Table.Td>
                    <Table.Td>{(l.theirAttendees ?? []).join('、')}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{l.agreed ?? ''}</Table.Td>
                  </Table.Tr>
                ))}
                {liaisons.data && liaisons.data.length === 0 && (
                  <EmptyRow colSpan={5}>{t('common.noData')}</EmptyRow>
                )}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      </Stack>
      <Modal opened={editing} onClose={() => setEditing(false)} title={t('common.edit')} size="lg">
        {editing && (
          <PartnerForm
            partner={p}
            onDone={(saved) => {
              queryClient.setQueryData(['partners', 'detail', id], saved);
              setEditing(false);
            }}
          />
        )}
      </Modal>
      <Modal opened={adding} onClose={() => setAdding(false)} title={t('partner.addLiaison')} size="lg">
        {adding && <LiaisonForm partnerId={p.id} onDone={() => setAdding(false)} />}
      </Modal>
    </>
  );
}

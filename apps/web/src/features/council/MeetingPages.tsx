import {
  Anchor,
  Badge,
  Button,
  Card,
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
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError } from '../../api/client';
import { paths } from '../../api/paths';
import { enumOptions, useStationOfficers } from '../../api/reference';
import {
  itemsOf,
  type CouncilItem,
  type CouncilItemKind,
  type FollowUp,
  type Meeting,
  type Page,
} from '../../api/types';
import { useMe } from '../../auth/AuthContext';
import { DayInput } from '../../components/DayInput';
import { DetailList } from '../../components/DetailList';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { FollowUpStatusBadge } from '../../components/StatusBadge';
import { EmptyRow, Pager } from '../../components/TableParts';
import { addDays, formatDate, todayJst } from '../../lib/format';
import { notifySuccess } from '../../lib/notify';
import { canEditRecords } from '../../lib/roles';
import { blankToNull, useFormState } from '../../lib/useFormState';

const ITEM_KINDS: CouncilItemKind[] = ['question', 'request', 'opinion', 'consultation'];

export function meetingTitle(m: Meeting, lang: string, t: (k: string) => string): string {
  return `${t('council.meetingOf')} ${formatDate(m.heldOn, lang)}`;
}

interface MeetingValues {
  heldOn: string | null;
  place: string;
  agenda: string[];
  consultationTopic: string;
  notes: string;
}

function MeetingForm({ meeting, onDone }: { meeting?: Meeting; onDone: (m: Meeting) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useFormState<MeetingValues>({
    heldOn: meeting?.heldOn ?? todayJst(),
    place: meeting?.place ?? '',
    agenda: meeting?.agenda ?? [],
    consultationTopic: meeting?.consultationTopic ?? '',
    notes: meeting?.notes ?? '',
  });
  const { values, set, errors, textField } = form;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(meeting?.version);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!values.heldOn) {
      form.setErrors({ heldOn: t('validation.required') });
      return;
    }
    const body = {
      heldOn: values.heldOn,
      place: blankToNull(values.place),
      agenda: values.agenda,
      consultationTopic: blankToNull(values.consultationTopic),
      notes: blankToNull(values.notes),
    };
    setBusy(true);
    setError(null);
    try {
      const saved = meeting
        ? await api.patch<Meeting>(`/meetings/${meeting.id}`, { ...body, version })
        : await api.post<Meeting>('/meetings', body);
      setVersion(saved.version);
      queryClient.setQueryData(['meetings', 'detail', saved.id], saved);
      void queryClient.invalidateQueries({ queryKey: ['meetings'] });
      notifySuccess(t('common.saved'));
      onDone(saved);
    } catch (err) {
      if (err instanceof ApiError) form.setErrors(err.fieldErrors);
      if (err instanceof ApiError && err.status === 409) {
        // keep the typed text; take the newest version as the base for the next save
        const latest = await api.get<Meeting>(`/meetings/${meeting?.id}`).catch(() => null);
        if (latest) setVersion(latest.version);
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
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <DayInput
            label={t('council.heldOn')}
            required
            value={values.heldOn}
            onChange={(v) => set('heldOn', v)}
            error={errors.heldOn}
          />
          <TextInput label={t('council.place')} {...textField('place')} />
        </SimpleGrid>
        <TagsInput
          label={t('council.agenda')}
          description={t('council.agendaHint')}
          value={values.agenda}
          onChange={(v) => set('agenda', v)}
          error={errors.agenda}
        />
        <TextInput label={t('council.consultationTopic')} {...textField('consultationTopic')} />
        <Textarea label={t('council.notes')} autosize minRows={2} {...textField('notes')} />
        <Group justify="flex-end">
          <Button type="submit" loading={busy}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function MeetingsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const { data, error, refetch } = useQuery({
    queryKey: ['meetings', 'list', page],
    queryFn: () => api.get<Page<Meeting>>('/meetings', { page, pageSize: 50 }),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <PageHeader
        title={t('council.meetingsTitle')}
        actions={
          <>
            <Button component={Link} to="/council/follow-ups" variant="default">
              {t('council.followUpsTitle')}
            </Button>
            {canEditRecords(me.role) && (
              <Button onClick={() => setCreating(true)}>{t('council.createMeeting')}</Button>
            )}
          </>
        }
      />
      {error ? <ErrorAlert error={error} onRetry={() => void refetch()} /> : null}
      <Table.ScrollContainer minWidth={560}>
        <Table striped highlightOnHover>
          <VisuallyHidden component="caption">{t('council.meetingsTitle')}</VisuallyHidden>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('council.heldOn')}</Table.Th>
              <Table.Th>{t('council.place')}</Table.Th>
              <Table.Th>{t('council.agenda')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data?.items.map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/council/meetings/${m.id}`} fw={600}>
                    {formatDate(m.heldOn, i18n.language)}
                  </Anchor>
                </Table.Td>
                <Table.Td>{m.place ?? '—'}</Table.Td>
                <Table.Td>{(m.agenda ?? []).join('、') || '—'}</Table.Td>
              </Table.Tr>
            ))}
            {data && data.items.length === 0 && <EmptyRow colSpan={3}>{t('common.noData')}</EmptyRow>}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {data && (
        <Pager page={page} pageSize={50} total={data.total} totalCapped={data.totalCapped} onPage={setPage} />
      )}
      <Modal
        opened={creating}
        onClose={() => setCreating(false)}
        title={t('council.createMeeting')}
        size="lg"
      >
        {creating && <MeetingForm onDone={(m) => void navigate(`/council/meetings/${m.id}`)} />}
      </Modal>
    </>
  );
}

interface ItemValues {
  kind: CouncilItemKind;
  raisedBy: string;
  text: string;
  response: string;
}

function ItemForm({
  meetingId,
  item,
  onDone,
}: {
  meetingId: string;
  item?: CouncilItem;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useFormState<ItemValues>({
    kind: item?.kind ?? 'question',
    raisedBy: item?.raisedBy ?? '',
    text: item?.text ?? '',
    response: item?.response ?? '',
  });
  const { values, set, textField } = form;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!values.text.trim()) {
      form.setErrors({ text: t('validation.required') });
      return;
    }
    const body = {
      kind: values.kind,
      raisedBy: blankToNull(values.raisedBy),
      text: values.text.trim(),
      response: blankToNull(values.response),
    };
    setBusy(true);
    setError(null);
    try {
      if (item) {
        await api.patch(
          paths.councilItem(item.id),
          item.version !== undefined ? { ...body, version: item.version } : body,
        );
      } else {
        await api.post(`/meetings/${meetingId}/items`, body);
      }
      void queryClient.invalidateQueries({ queryKey: ['meetings', 'items', meetingId] });
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
          <Select
            label={t('council.itemKind')}
            data={enumOptions(t, 'councilItemKind', ITEM_KINDS)}
            value={values.kind}
            onChange={(v) => v && set('kind', v as CouncilItemKind)}
            allowDeselect={false}
          />
          <TextInput label={t('council.raisedBy')} {...textField('raisedBy')} />
        </SimpleGrid>
        <Textarea
          label={t('council.text')}
          required
          autosize
          minRows={3}
          {...textField('text')}
          data-autofocus
        />
        <Textarea label={t('council.response')} autosize minRows={2} {...textField('response')} />
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

function FollowUpCreateForm({ item, onDone }: { item: CouncilItem; onDone: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const { data: officers } = useStationOfficers();
  const form = useFormState<{ title: string; ownerId: string | null; dueOn: string | null }>({
    title: item.text.slice(0, 80),
    ownerId: me.id,
    dueOn: addDays(todayJst(), 90),
  });
  const { values, set, errors, textField } = form;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const fe: Record<string, string> = {};
    if (!values.title.trim()) fe.title = t('validation.required');
    if (!values.dueOn) fe.dueOn = t('validation.required');
    if (!values.ownerId) fe.ownerId = t('validation.required');
    form.setErrors(fe);
    if (Object.keys(fe).length) return;
    setBusy(true);
    setError(null);
    try {
      await api.post('/follow-ups', {
        councilItemId: item.id,
        title: values.title.trim(),
        ownerId: values.ownerId,
        dueOn: values.dueOn,
      });
      void queryClient.invalidateQueries({ queryKey: ['follow-ups'] });
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
        <Text size="sm" c="dimmed">
          {t('council.fromItem')}: {item.text}
        </Text>
        <TextInput label={t('council.followUpTitle')} required {...textField('title')} data-autofocus />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('council.owner')}
            data={(officers ?? []).map((o) => ({ value: o.id, label: o.displayName }))}
            value={values.ownerId}
            onChange={(v) => set('ownerId', v)}
            searchable
            required
            error={errors.ownerId}
          />
          <DayInput
            label={t('council.dueOn')}
            required
            value={values.dueOn}
            onChange={(v) => set('dueOn', v)}
            error={errors.dueOn}
          />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {t('council.createFollowUp')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function MeetingDetailPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const me = useMe();
  const editable = canEditRecords(me.role);
  const [editing, setEditing] = useState(false);
  const [itemEditing, setItemEditing] = useState<CouncilItem | 'new' | null>(null);
  const [followUpFor, setFollowUpFor] = useState<CouncilItem | null>(null);
  const {
    data: m,
    error,
    refetch,
  } = useQuery({
    queryKey: ['meetings', 'detail', id],
    queryFn: () => api.get<Meeting>(`/meetings/${id}`),
  });
  const items = useQuery({
    queryKey: ['meetings', 'items', id],
    queryFn: async () =>
      itemsOf(await api.get<Page<CouncilItem> | CouncilItem[]>(`/meetings/${id}/items`, { pageSize: 200 })),
  });
  const followUps = useQuery({
    queryKey: ['follow-ups', 'meeting', id],
    queryFn: async () =>
      itemsOf(await api.get<Page<FollowUp>>('/follow-ups', { meetingId: id, pageSize: 200 })),
  });
  if (error) return <ErrorAlert error={error} onRetry={() => void refetch()} />;
  if (!m) return <Loader aria-label={t('app.loading')} />;
  const lang = i18n.language;
  return (
    <>
      <PageHeader
        title={meetingTitle(m, lang, t)}
        actions={
          <>
            <Button component={Link} to={`/council/meetings/${m.id}/report-back`} variant="default">
              {t('council.reportBack')}
            </Button>
            {editable && (
              <Button variant="default" onClick={() => setEditing(true)}>
                {t('common.edit')}
              </Button>
            )}
          </>
        }
      />
      <Stack>
        <Paper withBorder p="md">
          <DetailList
            items={[
              { label: t('council.heldOn'), value: formatDate(m.heldOn, lang) },
              { label: t('council.place'), value: m.place },
              { label: t('council.agenda'), value: (m.agenda ?? []).join('、') },
              { label: t('council.consultationTopic'), value: m.consultationTopic },
              { label: t('council.notes'), value: m.notes },
            ]}
          />
        </Paper>
        <Group justify="space-between">
          <Title order={2} size="h3">
            {t('council.items')}
          </Title>
          {editable && (
            <Button size="xs" onClick={() => setItemEditing('new')}>
              {t('council.addItem')}
            </Button>
          )}
        </Group>
        {items.error ? <ErrorAlert error={items.error} /> : null}
        {items.data?.length === 0 && <Text c="dimmed">{t('council.noItems')}</Text>}
        {items.data?.map((it) => {
          const related = followUps.data
            ? followUps.data.filter((f) => f.councilItemId === it.id)
            : (it.followUps ?? []);
          return (
            <Card key={it.id} withBorder>
              <Group justify="space-between" align="flex-start" wrap="nowrap">
                <div style={{ minWidth: 0 }}>
                  <Group gap="xs">
                    <Badge variant="light">
                      {t(`enums.councilItemKind.${it.kind}`, { defaultValue: it.kind })}
                    </Badge>
                    {it.raisedBy && (
                      <Text size="sm" c="dimmed">
                        {it.raisedBy}
                      </Text>
                    )}
                  </Group>
                  <Text mt={4} style={{ whiteSpace: 'pre-wrap' }}>
                    {it.text}
                  </Text>
                  {it.response && (
                    <Text mt={4} size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                      {t('council.response')}: {it.response}
                    </Text>
                  )}
                  {related.length > 0 && (
                    <Stack gap={2} mt="xs">
                      {related.map((f) => (
                        <Group key={f.id} gap="xs">
                          <FollowUpStatusBadge status={f.status} />
                          <Text size="sm">{f.title}</Text>
                          <Text size="xs" c="dimmed">
                            {formatDate(f.dueOn, lang)}
                          </Text>
                        </Group>
                      ))}
                    </Stack>
                  )}
                </div>
                {editable && (
                  <Stack gap={4} className="no-print">
                    <Button size="compact-sm" variant="subtle" onClick={() => setItemEditing(it)}>
                      {t('common.edit')}
                    </Button>
                    <Button size="compact-sm" variant="light" onClick={() => setFollowUpFor(it)}>
                      {t('council.createFollowUp')}
                    </Button>
                  </Stack>
                )}
              </Group>
            </Card>
          );
        })}
      </Stack>
      <Modal opened={editing} onClose={() => setEditing(false)} title={t('common.edit')} size="lg">
        {editing && <MeetingForm meeting={m} onDone={() => setEditing(false)} />}
      </Modal>
      <Modal
        opened={itemEditing !== null}
        onClose={() => setItemEditing(null)}
        title={itemEditing === 'new' ? t('council.addItem') : t('common.edit')}
        size="lg"
      >
        {itemEditing !== null && (
          <ItemForm
            meetingId={m.id}
            item={itemEditing === 'new' ? undefined : itemEditing}
            onDone={() => setItemEditing(null)}
          />
        )}
      </Modal>
      <Modal
        opened={followUpFor !== null}
        onClose={() => setFollowUpFor(null)}
        title={t('council.createFollowUp')}
        size="lg"
      >
        {followUpFor && <FollowUpCreateForm item={followUpFor} onDone={() => setFollowUpFor(null)} />}
      </Modal>
    </>
  );
}

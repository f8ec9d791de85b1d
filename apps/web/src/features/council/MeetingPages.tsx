import {
  Anchor,
  Badge,
  Button,
  Card,
  Fieldset,
  Group,
  Loader,
  Modal,
  NumberInput,
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
import { useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { enumOptions, useStationOfficers } from '../../api/reference';
import type { CouncilItem, CouncilItemKind, Meeting, MeetingDetail } from '../../api/types';
import { useMe } from '../../auth/AuthContext';
import { ConflictModal } from '../../components/ConflictModal';
import { DayInput } from '../../components/DayInput';
import { DetailList } from '../../components/DetailList';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { FollowUpStatusBadge } from '../../components/StatusBadge';
import { EmptyRow, Pager } from '../../components/TableParts';
import {
  addDays,
  fiscalYearLabel,
  fiscalYearOf,
  fiscalYearRange,
  formatDate,
  isIsoDate,
  todayJst,
} from '../../lib/format';
import { notifySuccess } from '../../lib/notify';
import { AttachmentsPanel } from '../attachments/AttachmentsPanel';
import { canEditRecords } from '../../lib/roles';
import { blankToNull, useFormState } from '../../lib/useFormState';
import { useSaveForm } from '../../lib/useSaveForm';
import {
  fetchCouncilItem,
  fetchMeeting,
  meetingKeys,
  useCreateFollowUp,
  useCreateItem,
  useCreateMeeting,
  downloadMinutes,
  type DocumentFormat,
  useMeeting,
  useMeetingCount,
  useMeetings,
  useUpdateItem,
  useUpdateMeeting,
  type Attendance,
  type CreateFollowUpBody,
  type CreateItemBody,
  type CreateMeetingBody,
  type UpdateItemBody,
  type UpdateMeetingBody,
} from './api';
import { DiscussionEditor, turnKey, type TurnValue } from './DiscussionEditor';

const ITEM_KINDS: CouncilItemKind[] = ['question', 'request', 'opinion', 'consultation'];
const PAGE_SIZE = 50;

/** Compile-time check: every field an edit sends is one a create takes too. */
type OnlyKeysOf<T, Allowed> = Exclude<keyof T, keyof Allowed> extends never ? T : never;

export function meetingTitle(m: Meeting, lang: string, t: (k: string) => string): string {
  return m.title || `${t('council.meetingOf')} ${formatDate(m.heldOn, lang)}`;
}

/* ---------- meeting form ---------- */

export interface MeetingValues {
  heldOn: string | null;
  place: string;
  agenda: string[];
  consultationTopic: string;
  notes: string;
  members: number | '';
  police: number | '';
  others: number | '';
  /** '' = derived (from heldOn; the shown value is the derived one) */
  fiscalYear: number | '';
  sequence: number | '';
  /** '' = derived official title */
  title: string;
  startTime: string;
  endTime: string;
  memberAttendees: string[];
  policeAttendees: string[];
  chairGreeting: string;
  chiefGreeting: string;
  businessReport: string;
  businessReportBy: string;
  consultationExplanation: string;
  discussion: TurnValue[];
  review: string;
  reviewBy: string;
  handouts: string[];
}

export function meetingToValues(m?: Meeting): MeetingValues {
  return {
    heldOn: m?.heldOn ?? todayJst(),
    place: m?.place ?? '',
    agenda: m?.agenda ?? [],
    consultationTopic: m?.consultationTopic ?? '',
    notes: m?.notes ?? '',
    members: m?.attendance.members ?? '',
    police: m?.attendance.police ?? '',
    others: m?.attendance.others ?? '',
    fiscalYear: '',
    sequence: '',
    title: m && !m.titleDerived ? m.title : '',
    startTime: m?.startTime ?? '',
    endTime: m?.endTime ?? '',
    memberAttendees: m?.memberAttendees ?? [],
    policeAttendees: m?.policeAttendees ?? [],
    chairGreeting: m?.chairGreeting ?? '',
    chiefGreeting: m?.chiefGreeting ?? '',
    businessReport: m?.businessReport ?? '',
    businessReportBy: m?.businessReportBy ?? '',
    consultationExplanation: m?.consultationExplanation ?? '',
    discussion: (m?.discussion ?? []).map((d) => ({
      key: turnKey(),
      speakerRole: d.speakerRole,
      speaker: d.speaker ?? '',
      text: d.text,
    })),
    review: m?.review ?? '',
    reviewBy: m?.reviewBy ?? '',
    handouts: m?.handouts ?? [],
  };
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export function validateMeeting(v: MeetingValues, t: TFunction): Record<string, string> {
  const e: Record<string, string> = {};
  if (!v.heldOn) e.heldOn = t('validation.required');
  else if (!isIsoDate(v.heldOn)) e.heldOn = t('validation.date');
  if (v.startTime && !TIME.test(v.startTime)) e.startTime = t('councilDocs.timeFormat');
  if (v.endTime && !TIME.test(v.endTime)) e.endTime = t('councilDocs.timeFormat');
  if (!e.startTime && !e.endTime && v.startTime && v.endTime && v.endTime <= v.startTime)
    e.endTime = t('councilDocs.endBeforeStart');
  v.discussion.forEach((d, i) => {
    if (!d.speakerRole.trim()) e[`discussion[${i}].speakerRole`] = t('validation.required');
    if (!d.text.trim()) e[`discussion[${i}].text`] = t('validation.required');
  });
  return e;
}

function attendanceOf(v: MeetingValues): Attendance {
  return {
    members: v.members === '' ? undefined : v.members,
    police: v.police === '' ? undefined : v.police,
    others: v.others === '' ? undefined : v.others,
  };
}

type MeetingFields = Omit<UpdateMeetingBody, 'version'> & Required<Pick<UpdateMeetingBody, 'heldOn'>>;

const list = (l: string[]) => l.map((a) => a.trim()).filter(Boolean);

/** What a meeting edit sends: exactly fields of UpdateMeetingDto (年度・回 only when set by hand). */
export function meetingFields(v: MeetingValues): MeetingFields {
  return {
    heldOn: v.heldOn ?? '',
    place: blankToNull(v.place),
    attendance: attendanceOf(v),
    agenda: list(v.agenda),
    consultationTopic: blankToNull(v.consultationTopic),
    notes: blankToNull(v.notes),
    ...(v.fiscalYear === '' ? {} : { fiscalYear: v.fiscalYear }),
    ...(v.sequence === '' ? {} : { sequence: v.sequence }),
    title: blankToNull(v.title),
    startTime: blankToNull(v.startTime),
    endTime: blankToNull(v.endTime),
    memberAttendees: list(v.memberAttendees),
    policeAttendees: list(v.policeAttendees),
    chairGreeting: blankToNull(v.chairGreeting),
    chiefGreeting: blankToNull(v.chiefGreeting),
    businessReport: blankToNull(v.businessReport),
    businessReportBy: blankToNull(v.businessReportBy),
    consultationExplanation: blankToNull(v.consultationExplanation),
    discussion: v.discussion.map((d) => ({
      speakerRole: d.speakerRole.trim(),
      speaker: blankToNull(d.speaker),
      text: d.text.trim(),
    })),
    review: blankToNull(v.review),
    reviewBy: blankToNull(v.reviewBy),
    handouts: list(v.handouts),
  };
}

export function createMeetingBody(v: MeetingValues): CreateMeetingBody {
  const fields: OnlyKeysOf<MeetingFields, CreateMeetingBody> = meetingFields(v);
  return fields;
}

/** attendance.members → the form's `members` */
function meetingFormKey(field: string): string {
  return field.replace(/^attendance\./, '');
}

/**
 * 年度 and 第N回 as the server will derive them, to prefill the form: the fiscal year of the day,
 * and 1 + the station's meetings of that year held up to that day (an edited meeting keeps its own
 * while it stays in its year). The official title follows them unless one is typed.
 */
function useDerivedName(v: MeetingValues, meeting?: Meeting) {
  const day = v.heldOn && isIsoDate(v.heldOn) ? v.heldOn : undefined;
  const fy = v.fiscalYear !== '' ? v.fiscalYear : day ? fiscalYearOf(day) : meeting?.fiscalYear;
  const keepsOwn = meeting && fy === meeting.fiscalYear;
  const range = fy !== undefined ? fiscalYearRange(fy) : undefined;
  const count = useMeetingCount(keepsOwn ? undefined : range?.from, keepsOwn ? undefined : day);
  const sequence =
    v.sequence !== ''
      ? v.sequence
      : keepsOwn
        ? meeting.sequence
        : count.data
          ? count.data.total + 1
          : undefined;
  // The station's name, from a derived title of one of its meetings (…第N回<name>協議会).
  const sample = meeting?.titleDerived
    ? meeting
    : count.data?.sample?.titleDerived
      ? count.data.sample
      : undefined;
  const station = sample ? /第\d+回(.+)協議会$/.exec(sample.title)?.[1] : undefined;
  const era = fy !== undefined ? fiscalYearLabel(fy, 'ja').replace(/（.*$/, '') : '';
  const title =
    fy !== undefined && sequence !== undefined ? `${era}第${sequence}回${station ?? '…'}協議会` : '';
  return { fiscalYear: fy, sequence, title };
}

export function MeetingForm({
  meeting,
  onDone,
}: {
  meeting?: MeetingDetail;
  onDone: (m: MeetingDetail) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useFormState<MeetingValues>(() => meetingToValues(meeting));
  const { values, set, errors, textField } = form;
  const [version, setVersion] = useState(meeting?.version);
  const createMeeting = useCreateMeeting();
  const updateMeeting = useUpdateMeeting();
  const meetingId = meeting?.id;
  const derived = useDerivedName(values, meeting);

  const saver = useSaveForm({
    form,
    validate: (v) => validateMeeting(v, t),
    mapField: meetingFormKey,
    fetchLatest: () => fetchMeeting(meetingId!),
    save: (v) =>
      meetingId && version !== undefined
        ? updateMeeting.mutateAsync({ id: meetingId, body: { ...meetingFields(v), version } })
        : createMeeting.mutateAsync(createMeetingBody(v)),
    onSaved: (saved) => {
      setVersion(saved.version);
      notifySuccess(t('common.saved'));
      onDone(saved);
    },
  });
  const { busy, error, conflict, formRef } = saver;
  const number = (key: 'members' | 'police' | 'others', label: string, description?: string) => (
    <NumberInput
      label={label}
      description={description}
      min={0}
      max={1000}
      allowDecimal={false}
      allowNegative={false}
      value={values[key]}
      onChange={(v) => set(key, typeof v === 'number' ? v : '')}
      error={errors[key]}
    />
  );
  const text = (key: MinutesTextKey, label: string, description?: string, rows = 2) => (
    <Textarea label={label} description={description} autosize minRows={rows} {...textField(key)} />
  );

  return (
    <form
      ref={formRef}
      onSubmit={(e) => {
        e.preventDefault();
        void saver.submit();
      }}
      noValidate
      aria-label={meeting ? t('common.edit') : t('council.createMeeting')}
    >
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
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <NumberInput
            label={t('councilDocs.fiscalYear')}
            description={
              derived.fiscalYear ? fiscalYearLabel(derived.fiscalYear, 'ja').replace(/（.*$/, '') : undefined
            }
            min={1989}
            max={2200}
            allowDecimal={false}
            value={values.fiscalYear === '' ? (derived.fiscalYear ?? '') : values.fiscalYear}
            onChange={(v) => set('fiscalYear', typeof v === 'number' ? v : '')}
            error={errors.fiscalYear}
          />
          <NumberInput
            label={t('councilDocs.sequence')}
            description={t('councilDocs.sequenceHint')}
            min={1}
            max={99}
            allowDecimal={false}
            value={values.sequence === '' ? (derived.sequence ?? '') : values.sequence}
            onChange={(v) => set('sequence', typeof v === 'number' ? v : '')}
            error={errors.sequence}
          />
          <TextInput type="time" label={t('councilDocs.startTime')} {...textField('startTime')} />
          <TextInput type="time" label={t('councilDocs.endTime')} {...textField('endTime')} />
        </SimpleGrid>
        <TextInput
          label={t('councilDocs.title')}
          description={t('councilDocs.titleHint')}
          placeholder={derived.title}
          {...textField('title')}
        />
        <TagsInput
          label={t('council.agenda')}
          description={t('council.agendaHint')}
          value={values.agenda}
          onChange={(v) => set('agenda', v)}
          error={errors.agenda}
        />
        <TextInput label={t('council.consultationTopic')} {...textField('consultationTopic')} />
        <Fieldset legend={t('councilDocs.attendees')}>
          <Stack gap="xs">
            <TagsInput
              label={t('councilDocs.memberAttendees')}
              description={t('councilDocs.memberAttendeesHint')}
              value={values.memberAttendees}
              onChange={(v) => set('memberAttendees', v)}
              error={errors.memberAttendees}
            />
            <TagsInput
              label={t('councilDocs.policeAttendees')}
              description={t('councilDocs.policeAttendeesHint')}
              value={values.policeAttendees}
              onChange={(v) => set('policeAttendees', v)}
              error={errors.policeAttendees}
            />
            <SimpleGrid cols={3}>
              {number('members', t('council.attendanceMembers'), t('councilDocs.countHint'))}
              {number('police', t('council.attendancePolice'), t('councilDocs.countHint'))}
              {number('others', t('council.attendanceOthers'))}
            </SimpleGrid>
          </Stack>
        </Fieldset>
        <Fieldset legend={t('councilDocs.sections')}>
          <Stack gap="xs">
            {text('chairGreeting', t('councilDocs.chairGreeting'))}
            {text('chiefGreeting', t('councilDocs.chiefGreeting'), t('councilDocs.chiefGreetingHint'))}
            <Group align="flex-start" grow>
              <TextInput
                label={t('councilDocs.businessReportBy')}
                placeholder="署長"
                maw={160}
                {...textField('businessReportBy')}
              />
            </Group>
            {text('businessReport', t('councilDocs.businessReport'), t('councilDocs.businessReportHint'), 3)}
            {text('consultationExplanation', t('councilDocs.consultationExplanation'))}
          </Stack>
        </Fieldset>
        <Fieldset legend={t('councilDocs.discussion')}>
          <DiscussionEditor
            value={values.discussion}
            onChange={(d) => set('discussion', d)}
            errors={errors}
          />
        </Fieldset>
        <Fieldset legend={t('councilDocs.reviewAndHandouts')}>
          <Stack gap="xs">
            <TextInput
              label={t('councilDocs.reviewBy')}
              placeholder="副会長"
              maw={160}
              {...textField('reviewBy')}
            />
            {text('review', t('councilDocs.review'))}
            <TagsInput
              label={t('councilDocs.handouts')}
              description={t('councilDocs.handoutsHint')}
              value={values.handouts}
              onChange={(v) => set('handouts', v)}
              error={errors.handouts}
            />
          </Stack>
        </Fieldset>
        <Textarea label={t('council.notes')} autosize minRows={2} {...textField('notes')} />
        <Group justify="flex-end">
          <Button type="submit" loading={busy}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
      <ConflictModal
        latest={conflict.latest}
        mine={meetingFields(values)}
        myVersion={version}
        fields={[
          { key: 'heldOn', label: t('council.heldOn') },
          { key: 'title', label: t('councilDocs.title') },
          { key: 'place', label: t('council.place') },
          { key: 'agenda', label: t('council.agenda') },
          { key: 'consultationTopic', label: t('council.consultationTopic') },
          { key: 'attendance', label: t('council.attendance') },
          { key: 'memberAttendees', label: t('councilDocs.memberAttendees') },
          { key: 'policeAttendees', label: t('councilDocs.policeAttendees') },
          { key: 'discussion', label: t('councilDocs.discussion') },
          { key: 'review', label: t('councilDocs.review') },
          { key: 'notes', label: t('council.notes') },
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
            form.reset(meetingToValues(latest));
            setVersion(latest.version);
            queryClient.setQueryData(meetingKeys.detail(latest.id), latest);
          }
          conflict.clear();
        }}
      />
    </form>
  );
}

type MinutesTextKey =
  'chairGreeting' | 'chiefGreeting' | 'businessReport' | 'consultationExplanation' | 'review';

export function MeetingsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const { data, error, refetch } = useMeetings({ page, pageSize: PAGE_SIZE });
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
      <Table.ScrollContainer minWidth={640}>
        <Table striped highlightOnHover>
          <VisuallyHidden component="caption">{t('council.meetingsTitle')}</VisuallyHidden>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('council.heldOn')}</Table.Th>
              <Table.Th>{t('councilDocs.title')}</Table.Th>
              <Table.Th>{t('council.place')}</Table.Th>
              <Table.Th>{t('council.agenda')}</Table.Th>
              <Table.Th ta="right">{t('council.itemCount')}</Table.Th>
              <Table.Th ta="right">{t('council.openFollowUps')}</Table.Th>
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
                <Table.Td>{m.title}</Table.Td>
                <Table.Td>{m.place ?? '—'}</Table.Td>
                <Table.Td>{m.agenda.join('、') || '—'}</Table.Td>
                <Table.Td ta="right">{m.itemCount}</Table.Td>
                <Table.Td ta="right">{m.openFollowUps}</Table.Td>
              </Table.Tr>
            ))}
            {data && data.items.length === 0 && <EmptyRow colSpan={6}>{t('common.noData')}</EmptyRow>}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {data && (
        <Pager
          page={page}
          pageSize={PAGE_SIZE}
          total={data.total}
          totalCapped={data.totalCapped}
          onPage={setPage}
        />
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

/* ---------- item form ---------- */

export interface ItemValues {
  kind: CouncilItemKind;
  raisedBy: string;
  text: string;
  response: string;
}

export function itemToValues(item?: CouncilItem): ItemValues {
  return {
    kind: item?.kind ?? 'question',
    raisedBy: item?.raisedBy ?? '',
    text: item?.text ?? '',
    response: item?.response ?? '',
  };
}

type ItemFields = Omit<UpdateItemBody, 'version'> & Required<Pick<UpdateItemBody, 'kind' | 'text'>>;

/** What an item edit sends: exactly fields of UpdateItemDto. */
export function itemFields(v: ItemValues): ItemFields {
  return {
    kind: v.kind,
    raisedBy: blankToNull(v.raisedBy),
    text: v.text.trim(),
    response: blankToNull(v.response),
  };
}

export function createItemBody(v: ItemValues): CreateItemBody {
  const fields: OnlyKeysOf<ItemFields, CreateItemBody> = itemFields(v);
  return fields;
}

export function ItemForm({
  meetingId,
  item,
  onDone,
}: {
  meetingId: string;
  item?: CouncilItem;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const form = useFormState<ItemValues>(() => itemToValues(item));
  const { values, set, errors, textField } = form;
  const [version, setVersion] = useState(item?.version);
  const createItem = useCreateItem();
  const updateItem = useUpdateItem();
  const itemId = item?.id;

  const saver = useSaveForm({
    form,
    validate: (v): Record<string, string> => (v.text.trim() ? {} : { text: t('validation.required') }),
    fetchLatest: () => fetchCouncilItem(meetingId, itemId!),
    save: (v) =>
      itemId && version !== undefined
        ? updateItem.mutateAsync({ id: itemId, body: { ...itemFields(v), version } })
        : createItem.mutateAsync({ meetingId, body: createItemBody(v) }),
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
      aria-label={item ? t('common.edit') : t('council.addItem')}
    >
      <Stack gap="sm">
        {error ? <ErrorAlert error={error} /> : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('council.itemKind')}
            data={enumOptions(t, 'councilItemKind', ITEM_KINDS)}
            value={values.kind}
            onChange={(v) => v && set('kind', v as CouncilItemKind)}
            allowDeselect={false}
            error={errors.kind}
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
        mine={itemFields(values)}
        myVersion={version}
        fields={[
          { key: 'kind', label: t('council.itemKind') },
          { key: 'raisedBy', label: t('council.raisedBy') },
          { key: 'text', label: t('council.text') },
          { key: 'response', label: t('council.response') },
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
          if (conflict.latest) {
            form.reset(itemToValues(conflict.latest));
            setVersion(conflict.latest.version);
          }
          conflict.clear();
        }}
      />
    </form>
  );
}

/* ---------- follow-up from an item ---------- */

export interface FollowUpCreateValues {
  title: string;
  ownerId: string | null;
  dueOn: string | null;
}

export function validateFollowUpCreate(v: FollowUpCreateValues, t: TFunction): Record<string, string> {
  const e: Record<string, string> = {};
  if (!v.title.trim()) e.title = t('validation.required');
  if (!v.dueOn) e.dueOn = t('validation.required');
  else if (!isIsoDate(v.dueOn)) e.dueOn = t('validation.date');
  if (!v.ownerId) e.ownerId = t('validation.required');
  return e;
}

/** What creating a follow-up sends: exactly CreateFollowUpDto. */
export function createFollowUpBody(councilItemId: string, v: FollowUpCreateValues): CreateFollowUpBody {
  return {
    councilItemId,
    title: v.title.trim(),
    ownerId: v.ownerId ?? '',
    dueOn: v.dueOn ?? '',
  };
}

export function FollowUpCreateForm({ item, onDone }: { item: CouncilItem; onDone: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const { data: officers } = useStationOfficers();
  const form = useFormState<FollowUpCreateValues>({
    title: item.text.slice(0, 80),
    ownerId: me.id,
    dueOn: addDays(todayJst(), 90),
  });
  const { values, set, errors, textField } = form;
  const createFollowUp = useCreateFollowUp();
  const saver = useSaveForm({
    form,
    validate: (v) => validateFollowUpCreate(v, t),
    save: (v) => createFollowUp.mutateAsync(createFollowUpBody(item.id, v)),
    onSaved: () => {
      notifySuccess(t('common.saved'));
      onDone();
    },
  });
  const officerOptions = (officers ?? []).map((o) => ({ value: o.id, label: o.displayName }));
  if (values.ownerId === me.id && !officerOptions.some((o) => o.value === me.id))
    officerOptions.unshift({ value: me.id, label: me.displayName });

  return (
    <form
      ref={saver.formRef}
      onSubmit={(e) => {
        e.preventDefault();
        void saver.submit();
      }}
      noValidate
      aria-label={t('council.createFollowUp')}
    >
      <Stack gap="sm">
        {saver.error ? <ErrorAlert error={saver.error} /> : null}
        <Text size="sm" c="dimmed">
          {t('council.fromItem')}: {item.text}
        </Text>
        <TextInput label={t('council.followUpTitle')} required {...textField('title')} data-autofocus />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('council.owner')}
            data={officerOptions}
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
          <Button variant="default" onClick={() => saver.cancel(onDone)}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={saver.busy}>
            {t('council.createFollowUp')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/* ---------- meeting detail ---------- */

/** '14:50' → 午後2時50分 (as the minutes write it); other languages keep 14:50. */
export function meetingTime(hhmm: string, lang: string): string {
  if (!lang.startsWith('ja')) return hhmm;
  const [h, m] = hhmm.split(':').map(Number);
  return `${h < 12 ? '午前' : '午後'}${h % 12}時${m ? `${m}分` : ''}`;
}

function timeRange(start: string | null, end: string | null, lang: string): string | null {
  if (!start && !end) return null;
  return `${start ? meetingTime(start, lang) : ''}〜${end ? meetingTime(end, lang) : ''}`;
}

/** The minutes' sections and the discussion turns as recorded (what the 会議録 is written from). */
function MinutesSections({ meeting: m }: { meeting: MeetingDetail }) {
  const { t } = useTranslation();
  const sections = [
    { label: t('councilDocs.chairGreeting'), value: m.chairGreeting },
    { label: t('councilDocs.chiefGreeting'), value: m.chiefGreeting },
    {
      label: `${t('councilDocs.businessReport')}${m.businessReportBy ? `（${m.businessReportBy}）` : ''}`,
      value: m.businessReport,
    },
    { label: t('councilDocs.consultationExplanation'), value: m.consultationExplanation },
    { label: `${t('councilDocs.review')}${m.reviewBy ? `（${m.reviewBy}）` : ''}`, value: m.review },
  ].filter((s) => s.value);
  if (sections.length === 0 && m.discussion.length === 0) return null;
  return (
    <Paper withBorder p="md" data-testid="minutes-sections">
      <Stack gap="sm">
        {sections.map((s) => (
          <div key={s.label}>
            <Text fw={700} size="sm">
              {s.label}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {s.value}
            </Text>
          </div>
        ))}
        {m.discussion.length > 0 && (
          <div>
            <Text fw={700} size="sm">
              {t('councilDocs.discussion')}（{t('councilDocs.turnCount', { count: m.discussion.length })}）
            </Text>
            <Stack gap={6} mt={4}>
              {m.discussion.map((d, i) => (
                <div key={i} data-testid="minutes-turn">
                  <Text size="sm" c="dimmed">
                    ({d.speakerRole}
                    {d.speaker ? ` ${d.speaker}` : ''})
                  </Text>
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {d.text}
                  </Text>
                </div>
              ))}
            </Stack>
          </div>
        )}
      </Stack>
    </Paper>
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
  const [downloading, setDownloading] = useState<DocumentFormat | null>(null);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const { data: m, error, refetch } = useMeeting(id);
  if (error) return <ErrorAlert error={error} onRetry={() => void refetch()} />;
  if (!m) return <Loader aria-label={t('app.loading')} />;
  const fetchMinutes = async (format: DocumentFormat) => {
    setDownloading(format);
    setDownloadError(null);
    try {
      await downloadMinutes(m, format);
    } catch (e) {
      setDownloadError(e);
    } finally {
      setDownloading(null);
    }
  };
  const lang = i18n.language;
  const attendance = [
    m.attendance.members !== undefined
      ? `${t('council.attendanceMembers')} ${t('common.people', { count: m.attendance.members })}`
      : null,
    m.attendance.police !== undefined
      ? `${t('council.attendancePolice')} ${t('common.people', { count: m.attendance.police })}`
      : null,
    m.attendance.others !== undefined
      ? `${t('council.attendanceOthers')} ${t('common.people', { count: m.attendance.others })}`
      : null,
  ]
    .filter(Boolean)
    .join('、');
  return (
    <>
      <PageHeader
        title={meetingTitle(m, lang, t)}
        actions={
          <>
            <Button
              variant="default"
              loading={downloading === 'pdf'}
              onClick={() => void fetchMinutes('pdf')}
            >
              {t('councilDocs.minutesPdf')}
            </Button>
            <Button
              variant="default"
              loading={downloading === 'docx'}
              onClick={() => void fetchMinutes('docx')}
            >
              {t('councilDocs.minutesDocx')}
            </Button>
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
        {downloadError ? <ErrorAlert error={downloadError} /> : null}
        <Paper withBorder p="md">
          <DetailList
            items={[
              {
                label: t('councilDocs.fiscalYearSequence'),
                value: `${fiscalYearLabel(m.fiscalYear, lang)} ${t('councilDocs.sequenceN', { n: m.sequence })}`,
              },
              { label: t('council.heldOn'), value: formatDate(m.heldOn, lang) },
              {
                label: t('councilDocs.times'),
                value: timeRange(m.startTime, m.endTime, lang),
              },
              { label: t('council.place'), value: m.place },
              { label: t('council.agenda'), value: m.agenda.join('、') },
              { label: t('council.consultationTopic'), value: m.consultationTopic },
              { label: t('council.attendance'), value: attendance },
              { label: t('councilDocs.memberAttendees'), value: m.memberAttendees.join('、') },
              { label: t('councilDocs.policeAttendees'), value: m.policeAttendees.join('、') },
              { label: t('councilDocs.handouts'), value: m.handouts.join('、') },
              { label: t('council.notes'), value: m.notes },
            ]}
          />
        </Paper>
        <MinutesSections meeting={m} />
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
        {m.items.length === 0 && <Text c="dimmed">{t('council.noItems')}</Text>}
        {m.items.map((it) => (
          <Card key={it.id} withBorder data-testid="council-item">
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
                {it.followUps.length > 0 && (
                  <Stack gap={2} mt="xs">
                    {it.followUps.map((f) => (
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
        ))}
        <AttachmentsPanel owner="meeting" id={m.id} canUpload={editable} />
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

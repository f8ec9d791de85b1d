import {
  ActionIcon,
  Button,
  Checkbox,
  Chip,
  Fieldset,
  Grid,
  Group,
  MultiSelect,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldError } from '../../api/errors';
import { enumOptions, TOPIC_CODES, useStationOfficers } from '../../api/reference';
import type { ContactRole, FollowUpStatus, Visit, VisitDetail, VisitFormat } from '../../api/types';
import { useMe } from '../../auth/AuthContext';
import { ConflictModal } from '../../components/ConflictModal';
import { DayInput } from '../../components/DayInput';
import { ErrorAlert } from '../../components/ErrorAlert';
import { OrganizationPicker, type OrgRef } from '../../components/OrganizationPicker';
import { TimeField } from '../../components/TimeField';
import { isIsoDate, jstToIso, nowJst, toJstDate, toJstTime } from '../../lib/format';
import { notifyError, notifySuccess } from '../../lib/notify';
import { blankToNull, useFormState } from '../../lib/useFormState';
import { focusRowSoon } from '../../lib/focusRow';
import { useSaveForm } from '../../lib/useSaveForm';
import { useStickyBarClearance } from '../../lib/useStickyBarClearance';
import {
  fetchVisit,
  visitKeys,
  useCreateVisit,
  useUpdateVisit,
  useVisitTransition,
  type CreateVisitBody,
  type UpdateVisitBody,
} from './api';
import { useContacts } from '../organizations/ContactsPanel';
import { useAllPartners } from '../partners/api';

let rowSeq = 0;
const rowKey = () => `r${++rowSeq}`;

export interface AttendeeRow {
  key: string;
  contactId: string | null;
  name: string;
  role: ContactRole;
  /** register the typed person as a contact of the organization too */
  createContact?: boolean;
}

export interface FollowUpRow {
  key: string;
  id?: string;
  title: string;
  dueOn: string | null;
  status: FollowUpStatus;
}

export interface VisitFormValues {
  organization: OrgRef | null;
  date: string | null;
  time: string;
  format: VisitFormat;
  officerIds: string[];
  jointWith: string;
  /** 同行: partner agencies/units that went along (links to partners). */
  jointPartnerIds: string[];
  /** The visit was read with 同行 partners: an emptied list must be sent to clear them. */
  hadJointPartners?: boolean;
  attendees: AttendeeRow[];
  topics: string[];
  materials: string[];
  summary: string;
  concernsRaised: string;
  followUps: FollowUpRow[];
}

export function emptyVisitValues(
  officerId: string,
  organization: OrgRef | null,
  now = new Date(),
): VisitFormValues {
  const { date, time } = nowJst(now);
  return {
    organization,
    date,
    time,
    format: 'on_site',
    officerIds: [officerId],
    jointWith: '',
    jointPartnerIds: [],
    attendees: [],
    topics: [],
    materials: [],
    summary: '',
    concernsRaised: '',
    followUps: [],
  };
}

export function visitToValues(v: Visit, orgName: string | null): VisitFormValues {
  return {
    organization: { id: v.organizationId, name: orgName ?? v.organizationId },
    date: toJstDate(v.visitedAt),
    time: toJstTime(v.visitedAt),
    format: v.format,
    officerIds: v.officerIds ?? [],
    jointWith: v.jointWith ?? '',
    jointPartnerIds: v.jointPartnerIds ?? [],
    hadJointPartners: (v.jointPartnerIds ?? []).length > 0,
    attendees: (v.attendees ?? []).map((a) => ({
      key: rowKey(),
      contactId: a.contactId ?? null,
      name: a.name ?? '',
      role: a.role ?? 'other',
    })),
    topics: v.topics ?? [],
    materials: v.materials ?? [],
    summary: v.summary ?? '',
    concernsRaised: v.concernsRaised ?? '',
    followUps: (v.followUps ?? []).map((f) => ({
      key: rowKey(),
      id: f.id,
      title: f.title,
      dueOn: f.dueOn,
      status: f.status ?? 'open',
    })),
  };
}

export function validateVisit(v: VisitFormValues, t: TFunction): Record<string, string> {
  const e: Record<string, string> = {};
  if (!v.organization) e.organization = t('validation.required');
  if (!v.date) e.date = t('validation.required');
  else if (!isIsoDate(v.date)) e.date = t('validation.date');
  if (!/^\d{1,2}:\d{2}$/.test(v.time)) e.time = t('validation.required');
  if (v.officerIds.length === 0) e.officerIds = t('validation.atLeastOneOfficer');
  v.attendees.forEach((a, i) => {
    if (!a.contactId && !a.name.trim()) e[`attendees.${i}.name`] = t('validation.required');
  });
  v.followUps.forEach((f, i) => {
    if (!f.title.trim() && f.dueOn) e[`followUps.${i}.title`] = t('validation.required');
  });
  return e;
}

/** An edit's fields, with those a new visit must have made required. */
type VisitFields = Omit<UpdateVisitBody, 'version'> &
  Required<Pick<UpdateVisitBody, 'visitedAt' | 'format' | 'officerIds'>>;

/**
 * What an edit sends: exactly the fields of the contract's UpdateVisitDto (the organization of a
 * visit is fixed once it is recorded, so it is not among them). Typed as the DTO, so a field the
 * server does not take fails the type check.
 */
export function visitFields(v: VisitFormValues): VisitFields {
  return {
    visitedAt: v.date ? jstToIso(v.date, v.time) : '',
    format: v.format,
    officerIds: v.officerIds,
    jointWith: blankToNull(v.jointWith),
    ...(v.jointPartnerIds.length > 0 || v.hadJointPartners ? { jointPartnerIds: v.jointPartnerIds } : {}),
    attendees: v.attendees.map((a) =>
      a.contactId
        ? { contactId: a.contactId, role: a.role }
        : { name: a.name.trim(), role: a.role, ...(a.createContact ? { createContact: true } : {}) },
    ),
    topics: v.topics,
    materials: v.materials,
    summary: v.summary.trim(),
    concernsRaised: blankToNull(v.concernsRaised),
    followUps: v.followUps
      .filter((f) => f.title.trim())
      .map((f) => ({
        ...(f.id ? { id: f.id } : {}),
        title: f.title.trim(),
        dueOn: f.dueOn,
        status: f.status,
      })),
  };
}

/** A new visit: the organization and the same fields as an edit. */
export function createVisitBody(v: VisitFormValues): CreateVisitBody {
  return { organizationId: v.organization?.id ?? '', ...visitFields(v) };
}

/** Server field names → the form's own keys, so messages land beside the right input. */
function formKey(field: string): string {
  const key = field.replace(/\[(\d+)\]/g, '.$1');
  if (key === 'organizationId') return 'organization';
  if (key === 'visitedAt') return 'date';
  return key;
}

export function VisitForm({
  visit,
  initialOrganization,
  onDone,
  onCancel,
}: {
  visit?: Visit;
  initialOrganization?: OrgRef | null;
  onDone: (visit: Visit, submitted: boolean) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const { data: officers } = useStationOfficers();
  const { data: partners } = useAllPartners();
  const form = useFormState<VisitFormValues>(() =>
    visit
      ? visitToValues(visit, initialOrganization?.name ?? null)
      : emptyVisitValues(me.id, initialOrganization ?? null),
  );
  const { values, set, errors, textField } = form;
  const [version, setVersion] = useState(visit?.version);
  const { data: contacts } = useContacts(values.organization?.id);
  const visitId = visit?.id;
  const createVisit = useCreateVisit();
  const updateVisit = useUpdateVisit();
  const transition = useVisitTransition();
  const submitAfterSave = useRef(false);
  const [submitting, setSubmitting] = useState(false);

  const officerOptions = (officers ?? []).map((o) => ({ value: o.id, label: o.displayName }));
  for (const id of values.officerIds) {
    if (!officerOptions.some((o) => o.value === id))
      officerOptions.push({ value: id, label: id === me.id ? me.displayName : id.slice(0, 8) });
  }

  const saver = useSaveForm({
    form,
    validate: (v) => validateVisit(v, t),
    mapField: formKey,
    fetchLatest: () => fetchVisit(visitId!),
    save: async (v, attempt): Promise<{ visit: VisitDetail; submitted: boolean }> => {
      let saved =
        visitId && version !== undefined
          ? await updateVisit.mutateAsync({ id: visitId, body: { ...visitFields(v), version } })
          : await createVisit.mutateAsync({
              body: createVisitBody(v),
              idempotencyKey: attempt.idempotencyKey,
            });
      setVersion(saved.version);
      if (!submitAfterSave.current) return { visit: saved, submitted: false };
      try {
        saved = await transition.mutateAsync({ id: saved.id, action: 'submit', version: saved.version });
        return { visit: saved, submitted: true };
      } catch (err) {
        // saved as a draft, but not submitted: say so and show the saved record
        notifyError(err, t);
        return { visit: saved, submitted: false };
      }
    },
    onSaved: ({ visit: saved, submitted }) => {
      void queryClient.invalidateQueries({ queryKey: ['organizations', 'timeline', saved.organizationId] });
      if (submitted || !submitAfterSave.current)
        notifySuccess(submitted ? t('visit.submitted') : t('visit.savedDraft'));
      onDone(saved, submitted);
    },
  });
  const { busy, error, conflict, formRef } = saver;
  const actionBarRef = useStickyBarClearance<HTMLDivElement>();

  const save = async (submit: boolean) => {
    if (busy) return;
    submitAfterSave.current = submit;
    setSubmitting(submit);
    await saver.submit();
  };

  useHotkeys(
    [
      ['mod+S', () => void save(false)],
      ['mod+Enter', () => void save(true)],
    ],
    [],
  );

  /* ---- attendees ---- */
  const contactSelected = (id: string) => values.attendees.some((a) => a.contactId === id);
  const toggleContacts = (ids: string[]) => {
    const keep = values.attendees.filter((a) => !a.contactId || ids.includes(a.contactId));
    const added = ids
      .filter((id) => !keep.some((a) => a.contactId === id))
      .map((id) => {
        const c = contacts?.find((x) => x.id === id);
        return { key: rowKey(), contactId: id, name: c?.name ?? '', role: c?.role ?? 'other' };
      });
    set('attendees', [...keep, ...added]);
  };
  const updateAttendee = (key: string, patch: Partial<AttendeeRow>) =>
    set(
      'attendees',
      values.attendees.map((a) => (a.key === key ? { ...a, ...patch } : a)),
    );
  const updateFollowUp = (key: string, patch: Partial<FollowUpRow>) =>
    set(
      'followUps',
      values.followUps.map((f) => (f.key === key ? { ...f, ...patch } : f)),
    );

  const roleOptions = enumOptions(t, 'contactRole', ['manager', 'employee', 'researcher', 'other']);
  const mine = visitFields(values) as unknown as Record<string, unknown>;

  return (
    <form
      ref={formRef}
      onSubmit={(e) => {
        e.preventDefault();
        void save(true);
      }}
      noValidate
      aria-label={visit ? t('visit.editTitle') : t('visit.newTitle')}
      data-testid="visit-form"
    >
      <Stack gap="md">
        {error ? <ErrorAlert error={error} /> : null}
        {visit?.status === 'returned' && visit.returnReason && (
          <Text c="orange.9" fw={600} role="status">
            {t('visit.returnedBecause', { reason: visit.returnReason })}
          </Text>
        )}
        <Grid gutter="sm">
          <Grid.Col span={12}>
            <OrganizationPicker
              label={t('visit.organization')}
              required
              value={values.organization}
              onChange={(v) => {
                set('organization', v);
                // contacts belong to the previous organization
                set(
                  'attendees',
                  values.attendees.filter((a) => !a.contactId),
                );
              }}
              error={errors.organization}
              data-autofocus={!visit && !values.organization ? true : undefined}
              data-testid="visit-organization"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 7, sm: 4 }}>
            <DayInput
              label={t('visit.visitedOn')}
              required
              value={values.date}
              onChange={(v) => set('date', v)}
              error={errors.date}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 5, sm: 3 }}>
            <TimeField label={t('visit.visitedTime')} required {...textField('time')} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 5 }}>
            <Text component="div" size="sm" fw={500} id="visit-format-label">
              {t('visit.format')}
            </Text>
            <SegmentedControl
              aria-labelledby="visit-format-label"
              fullWidth
              data={enumOptions(t, 'visitFormat', ['on_site', 'at_station', 'online', 'phone'])}
              value={values.format}
              onChange={(v) => set('format', v as VisitFormat)}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 7 }}>
            <MultiSelect
              label={t('visit.officers')}
              required
              data={officerOptions}
              value={values.officerIds}
              onChange={(v) => set('officerIds', v)}
              error={errors.officerIds}
              searchable
              hidePickedOptions
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 5 }}>
            <TextInput
              label={t('visit.jointWith')}
              placeholder={t('visit.jointWithPlaceholder')}
              {...textField('jointWith')}
            />
          </Grid.Col>
          <Grid.Col span={12}>
            <MultiSelect
              label={t('visit.jointPartners')}
              description={t('visit.jointPartnersHint')}
              data={(partners ?? []).map((p) => ({ value: p.id, label: p.name }))}
              value={values.jointPartnerIds}
              onChange={(v) => set('jointPartnerIds', v)}
              error={errors.jointPartnerIds}
              searchable
              clearable
              data-testid="joint-partners"
            />
          </Grid.Col>
        </Grid>

        <Fieldset legend={t('visit.attendees')}>
          <Stack gap="xs">
            {values.organization && (
              <div>
                <Text size="sm" fw={500} id="visit-contacts-label" mb={4}>
                  {t('visit.pickContacts')}
                </Text>
                {contacts && contacts.length > 0 ? (
                  <Chip.Group
                    multiple
                    value={values.attendees.filter((a) => a.contactId).map((a) => a.contactId as string)}
                    onChange={toggleContacts}
                  >
                    <Group gap="xs" role="group" aria-labelledby="visit-contacts-label">
                      {contacts.map((c) => (
                        <Chip key={c.id} value={c.id} size="sm" checked={contactSelected(c.id)}>
                          {c.name}
                          {c.title ? `（${c.title}）` : ''}
                        </Chip>
                      ))}
                    </Group>
                  </Chip.Group>
                ) : (
                  <Text size="sm" c="dimmed">
                    {t('visit.noContacts')}
                  </Text>
                )}
              </div>
            )}
            {values.attendees.map((a, i) =>
              a.contactId ? null : (
                <Stack key={a.key} gap={4} data-row={a.key}>
                  <Group gap="xs" align="flex-start" wrap="nowrap">
                    <TextInput
                      label={t('visit.attendeeName')}
                      value={a.name}
                      onChange={(e) => updateAttendee(a.key, { name: e.currentTarget.value })}
                      error={fieldError(errors, `attendees.${i}.name`)}
                      style={{ flex: 2 }}
                    />
                    <Select
                      label={t('visit.attendeeRole')}
                      data={roleOptions}
                      value={a.role}
                      onChange={(v) => v && updateAttendee(a.key, { role: v as ContactRole })}
                      allowDeselect={false}
                      style={{ flex: 1, minWidth: 110 }}
                      error={fieldError(errors, `attendees.${i}.role`)}
                    />
                    <ActionIcon
                      mt={26}
                      variant="subtle"
                      color="red"
                      aria-label={`${t('common.remove')}: ${a.name || t('visit.attendeeName')}`}
                      onClick={() =>
                        set(
                          'attendees',
                          values.attendees.filter((x) => x.key !== a.key),
                        )
                      }
                    >
                      ×
                    </ActionIcon>
                  </Group>
                  <Checkbox
                    size="xs"
                    label={t('visit.createContact')}
                    checked={a.createContact ?? false}
                    onChange={(e) => updateAttendee(a.key, { createContact: e.currentTarget.checked })}
                  />
                </Stack>
              ),
            )}
            <Group>
              <Button
                variant="light"
                size="xs"
                onClick={() => {
                  const key = rowKey();
                  set('attendees', [
                    ...values.attendees,
                    { key, contactId: null, name: '', role: 'manager' },
                  ]);
                  focusRowSoon(key);
                }}
              >
                + {t('visit.addAttendee')}
              </Button>
            </Group>
          </Stack>
        </Fieldset>

        <Checkbox.Group
          label={t('visit.topics')}
          value={values.topics}
          onChange={(v) => set('topics', v)}
          error={errors.topics}
        >
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="xs" mt={6}>
            {TOPIC_CODES.map((code) => (
              <Checkbox key={code} value={code} label={t(`enums.topic.${code}`)} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>

        <TagsInput
          label={t('visit.materials')}
          description={t('visit.materialsHint')}
          value={values.materials}
          onChange={(v) => set('materials', v)}
          error={errors.materials}
          clearable
        />
        <Textarea label={t('visit.summary')} autosize minRows={3} {...textField('summary')} />
        <Textarea label={t('visit.concernsRaised')} autosize minRows={2} {...textField('concernsRaised')} />

        <Fieldset legend={t('visit.followUps')}>
          <Stack gap="xs">
            {values.followUps.map((f, i) => (
              <Group key={f.key} gap="xs" align="flex-start" wrap="nowrap" data-row={f.key}>
                <TextInput
                  label={t('visit.followUpTitle')}
                  value={f.title}
                  onChange={(e) => updateFollowUp(f.key, { title: e.currentTarget.value })}
                  error={fieldError(errors, `followUps.${i}.title`)}
                  style={{ flex: 2 }}
                />
                <DayInput
                  label={t('visit.followUpDue')}
                  value={f.dueOn}
                  onChange={(v) => updateFollowUp(f.key, { dueOn: v })}
                  error={fieldError(errors, `followUps.${i}.dueOn`)}
                  style={{ flex: 1, minWidth: 120 }}
                />
                <ActionIcon
                  mt={26}
                  variant="subtle"
                  color="red"
                  aria-label={`${t('common.remove')}: ${f.title || t('visit.followUpTitle')}`}
                  onClick={() =>
                    set(
                      'followUps',
                      values.followUps.filter((x) => x.key !== f.key),
                    )
                  }
                >
                  ×
                </ActionIcon>
              </Group>
            ))}
            <Group>
              <Button
                variant="light"
                size="xs"
                onClick={() => {
                  const key = rowKey();
                  set('followUps', [...values.followUps, { key, title: '', dueOn: null, status: 'open' }]);
                  focusRowSoon(key);
                }}
              >
                + {t('visit.addFollowUp')}
              </Button>
            </Group>
          </Stack>
        </Fieldset>

        <Paper
          ref={actionBarRef}
          withBorder
          p="sm"
          className="no-print"
          style={{ position: 'sticky', bottom: 0, zIndex: 5 }}
          shadow="sm"
          data-testid="visit-form-actions"
        >
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Text size="xs" c="dimmed" visibleFrom="sm">
              {t('common.keyboardHint')}
            </Text>
            <Group gap="xs" ml="auto" wrap="nowrap">
              {onCancel && (
                <Button variant="subtle" onClick={() => saver.cancel(onCancel)}>
                  {t('common.cancel')}
                </Button>
              )}
              <Button
                variant="default"
                onClick={() => void save(false)}
                loading={busy && !submitting}
                disabled={busy}
                data-testid="visit-save-draft"
              >
                {t('visit.saveDraft')}
              </Button>
              <Button type="submit" loading={busy && submitting} disabled={busy} data-testid="visit-submit">
                {t('visit.submit')}
              </Button>
            </Group>
          </Group>
        </Paper>
      </Stack>
      <ConflictModal
        latest={conflict.latest}
        mine={mine}
        myVersion={version}
        fields={[
          { key: 'visitedAt', label: t('visit.visitedAt') },
          { key: 'format', label: t('visit.format') },
          { key: 'officerIds', label: t('visit.officers') },
          { key: 'jointWith', label: t('visit.jointWith') },
          { key: 'topics', label: t('visit.topics') },
          { key: 'materials', label: t('visit.materials') },
          { key: 'summary', label: t('visit.summary') },
          { key: 'concernsRaised', label: t('visit.concernsRaised') },
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
            form.reset(visitToValues(latest, values.organization?.name ?? null));
            setVersion(latest.version);
            queryClient.setQueryData(visitKeys.detail(latest.id), latest);
          }
          conflict.clear();
        }}
      />
    </form>
  );
}

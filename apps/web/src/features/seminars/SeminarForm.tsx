import {
  ActionIcon,
  Button,
  Checkbox,
  Fieldset,
  Grid,
  Group,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { fieldError } from '../../api/errors';
import { usePartners } from '../../api/partners';
import { enumOptions, TOPIC_CODES } from '../../api/reference';
import type { Seminar, SeminarKind } from '../../api/types';
import { ConflictModal, useConflict } from '../../components/ConflictModal';
import { DayInput } from '../../components/DayInput';
import { ErrorAlert } from '../../components/ErrorAlert';
import { isIsoDate, todayJst } from '../../lib/format';
import { notifySuccess } from '../../lib/notify';
import { blankToNull, useFormState } from '../../lib/useFormState';
import {
  emptyParticipant,
  isBlankParticipant,
  participantKey,
  ParticipantsEditor,
  type ParticipantRow,
} from './ParticipantsEditor';

interface SpeakerRow {
  key: string;
  name: string;
  affiliation: string;
}

export interface SeminarFormValues {
  title: string;
  kind: SeminarKind;
  heldOn: string | null;
  venue: string;
  speakers: SpeakerRow[];
  partnerIds: string[];
  topics: string[];
  participants: ParticipantRow[];
  notes: string;
}

let seq = 0;
const key = () => `s${++seq}`;

export function seminarToValues(s?: Seminar): SeminarFormValues {
  return {
    title: s?.title ?? '',
    kind: s?.kind ?? 'seminar',
    heldOn: s?.heldOn ?? todayJst(),
    venue: s?.venue ?? '',
    speakers: (s?.speakers ?? []).map((sp) =>
      typeof sp === 'string'
        ? { key: key(), name: sp, affiliation: '' }
        : { key: key(), name: sp.name, affiliation: sp.affiliation ?? '' },
    ),
    partnerIds: s?.partnerIds ?? [],
    topics: s?.topics ?? [],
    participants: s?.participants?.length
      ? s.participants.map((p) => ({
          key: participantKey(),
          organization: p.organizationId
            ? { id: p.organizationId, name: p.organizationName ?? p.name ?? p.organizationId }
            : null,
          name: p.organizationId ? '' : (p.name ?? ''),
          attendeeCount: p.attendeeCount,
        }))
      : [emptyParticipant(), emptyParticipant(), emptyParticipant()],
    notes: s?.notes ?? '',
  };
}

export function validateSeminar(v: SeminarFormValues, t: TFunction): Record<string, string> {
  const e: Record<string, string> = {};
  if (!v.title.trim()) e.title = t('validation.required');
  if (!v.heldOn) e.heldOn = t('validation.required');
  else if (!isIsoDate(v.heldOn)) e.heldOn = t('validation.date');
  v.participants
    .filter((r) => !isBlankParticipant(r))
    .forEach((r) => {
      const i = v.participants.indexOf(r);
      if (!r.organization && !r.name.trim()) e[`participants.${i}.name`] = t('validation.organizationOrName');
      if (r.attendeeCount === '') e[`participants.${i}.attendeeCount`] = t('validation.positiveInt');
    });
  return e;
}

export function seminarPayload(v: SeminarFormValues) {
  return {
    title: v.title.trim(),
    kind: v.kind,
    heldOn: v.heldOn,
    venue: blankToNull(v.venue),
    speakers: v.speakers
      .filter((s) => s.name.trim())
      .map((s) =>
        s.affiliation.trim()
          ? { name: s.name.trim(), affiliation: s.affiliation.trim() }
          : { name: s.name.trim() },
      ),
    partnerIds: v.partnerIds,
    topics: v.topics,
    participants: v.participants
      .filter((r) => !isBlankParticipant(r))
      .map((r) =>
        r.organization
          ? { organizationId: r.organization.id, attendeeCount: Number(r.attendeeCount) || 0 }
          : { name: r.name.trim(), attendeeCount: Number(r.attendeeCount) || 0 },
      ),
    notes: blankToNull(v.notes),
  };
}

/** Server paths refer to the submitted (blank-free) list; map them back onto the editor rows. */
function mapServerFields(v: SeminarFormValues, fields: Record<string, string>): Record<string, string> {
  const kept = v.participants.map((r, i) => ({ r, i })).filter(({ r }) => !isBlankParticipant(r));
  const out: Record<string, string> = {};
  for (const [k, msg] of Object.entries(fields)) {
    const m = /^participants[.[](\d+)\]?\.?(.*)$/.exec(k);
    if (m) {
      const row = kept[Number(m[1])];
      out[`participants.${row ? row.i : m[1]}.${m[2] || 'name'}`] = msg;
    } else out[k] = msg;
  }
  return out;
}

export function SeminarForm({ seminar, onDone }: { seminar?: Seminar; onDone: (s: Seminar) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { data: partners } = usePartners();
  const form = useFormState<SeminarFormValues>(() => seminarToValues(seminar));
  const { values, set, errors, textField } = form;
  const [version, setVersion] = useState(seminar?.version);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const id = seminar?.id;
  const fetchLatest = useCallback(() => api.get<Seminar>(`/seminars/${id}`), [id]);
  const conflict = useConflict(fetchLatest);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const ce = validateSeminar(values, t);
    form.setErrors(ce);
    if (Object.keys(ce).length) return;
    setBusy(true);
    setError(null);
    try {
      const payload = seminarPayload(values);
      const saved = id
        ? await api.patch<Seminar>(`/seminars/${id}`, { ...payload, version })
        : await api.post<Seminar>('/seminars', payload);
      queryClient.setQueryData(['seminars', 'detail', saved.id], saved);
      void queryClient.invalidateQueries({ queryKey: ['seminars'] });
      void queryClient.invalidateQueries({ queryKey: ['coverage'] });
      notifySuccess(t('common.saved'));
      onDone(saved);
    } catch (err) {
      if (await conflict.check(err)) return;
      if (err instanceof ApiError) form.setErrors(mapServerFields(values, err.fieldErrors));
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const updateSpeaker = (k: string, patch: Partial<SpeakerRow>) =>
    set(
      'speakers',
      values.speakers.map((s) => (s.key === k ? { ...s, ...patch } : s)),
    );

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate data-testid="seminar-form">
      <Stack gap="md">
        {error ? <ErrorAlert error={error} /> : null}
        <Grid gutter="sm">
          <Grid.Col span={{ base: 12, md: 6 }}>
            <TextInput label={t('seminar.title')} required {...textField('title')} data-autofocus />
          </Grid.Col>
          <Grid.Col span={{ base: 6, md: 3 }}>
            <Select
              label={t('seminar.kind')}
              data={enumOptions(t, 'seminarKind', [
                'seminar',
                'briefing',
                'school_lecture',
                'exercise',
                'other',
              ])}
              value={values.kind}
              onChange={(v) => v && set('kind', v as SeminarKind)}
              allowDeselect={false}
              error={errors.kind}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, md: 3 }}>
            <DayInput
              label={t('seminar.heldOn')}
              required
              value={values.heldOn}
              onChange={(v) => set('heldOn', v)}
              error={errors.heldOn}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <TextInput label={t('seminar.venue')} {...textField('venue')} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <MultiSelect
              label={t('seminar.partners')}
              data={(partners ?? []).map((p) => ({ value: p.id, label: p.name }))}
              value={values.partnerIds}
              onChange={(v) => set('partnerIds', v)}
              searchable
              clearable
              error={errors.partnerIds}
            />
          </Grid.Col>
        </Grid>

        <Fieldset legend={t('seminar.speakers')}>
          <Stack gap="xs">
            {values.speakers.map((s, i) => (
              <Group key={s.key} gap="xs" align="flex-start" wrap="nowrap">
                <TextInput
                  label={t('seminar.speakerName')}
                  value={s.name}
                  onChange={(e) => updateSpeaker(s.key, { name: e.currentTarget.value })}
                  error={fieldError(errors, `speakers.${i}.name`)}
                  style={{ flex: 1 }}
                />
                <TextInput
                  label={t('seminar.speakerAffiliation')}
                  value={s.affiliation}
                  onChange={(e) => updateSpeaker(s.key, { affiliation: e.currentTarget.value })}
                  style={{ flex: 1 }}
                />
                <ActionIcon
                  mt={26}
                  variant="subtle"
                  color="red"
                  aria-label={`${t('common.remove')}: ${s.name || t('seminar.speakerName')}`}
                  onClick={() =>
                    set(
                      'speakers',
                      values.speakers.filter((x) => x.key !== s.key),
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
                onClick={() =>
                  set('speakers', [...values.speakers, { key: key(), name: '', affiliation: '' }])
                }
              >
                + {t('seminar.addSpeaker')}
              </Button>
            </Group>
          </Stack>
        </Fieldset>

        <Checkbox.Group label={t('seminar.topics')} value={values.topics} onChange={(v) => set('topics', v)}>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="xs" mt={6}>
            {TOPIC_CODES.map((code) => (
              <Checkbox key={code} value={code} label={t(`enums.topic.${code}`)} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>

        <Fieldset legend={t('seminar.participants')}>
          <ParticipantsEditor
            rows={values.participants}
            onChange={(rows) => form.setValues((v) => ({ ...v, participants: rows }))}
            errors={errors}
          />
        </Fieldset>

        <Textarea label={t('seminar.notes')} autosize minRows={2} {...textField('notes')} />
        <Group justify="flex-end">
          <Button type="submit" loading={busy}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
      <ConflictModal
        latest={conflict.latest as unknown as Record<string, unknown> | null}
        mine={seminarPayload(values)}
        myVersion={version}
        fields={[
          { key: 'title', label: t('seminar.title') },
          { key: 'heldOn', label: t('seminar.heldOn') },
          { key: 'venue', label: t('seminar.venue') },
          { key: 'participants', label: t('seminar.participants') },
          { key: 'notes', label: t('seminar.notes') },
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
            form.reset(seminarToValues(conflict.latest));
            setVersion(conflict.latest.version);
          }
          conflict.clear();
        }}
      />
    </form>
  );
}

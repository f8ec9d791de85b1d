import {
  ActionIcon,
  Button,
  Fieldset,
  Group,
  Loader,
  Modal,
  MultiSelect,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  TagsInput,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TOPIC_CODES, useLabels, useStations } from '../../api/reference';
import { useMe } from '../../auth/AuthContext';
import { ConflictModal } from '../../components/ConflictModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EmptyRow } from '../../components/TableParts';
import { todayJst } from '../../lib/format';
import { notifySuccess } from '../../lib/notify';
import { useFormState } from '../../lib/useFormState';
import { useSaveForm } from '../../lib/useSaveForm';
import {
  fetchStrategyTask,
  useCreateStrategyTask,
  useStrategyTasks,
  useStrategySuggestions,
  useUpdateStrategyTask,
  type CreateStrategyTaskBody,
  type StrategyBullet,
  type StrategyTask,
  type UpdateStrategyTaskBody,
} from './api';

export interface BulletRow {
  key: string;
  text: string;
  repeated: boolean;
}

export interface TaskValues {
  prefectureCode: string;
  number: string;
  heading: string;
  description: string;
  leadAgencies: string[];
  topics: string[];
  actionsSoFar: BulletRow[];
  plannedActions: BulletRow[];
  sortOrder: number | '';
}

let seq = 0;
const bulletKey = () => `b${++seq}`;
const toRows = (bullets: StrategyBullet[] | undefined): BulletRow[] =>
  (bullets ?? []).map((b) => ({ key: bulletKey(), text: b.text, repeated: b.repeated }));
/** Bullets as the server takes them: blank rows dropped, text trimmed. */
export const toBullets = (rows: BulletRow[]): StrategyBullet[] =>
  rows.filter((r) => r.text.trim()).map((r) => ({ text: r.text.trim(), repeated: r.repeated }));

export function taskToValues(task: StrategyTask | undefined, prefectureCode: string): TaskValues {
  return {
    prefectureCode: task?.prefectureCode ?? prefectureCode,
    number: task?.number ?? '',
    heading: task?.heading ?? '',
    description: task?.description ?? '',
    leadAgencies: task?.leadAgencies ?? [],
    topics: task?.topics ?? [],
    actionsSoFar: toRows(task?.actionsSoFar),
    plannedActions: toRows(task?.plannedActions),
    sortOrder: task?.sortOrder ?? '',
  };
}

export function validateTask(v: TaskValues, bulletsOnly: boolean, t: TFunction): Record<string, string> {
  const e: Record<string, string> = {};
  if (bulletsOnly) return e;
  if (!/^(0[1-9]|[1-3][0-9]|4[0-7])$/.test(v.prefectureCode))
    e.prefectureCode = t('validation.prefectureCode');
  if (!v.heading.trim()) e.heading = t('validation.required');
  return e;
}

/** A new task (administrators): exactly CreateStrategyTaskDto. */
export function createTaskBody(v: TaskValues): CreateStrategyTaskBody {
  return {
    prefectureCode: v.prefectureCode,
    number: v.number.trim(),
    heading: v.heading.trim(),
    description: v.description.trim(),
    leadAgencies: v.leadAgencies.map((a) => a.trim()).filter(Boolean),
    topics: v.topics,
    actionsSoFar: toBullets(v.actionsSoFar),
    plannedActions: toBullets(v.plannedActions),
    sortOrder: v.sortOrder === '' ? undefined : v.sortOrder,
  };
}

/** An administrator's edit: exactly fields of UpdateStrategyTaskDto (the prefecture is fixed). */
export function taskFields(v: TaskValues): Omit<UpdateStrategyTaskBody, 'version'> {
  const { prefectureCode: _prefecture, ...rest } = createTaskBody(v);
  void _prefecture;
  return rest;
}

/** hq's edit (the project team): the bullets only (the server refuses any other field from hq). */
export function bulletFields(v: TaskValues): Pick<UpdateStrategyTaskBody, 'actionsSoFar' | 'plannedActions'> {
  return { actionsSoFar: toBullets(v.actionsSoFar), plannedActions: toBullets(v.plannedActions) };
}

/** Bullets with a 再掲 toggle each; rows are added and removed here. */
export function BulletsEditor({
  label,
  rows,
  onChange,
  testId,
}: {
  label: string;
  rows: BulletRow[];
  onChange: (rows: BulletRow[]) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const update = (key: string, patch: Partial<BulletRow>) =>
    onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  return (
    <Fieldset legend={label} data-testid={testId}>
      <Stack gap="xs">
        {rows.map((r, i) => (
          <Group key={r.key} gap="xs" align="flex-start" wrap="nowrap">
            <Textarea
              aria-label={`${label} ${i + 1}`}
              autosize
              minRows={1}
              value={r.text}
              onChange={(e) => update(r.key, { text: e.currentTarget.value })}
              style={{ flex: 1 }}
            />
            <Switch
              mt={6}
              label={t('reports.repeated')}
              aria-label={`${t('reports.repeated')} ${i + 1}`}
              checked={r.repeated}
              onChange={(e) => update(r.key, { repeated: e.currentTarget.checked })}
            />
            <ActionIcon
              mt={4}
              variant="subtle"
              color="red"
              aria-label={`${t('reports.removeBullet')} ${i + 1}`}
              onClick={() => onChange(rows.filter((x) => x.key !== r.key))}
            >
              ×
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button
            variant="light"
            size="xs"
            onClick={() => onChange([...rows, { key: bulletKey(), text: '', repeated: false }])}
          >
            + {t('reports.addBullet')}
          </Button>
        </Group>
      </Stack>
    </Fieldset>
  );
}

/** The records' suggested bullets for a task: each accepted one joins これまでの取組 (to edit and keep). */
function Suggestions({
  taskId,
  kept,
  onAccept,
}: {
  taskId: string;
  kept: BulletRow[];
  onAccept: (texts: string[]) => void;
}) {
  const { t } = useTranslation();
  const { data, isLoading } = useStrategySuggestions(todayJst());
  const bullets = data?.items.find((i) => i.taskId === taskId)?.bullets ?? [];
  const keptTexts = new Set(kept.map((k) => k.text.trim()));
  const open = bullets.filter((b) => !keptTexts.has(b.text));
  return (
    <Paper withBorder p="sm" data-testid="strategy-suggestions">
      <Group justify="space-between" mb={4}>
        <Text fw={600} size="sm">
          {t('reports.suggestions')}
        </Text>
        {open.length > 1 && (
          <Button size="compact-xs" variant="light" onClick={() => onAccept(open.map((b) => b.text))}>
            {t('reports.acceptAll')}
          </Button>
        )}
      </Group>
      <Text size="xs" c="dimmed" mb="xs">
        {t('reports.suggestionsHint')}
      </Text>
      {isLoading ? <Loader size="xs" /> : null}
      {data && bullets.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('reports.noSuggestions')}
        </Text>
      ) : null}
      <Stack gap={4}>
        {bullets.map((b) => (
          <Group key={b.text} gap="xs" wrap="nowrap" align="flex-start">
            <Text size="sm" style={{ flex: 1 }}>
              ・{b.text}
            </Text>
            {keptTexts.has(b.text) ? (
              <Text size="xs" c="dimmed">
                {t('reports.accepted')}
              </Text>
            ) : (
              <Button size="compact-xs" variant="subtle" onClick={() => onAccept([b.text])}>
                {t('reports.accept')}
              </Button>
            )}
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}

export function StrategyTaskForm({ task, onDone }: { task?: StrategyTask; onDone: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const labels = useLabels();
  const { data: stations } = useStations();
  const bulletsOnly = me.role === 'hq';
  const form = useFormState<TaskValues>(() => taskToValues(task, stations?.[0]?.prefectureCode ?? '35'));
  const { values, set, errors, textField } = form;
  const [version, setVersion] = useState(task?.version);
  const createTask = useCreateStrategyTask();
  const updateTask = useUpdateStrategyTask();
  const taskId = task?.id;
  const fieldsOf = (v: TaskValues) => (bulletsOnly ? bulletFields(v) : taskFields(v));
  const saver = useSaveForm({
    form,
    validate: (v) => validateTask(v, bulletsOnly, t),
    fetchLatest: () => fetchStrategyTask(taskId!),
    save: (v) =>
      taskId && version !== undefined
        ? updateTask.mutateAsync({ id: taskId, body: { ...fieldsOf(v), version } })
        : createTask.mutateAsync(createTaskBody(v)),
    onSaved: (saved) => {
      setVersion(saved.version);
      notifySuccess(t('common.saved'));
      onDone();
    },
  });
  const { busy, error, conflict, formRef } = saver;
  const topicOptions = labels.codeOptions('topic');
  const topics =
    topicOptions.length > 0
      ? topicOptions
      : TOPIC_CODES.map((c) => ({ value: c, label: t(`enums.topic.${c}`) }));
  const latestFields = conflict.latest
    ? fieldsOf(taskToValues(conflict.latest, conflict.latest.prefectureCode))
    : null;

  return (
    <form
      ref={formRef}
      onSubmit={(e) => {
        e.preventDefault();
        void saver.submit();
      }}
      noValidate
      aria-label={task ? t('reports.editTask') : t('reports.addTask')}
    >
      <Stack gap="sm">
        {error ? <ErrorAlert error={error} /> : null}
        {bulletsOnly ? (
          <Text fw={600}>{task ? `${task.number} ${task.heading}`.trim() : null}</Text>
        ) : (
          <>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput
                label={t('admin.prefectureCode')}
                required
                disabled={!!task}
                maxLength={2}
                {...textField('prefectureCode')}
              />
              <TextInput label={t('reports.taskNumber')} maxLength={16} {...textField('number')} />
              <NumberInput
                label={t('reports.sortOrder')}
                min={0}
                allowDecimal={false}
                allowNegative={false}
                value={values.sortOrder}
                onChange={(v) => set('sortOrder', typeof v === 'number' ? v : '')}
                error={errors.sortOrder}
              />
            </SimpleGrid>
            <TextInput label={t('reports.taskHeading')} required {...textField('heading')} data-autofocus />
            <Textarea
              label={t('reports.taskDescription')}
              autosize
              minRows={2}
              {...textField('description')}
            />
            <TagsInput
              label={t('reports.leadAgencies')}
              description={t('reports.leadAgenciesHint')}
              value={values.leadAgencies}
              onChange={(v) => set('leadAgencies', v)}
              error={errors.leadAgencies}
            />
            <MultiSelect
              label={t('reports.taskTopics')}
              description={t('reports.taskTopicsHint')}
              data={topics}
              value={values.topics}
              onChange={(v) => set('topics', v)}
              error={errors.topics}
              searchable
            />
          </>
        )}
        <BulletsEditor
          label={t('reports.actionsSoFar')}
          rows={values.actionsSoFar}
          onChange={(rows) => form.setValues((v) => ({ ...v, actionsSoFar: rows }))}
          testId="actions-so-far"
        />
        {taskId ? (
          <Suggestions
            taskId={taskId}
            kept={values.actionsSoFar}
            onAccept={(texts) =>
              form.setValues((v) => ({
                ...v,
                actionsSoFar: [
                  ...v.actionsSoFar.filter((r) => r.text.trim()),
                  ...texts.map((text) => ({ key: bulletKey(), text, repeated: false })),
                ],
              }))
            }
          />
        ) : null}
        <BulletsEditor
          label={t('reports.plannedActions')}
          rows={values.plannedActions}
          onChange={(rows) => form.setValues((v) => ({ ...v, plannedActions: rows }))}
          testId="planned-actions"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
      <ConflictModal
        latest={latestFields ? { ...latestFields, version: conflict.latest!.version } : null}
        mine={fieldsOf(values)}
        myVersion={version}
        fields={[
          { key: 'number', label: t('reports.taskNumber') },
          { key: 'heading', label: t('reports.taskHeading') },
          { key: 'description', label: t('reports.taskDescription') },
          { key: 'leadAgencies', label: t('reports.leadAgencies') },
          { key: 'topics', label: t('reports.taskTopics') },
          { key: 'actionsSoFar', label: t('reports.actionsSoFar') },
          { key: 'plannedActions', label: t('reports.plannedActions') },
          { key: 'sortOrder', label: t('reports.sortOrder') },
        ].filter((f) => !bulletsOnly || f.key === 'actionsSoFar' || f.key === 'plannedActions')}
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
            form.reset(taskToValues(conflict.latest, conflict.latest.prefectureCode));
            setVersion(conflict.latest.version);
          }
          conflict.clear();
        }}
      />
    </form>
  );
}

/**
 * The tasks behind the strategy table (課題, 【担当機関】, これまでの取組, 今後の取組). Managers read
 * them; hq (the project team) writes the bullets, accepting suggestions from the records;
 * administrators keep the list.
 */
export function StrategyTasksPanel() {
  const { t } = useTranslation();
  const me = useMe();
  const labels = useLabels();
  const { data, error, refetch } = useStrategyTasks(true);
  const [editing, setEditing] = useState<StrategyTask | 'new' | null>(null);
  const canEdit = me.role === 'admin' || me.role === 'hq';
  const bulletLine = (b: StrategyBullet) => `・${b.text}${b.repeated ? t('reports.repeatedMark') : ''}`;
  return (
    <Stack gap="xs" mt="md" data-testid="strategy-tasks">
      <Group justify="space-between">
        <Title order={3} size="h5">
          {t('reports.strategyTasks')}
        </Title>
        {me.role === 'admin' && (
          <Button size="xs" variant="light" onClick={() => setEditing('new')}>
            {t('reports.addTask')}
          </Button>
        )}
      </Group>
      {error ? <ErrorAlert error={error} onRetry={() => void refetch()} /> : null}
      <Table.ScrollContainer minWidth={640}>
        <Table striped withTableBorder fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('reports.taskTitle')}</Table.Th>
              <Table.Th>{t('reports.actionsSoFar')}</Table.Th>
              <Table.Th>{t('reports.plannedActions')}</Table.Th>
              {canEdit && <Table.Th>{t('common.actions')}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data?.map((task) => (
              <Table.Tr key={task.id}>
                <Table.Td>
                  <Text fw={600} size="sm">
                    {`${task.number} ${task.heading}`.trim()}
                  </Text>
                  {task.description ? (
                    <Text size="xs" c="dimmed" lineClamp={3}>
                      {task.description}
                    </Text>
                  ) : null}
                  <Text size="xs" c="dimmed">
                    {task.topics.map((c) => labels.code('topic', c)).join('、')}
                  </Text>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'pre-wrap' }}>
                  {[
                    ...(task.leadAgencies.length ? [`【${task.leadAgencies.join('、')}】`] : []),
                    ...task.actionsSoFar.map(bulletLine),
                  ].join('\n') || '—'}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'pre-wrap' }}>
                  {task.plannedActions.map(bulletLine).join('\n') || '—'}
                </Table.Td>
                {canEdit && (
                  <Table.Td>
                    <Button size="compact-sm" variant="subtle" onClick={() => setEditing(task)}>
                      {t('common.edit')}
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
            {data && data.length === 0 && (
              <EmptyRow colSpan={canEdit ? 4 : 3}>{t('reports.noTasks')}</EmptyRow>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('reports.addTask') : t('reports.editTask')}
        size="lg"
      >
        {editing !== null && (
          <StrategyTaskForm task={editing === 'new' ? undefined : editing} onDone={() => setEditing(null)} />
        )}
      </Modal>
    </Stack>
  );
}

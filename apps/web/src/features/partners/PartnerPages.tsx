import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Loader,
  Modal,
  Paper,
  SegmentedControl,
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
import { notifications } from '@mantine/notifications';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { enumOptions } from '../../api/reference';
import type { NetworkMember, Partner, PartnerKind, Role } from '../../api/types';
import { useMe } from '../../auth/AuthContext';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ConflictModal } from '../../components/ConflictModal';
import { DayInput } from '../../components/DayInput';
import { DetailList } from '../../components/DetailList';
import { ErrorAlert } from '../../components/ErrorAlert';
import { OrganizationPicker, type OrgRef } from '../../components/OrganizationPicker';
import { PageHeader } from '../../components/PageHeader';
import { EmptyRow, Pager } from '../../components/TableParts';
import { formatDate, isIsoDate, todayJst } from '../../lib/format';
import { notifyError, notifySuccess } from '../../lib/notify';
import { canEditRecords } from '../../lib/roles';
import { blankToNull, useFormState } from '../../lib/useFormState';
import { useSaveForm } from '../../lib/useSaveForm';
import {
  fetchPartner,
  useAddNetworkMember,
  useAllPartners,
  useCreateLiaison,
  useCreatePartner,
  useLiaisons,
  useMergePartner,
  useNetworkMembers,
  usePartner,
  usePartners,
  useRemoveNetworkMember,
  useUpdatePartner,
  type AddNetworkMemberBody,
  type CreateLiaisonBody,
  type CreatedPartner,
  type CreatePartnerBody,
  type UpdatePartnerBody,
} from './api';

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

/**
 * Prefecture-wide partners are hq's and admins'; a station's officers and managers add and edit their
 * station's own (the server's rule). hq and admins merge duplicates.
 */
export const canManagePartners = (role: Role | undefined): boolean => role === 'hq' || role === 'admin';
export const canCreatePartners = (role: Role | undefined): boolean =>
  canManagePartners(role) || canEditRecords(role);
export const canEditPartner = (me: { role: Role; stationId: string | null }, p: Partner): boolean =>
  p.status === 'active' &&
  (canManagePartners(me.role) ||
    (canEditRecords(me.role) && p.stationId !== null && p.stationId === me.stationId));

/** Whose partner it is: 県内共通 (prefecture-wide) or the station's name. */
export function PartnerOwnerBadge({ partner }: { partner: Pick<Partner, 'stationId' | 'stationName'> }) {
  const { t } = useTranslation();
  return partner.stationId === null ? (
    <Badge variant="light" color="gray" size="sm">
      {t('partner.ownerPrefecture')}
    </Badge>
  ) : (
    <Badge variant="light" color="blue" size="sm">
      {partner.stationName ?? t('partner.ownerStationFallback')}
    </Badge>
  );
}
/** Liaison records are a station's (officers, managers); hq reads every station's. */
const canReadLiaisons = (role: Role | undefined): boolean => canEditRecords(role) || role === 'hq';

/* ---------- partner form ---------- */

export interface PartnerValues {
  name: string;
  kind: PartnerKind;
  department: string;
  contactName: string;
  phone: string;
  email: string;
  notes: string;
}

export const partnerToValues = (p?: Partner): PartnerValues => ({
  name: p?.name ?? '',
  kind: p?.kind ?? 'prefecture',
  department: p?.department ?? '',
  contactName: p?.contactName ?? '',
  phone: p?.phone ?? '',
  email: p?.email ?? '',
  notes: p?.notes ?? '',
});

/** An edit's fields, with those a new partner must have made required. */
type PartnerFields = Omit<UpdatePartnerBody, 'version'> & Required<Pick<UpdatePartnerBody, 'name' | 'kind'>>;

/** What an edit sends, typed as the contract's UpdatePartnerDto (blank texts are cleared). */
export function partnerFields(v: PartnerValues): PartnerFields {
  return {
    name: v.name.trim(),
    kind: v.kind,
    department: blankToNull(v.department),
    contactName: blankToNull(v.contactName),
    phone: blankToNull(v.phone),
    email: blankToNull(v.email),
    notes: blankToNull(v.notes),
  };
}

/** A new partner: the same fields (its prefecture is the caller's station's, the server's default). */
export function createPartnerBody(v: PartnerValues): CreatePartnerBody {
  return { ...partnerFields(v) };
}

export function PartnerForm({ partner, onDone }: { partner?: Partner; onDone: (p: Partner) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const form = useFormState<PartnerValues>(() => partnerToValues(partner));
  const { values, set, errors, textField } = form;
  const [version, setVersion] = useState(partner?.version);
  const id = partner?.id;
  const createPartner = useCreatePartner();
  const updatePartner = useUpdatePartner();

  const saver = useSaveForm({
    form,
    validate: (v): Record<string, string> => (v.name.trim() ? {} : { name: t('validation.required') }),
    fetchLatest: () => fetchPartner(id!),
    save: (v): Promise<Partner | CreatedPartner> =>
      id && version !== undefined
        ? updatePartner.mutateAsync({ id, body: { ...partnerFields(v), version } })
        : createPartner.mutateAsync(createPartnerBody(v)),
    onSaved: (saved) => {
      setVersion(saved.version);
      notifySuccess(t('common.saved'));
      const duplicates = 'possibleDuplicates' in saved ? (saved.possibleDuplicates ?? []) : [];
      if (duplicates.length > 0)
        notifications.show({
          color: 'yellow',
          title: t('partner.possibleDuplicatesTitle'),
          message: t('partner.possibleDuplicates', {
            names: duplicates.map((d) => [d.name, d.department].filter(Boolean).join(' ')).join('、'),
          }),
          autoClose: false,
        });
      onDone(saved);
    },
  });
  const { busy, error, conflict, formRef } = saver;

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
    <form
      ref={formRef}
      onSubmit={(e) => {
        e.preventDefault();
        void saver.submit();
      }}
      noValidate
      data-testid="partner-form"
    >
      <Stack gap="sm">
        {error ? <ErrorAlert error={error} /> : null}
        {!partner && !canManagePartners(me.role) && (
          <Text size="sm" c="dimmed">
            {t('partner.createStationHint')}
          </Text>
        )}
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
        latest={conflict.latest}
        mine={partnerFields(values)}
        myVersion={version}
        fields={Object.entries(labels).map(([key, label]) => ({ key, label }))}
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
            form.reset(partnerToValues(conflict.latest));
            setVersion(conflict.latest.version);
          }
          conflict.clear();
        }}
      />
    </form>
  );
}

/* ---------- list ---------- */

export function PartnersPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const { data, error, refetch } = usePartners({ page, pageSize: 50 });
  const duplicates = canManagePartners(me.role) ? duplicateNames(data?.items ?? []) : new Set<string>();
  return (
    <>
      <PageHeader
        title={t('partner.listTitle')}
        actions={
          canCreatePartners(me.role) && (
            <Button onClick={() => setCreating(true)}>{t('partner.create')}</Button>
          )
        }
      />
      {error ? <ErrorAlert error={error} onRetry={() => void refetch()} /> : null}
      <Table.ScrollContainer minWidth={720}>
        <Table striped highlightOnHover>
          <VisuallyHidden component="caption">{t('partner.listTitle')}</VisuallyHidden>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('partner.name')}</Table.Th>
              <Table.Th>{t('partner.kind')}</Table.Th>
              <Table.Th>{t('partner.owner')}</Table.Th>
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
                  {duplicates.has(p.normalizedName) && (
                    <Badge variant="light" color="yellow" size="sm" ml={6}>
                      {t('partner.likelyDuplicate')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  {t(`enums.partnerKind.${p.kind}`, { defaultValue: p.kind })}
                  {p.kind === 'network' && (
                    <Badge variant="light" size="sm" ml={6}>
                      {t('partner.memberCount', { count: p.memberCount })}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <PartnerOwnerBadge partner={p} />
                </Table.Td>
                <Table.Td>{p.department ?? '—'}</Table.Td>
                <Table.Td>{p.contactName ?? '—'}</Table.Td>
                <Table.Td>{p.phone ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
            {data && data.items.length === 0 && <EmptyRow colSpan={6}>{t('common.noData')}</EmptyRow>}
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

/* ---------- liaison records ---------- */

export interface LiaisonValues {
  heldOn: string | null;
  subject: string;
  ourAttendees: string[];
  theirAttendees: string[];
  agreed: string;
  followUp: string;
}

function validateLiaison(v: LiaisonValues, t: TFunction): Record<string, string> {
  const e: Record<string, string> = {};
  if (!v.heldOn) e.heldOn = t('validation.required');
  else if (!isIsoDate(v.heldOn)) e.heldOn = t('validation.date');
  if (!v.subject.trim()) e.subject = t('validation.required');
  return e;
}

/** What a new liaison record sends, typed as the contract's CreateLiaisonDto. */
export function liaisonBody(v: LiaisonValues): CreateLiaisonBody {
  return {
    heldOn: v.heldOn ?? '',
    subject: v.subject.trim(),
    ourAttendees: v.ourAttendees,
    theirAttendees: v.theirAttendees,
    agreed: blankToNull(v.agreed),
    followUp: blankToNull(v.followUp),
  };
}

export function LiaisonForm({ partnerId, onDone }: { partnerId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const form = useFormState<LiaisonValues>({
    heldOn: todayJst(),
    subject: '',
    ourAttendees: [me.displayName],
    theirAttendees: [],
    agreed: '',
    followUp: '',
  });
  const { values, set, errors, textField } = form;
  const createLiaison = useCreateLiaison(partnerId);
  const saver = useSaveForm({
    form,
    validate: (v) => validateLiaison(v, t),
    save: (v) => createLiaison.mutateAsync(liaisonBody(v)),
    onSaved: () => {
      notifySuccess(t('common.saved'));
      onDone();
    },
  });
  const { busy, error, formRef } = saver;

  return (
    <form
      ref={formRef}
      onSubmit={(e) => {
        e.preventDefault();
        void saver.submit();
      }}
      noValidate
      data-testid="liaison-form"
    >
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
          <Button variant="default" onClick={() => saver.cancel(onDone)}>
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

function LiaisonsPanel({ partnerId, canAdd }: { partnerId: string; canAdd: boolean }) {
  const { t, i18n } = useTranslation();
  const [adding, setAdding] = useState(false);
  const liaisons = useLiaisons(partnerId);
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {t('partner.liaisons')}
        </Title>
        {canAdd && (
          <Button size="xs" onClick={() => setAdding(true)}>
            {t('partner.addLiaison')}
          </Button>
        )}
      </Group>
      {liaisons.error ? <ErrorAlert error={liaisons.error} onRetry={() => void liaisons.refetch()} /> : null}
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
                <Table.Td>{l.ourAttendees.join('、')}</Table.Td>
                <Table.Td>{l.theirAttendees.join('、')}</Table.Td>
                <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{l.agreed ?? ''}</Table.Td>
              </Table.Tr>
            ))}
            {liaisons.data && liaisons.data.length === 0 && (
              <EmptyRow colSpan={5}>{t('common.noData')}</EmptyRow>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Modal opened={adding} onClose={() => setAdding(false)} title={t('partner.addLiaison')} size="lg">
        {adding && <LiaisonForm partnerId={partnerId} onDone={() => setAdding(false)} />}
      </Modal>
    </Paper>
  );
}

/* ---------- network members ---------- */

export interface MemberValues {
  type: 'organization' | 'partner';
  organization: OrgRef | null;
  partnerId: string | null;
}

/** What adding a member sends: exactly one of organizationId, partnerId (AddNetworkMemberDto). */
export function memberBody(v: MemberValues): AddNetworkMemberBody {
  return v.type === 'organization'
    ? { organizationId: v.organization?.id ?? '' }
    : { partnerId: v.partnerId ?? '' };
}

function validateMember(v: MemberValues, t: TFunction): Record<string, string> {
  if (v.type === 'organization' && !v.organization) return { organizationId: t('validation.required') };
  if (v.type === 'partner' && !v.partnerId) return { partnerId: t('validation.required') };
  return {};
}

export function MemberForm({
  network,
  canAddPartners,
  onDone,
}: {
  network: Partner;
  canAddPartners: boolean;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { data: partners } = useAllPartners();
  const form = useFormState<MemberValues>({ type: 'organization', organization: null, partnerId: null });
  const { values, set, errors } = form;
  const addMember = useAddNetworkMember(network.id);
  const saver = useSaveForm({
    form,
    validate: (v) => validateMember(v, t),
    save: (v) => addMember.mutateAsync(memberBody(v)),
    onSaved: () => {
      notifySuccess(t('common.saved'));
      onDone();
    },
  });
  const { busy, error, formRef } = saver;
  const partnerOptions = (partners ?? [])
    .filter((p) => p.id !== network.id)
    .map((p) => ({ value: p.id, label: p.name }));

  return (
    <form
      ref={formRef}
      onSubmit={(e) => {
        e.preventDefault();
        void saver.submit();
      }}
      noValidate
      data-testid="member-form"
    >
      <Stack gap="sm">
        {error ? <ErrorAlert error={error} /> : null}
        {canAddPartners && (
          <SegmentedControl
            aria-label={t('partner.memberType')}
            data={[
              { value: 'organization', label: t('partner.memberOrganization') },
              { value: 'partner', label: t('partner.memberPartner') },
            ]}
            value={values.type}
            onChange={(v) => set('type', v as MemberValues['type'])}
          />
        )}
        {values.type === 'organization' ? (
          <OrganizationPicker
            label={t('partner.memberOrganization')}
            required
            value={values.organization}
            onChange={(v) => set('organization', v)}
            error={errors.organizationId}
            data-autofocus
          />
        ) : (
          <Select
            label={t('partner.memberPartner')}
            required
            searchable
            data={partnerOptions}
            value={values.partnerId}
            onChange={(v) => set('partnerId', v)}
            error={errors.partnerId}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => saver.cancel(onDone)}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {t('common.add')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * Members of a network (協議体): organizations and partner agencies. Station users see and add
 * their own station's organizations; hq and admins every member, partners too.
 */
function MembersPanel({ network }: { network: Partner }) {
  const { t } = useTranslation();
  const me = useMe();
  const members = useNetworkMembers(network.id);
  const removeMember = useRemoveNetworkMember(network.id);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<NetworkMember | null>(null);
  const manager = canManagePartners(me.role);
  const canAdd = manager || canEditRecords(me.role);
  // the server's rule: station users remove their own station's organizations only
  const canRemove = (m: NetworkMember) =>
    manager || (canEditRecords(me.role) && m.organizationId !== null && m.stationId === me.stationId);
  const memberName = (m: NetworkMember) => m.organizationName ?? m.partnerName ?? '—';

  const remove = async (m: NetworkMember) => {
    try {
      await removeMember.mutateAsync(m.id);
      notifySuccess(t('partner.memberRemoved', { name: memberName(m) }));
    } catch (err) {
      notifyError(err, t);
    } finally {
      setRemoving(null);
    }
  };

  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {t('partner.members')}
        </Title>
        {canAdd && (
          <Button size="xs" onClick={() => setAdding(true)}>
            {t('partner.addMember')}
          </Button>
        )}
      </Group>
      {members.error ? <ErrorAlert error={members.error} onRetry={() => void members.refetch()} /> : null}
      <Table striped data-testid="members-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('partner.memberName')}</Table.Th>
            <Table.Th>{t('partner.memberType')}</Table.Th>
            <Table.Th w={60}>
              <span className="visually-hidden">{t('common.actions')}</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {members.data?.map((m) => (
            <Table.Tr key={m.id}>
              <Table.Td>
                {m.organizationId ? (
                  <Anchor component={Link} to={`/organizations/${m.organizationId}`}>
                    {memberName(m)}
                  </Anchor>
                ) : m.partnerId ? (
                  <Anchor component={Link} to={`/partners/${m.partnerId}`}>
                    {memberName(m)}
                  </Anchor>
                ) : (
                  memberName(m)
                )}
              </Table.Td>
              <Table.Td>
                {m.organizationId ? t('partner.memberOrganization') : t('partner.memberPartner')}
              </Table.Td>
              <Table.Td>
                {canRemove(m) && (
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`${t('common.remove')}: ${memberName(m)}`}
                    onClick={() => setRemoving(m)}
                  >
                    ×
                  </ActionIcon>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
          {members.data && members.data.length === 0 && <EmptyRow colSpan={3}>{t('common.noData')}</EmptyRow>}
        </Table.Tbody>
      </Table>
      <Modal opened={adding} onClose={() => setAdding(false)} title={t('partner.addMember')} size="lg">
        {adding && <MemberForm network={network} canAddPartners={manager} onDone={() => setAdding(false)} />}
      </Modal>
      <ConfirmModal
        opened={removing !== null}
        message={t('partner.removeMemberConfirm', { name: removing ? memberName(removing) : '' })}
        confirmLabel={t('common.remove')}
        loading={removeMember.isPending}
        onConfirm={() => removing && void remove(removing)}
        onClose={() => setRemoving(null)}
      />
    </Paper>
  );
}

/* ---------- detail ---------- */

/**
 * The partners a duplicate may be merged into: active, same prefecture, prefecture-wide or of its
 * station; those with the same normalized name (likely duplicates) first.
 */
export function mergeTargets(partner: Partner, all: Partner[]): Partner[] {
  const same = (p: Partner) => (p.normalizedName === partner.normalizedName ? 0 : 1);
  return all
    .filter(
      (p) =>
        p.id !== partner.id &&
        p.status === 'active' &&
        p.prefectureCode === partner.prefectureCode &&
        (p.stationId === null || p.stationId === partner.stationId) &&
        (partner.kind !== 'network' || partner.memberCount === 0 || p.kind === 'network'),
    )
    .sort((a, b) => same(a) - same(b));
}

/** The normalized names that more than one partner of `items` has (likely duplicates, for hq). */
export function duplicateNames(items: Partner[]): Set<string> {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const p of items) {
    if (seen.has(p.normalizedName)) twice.add(p.normalizedName);
    seen.add(p.normalizedName);
  }
  return twice;
}

/** hq's merge of a duplicate partner into the one kept (the server moves liaisons and members). */
export function MergePartnerModal({
  partner,
  opened,
  onClose,
}: {
  partner: Partner;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data: partners } = useAllPartners();
  const merge = useMergePartner();
  const [intoId, setIntoId] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const targets = mergeTargets(partner, partners ?? []);
  const likely = targets.filter((p) => p.normalizedName === partner.normalizedName);
  // one likely duplicate: chosen for the user (they still confirm)
  const chosen = intoId ?? (likely.length === 1 ? likely[0].id : null);
  const submit = async () => {
    const into = targets.find((p) => p.id === chosen);
    if (!into) return;
    setError(null);
    try {
      const result = await merge.mutateAsync({
        id: partner.id,
        body: { intoId: into.id, version: partner.version, intoVersion: into.version },
      });
      notifySuccess(t('partner.merged', { name: result.partner.name, liaisons: result.moved.liaisons }));
      onClose();
      void navigate(`/partners/${result.partner.id}`);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('partner.mergeTitle')} size="lg">
      <Stack gap="sm">
        {error ? <ErrorAlert error={error} /> : null}
        <Text size="sm">{t('partner.mergeHint', { name: partner.name })}</Text>
        <Select
          label={t('partner.mergeInto')}
          description={t('partner.mergeIntoHint')}
          required
          searchable
          data={targets.map((p) => ({
            value: p.id,
            label:
              `${[p.name, p.department].filter(Boolean).join(' ')}（${p.stationName ?? t('partner.ownerPrefecture')}）` +
              (p.normalizedName === partner.normalizedName ? ` — ${t('partner.likelyDuplicate')}` : ''),
          }))}
          value={chosen}
          onChange={setIntoId}
          data-autofocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button color="red" disabled={!chosen} loading={merge.isPending} onClick={() => void submit()}>
            {t('partner.mergeSubmit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function MergedIntoNotice({ partner }: { partner: Partner }) {
  const { t } = useTranslation();
  const into = usePartner(partner.mergedIntoId ?? undefined);
  return (
    <Alert color="gray" title={t('partner.archivedNotice')}>
      {partner.mergedIntoId && (
        <Anchor component={Link} to={`/partners/${partner.mergedIntoId}`}>
          {t('partner.archivedInto', { name: into.data?.name ?? '…' })}
        </Anchor>
      )}
    </Alert>
  );
}

export function PartnerDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const me = useMe();
  const [editing, setEditing] = useState(false);
  const [merging, setMerging] = useState(false);
  const { data: p, error, refetch } = usePartner(id);
  if (error) return <ErrorAlert error={error} onRetry={() => void refetch()} />;
  if (!p) return <Loader aria-label={t('app.loading')} />;
  const active = p.status === 'active';
  return (
    <>
      <PageHeader
        title={p.name}
        sub={
          <Group gap="xs">
            <Text c="dimmed" size="sm">
              {t(`enums.partnerKind.${p.kind}`, { defaultValue: p.kind })}
            </Text>
            <PartnerOwnerBadge partner={p} />
          </Group>
        }
        actions={
          <Group gap="xs">
            {canEditPartner(me, p) && (
              <Button variant="default" onClick={() => setEditing(true)}>
                {t('common.edit')}
              </Button>
            )}
            {active && canManagePartners(me.role) && (
              <Button variant="default" color="red" onClick={() => setMerging(true)}>
                {t('partner.merge')}
              </Button>
            )}
          </Group>
        }
      />
      <Stack>
        {!active && <MergedIntoNotice partner={p} />}
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
        {p.kind === 'network' && <MembersPanel network={p} />}
        {canReadLiaisons(me.role) && (
          <LiaisonsPanel partnerId={p.id} canAdd={active && canEditRecords(me.role)} />
        )}
      </Stack>
      <Modal opened={editing} onClose={() => setEditing(false)} title={t('common.edit')} size="lg">
        {editing && <PartnerForm partner={p} onDone={() => setEditing(false)} />}
      </Modal>
      {merging && <MergePartnerModal partner={p} opened={merging} onClose={() => setMerging(false)} />}
    </>
  );
}

import { Select, type SelectProps } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrganizationSearch } from '../features/organizations/api';
import { useImeSearch } from '../lib/useImeSearch';

export interface OrgRef {
  id: string;
  name: string;
}

type Props = Omit<SelectProps, 'value' | 'onChange' | 'data'> & {
  value: OrgRef | null;
  onChange: (value: OrgRef | null) => void;
};

/** Picks an organization by searching `/organizations?q=` as the user types (IME-aware, debounced). */
export function OrganizationPicker({ value, onChange, ...rest }: Props) {
  const { t } = useTranslation();
  const search = useImeSearch(value?.name ?? '', 250);
  const q = search.committed.trim();
  const typedSelected = value !== null && q === value.name;
  const { data, isFetching } = useOrganizationSearch(q, !typedSelected);

  const options = useMemo(() => {
    const list = (data?.items ?? []).map((o) => ({
      value: o.id,
      label: o.name,
    }));
    if (value && !list.some((o) => o.value === value.id))
      list.unshift({ value: value.id, label: value.name });
    return list;
  }, [data, value]);

  return (
    <Select
      searchable
      clearable
      data={options}
      value={value?.id ?? null}
      onChange={(id, option) => onChange(id ? { id, name: option.label } : null)}
      searchValue={search.value}
      onSearchChange={(s) => search.onValue(s)}
      filter={({ options: o }) => o}
      nothingFoundMessage={isFetching ? t('app.loading') : t('common.noData')}
      placeholder={t('visit.organizationPlaceholder')}
      maxDropdownHeight={320}
      {...search.compositionProps}
      {...rest}
    />
  );
}

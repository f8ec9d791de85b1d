import { Loader, Stack, TextInput } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useImeSearch } from '../../lib/useImeSearch';
import { useSearch } from './api';
import { SearchResults } from './SearchResults';

/** The full results of one search (up to 20 per type); the query lives in the URL (?q=). */
export function SearchPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const box = useImeSearch(q, 300, (next) =>
    setParams(next.trim() ? { q: next.trim() } : {}, { replace: true }),
  );
  const { reset } = box;
  useEffect(() => reset(q), [q, reset]);
  const { data, error, isFetching, refetch } = useSearch(q, 20);
  return (
    <>
      <PageHeader title={q ? t('search.resultsFor', { q }) : t('search.title')} />
      <Stack gap="md">
        <TextInput
          type="search"
          aria-label={t('search.label')}
          placeholder={t('search.placeholder')}
          rightSection={isFetching ? <Loader size="xs" /> : null}
          {...box.inputProps}
          data-autofocus
          autoFocus
        />
        {error ? <ErrorAlert error={error} onRetry={() => void refetch()} /> : null}
        {q && data ? <SearchResults items={data.items} /> : null}
      </Stack>
    </>
  );
}

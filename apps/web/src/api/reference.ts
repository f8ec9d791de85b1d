/**
 * Reference data shared by many screens: code lists, station officers, stations. Each is an
 * unpaged `{items}` answer of the server; the hooks hand out the items.
 */
import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/AuthContext';
import { municipalityLabel } from '../lib/municipalities';
import { http, unwrap } from './http';
import type { CodeKind } from './types';

/** Query keys of the reference data; writers (admin screens) invalidate these. */
export const referenceKeys = {
  codeLists: ['code-lists'] as const,
  stationOfficers: ['station-officers'] as const,
  stations: ['stations'] as const,
};

export function useCodeItems() {
  const { user } = useAuth();
  return useQuery({
    queryKey: referenceKeys.codeLists,
    queryFn: async ({ signal }) => (await unwrap(http.GET('/api/v1/code-lists', { signal }))).items,
    enabled: !!user,
    staleTime: 10 * 60_000,
    retry: false,
  });
}

/** Officers and managers of the caller's station (pickers); other roles have none. */
export function useStationOfficers() {
  const { user } = useAuth();
  const enabled = !!user && (user.role === 'officer' || user.role === 'manager');
  return useQuery({
    queryKey: referenceKeys.stationOfficers,
    queryFn: async ({ signal }) =>
      (await unwrap(http.GET('/api/v1/users/station-officers', { signal }))).items,
    enabled,
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/** Every station for hq and admin; a station user's own station only. */
export function useStations(enabled = true) {
  const { user } = useAuth();
  return useQuery({
    queryKey: referenceKeys.stations,
    queryFn: async ({ signal }) => (await unwrap(http.GET('/api/v1/stations', { signal }))).items,
    enabled: enabled && !!user,
    staleTime: 10 * 60_000,
    retry: false,
  });
}

/** Label lookups in the current language: code lists first, then the built-in enum labels. */
export function useLabels() {
  const { t, i18n } = useTranslation();
  const { data: codes } = useCodeItems();
  const { data: officers } = useStationOfficers();
  const ja = i18n.language.startsWith('ja');

  const code = useCallback(
    (kind: CodeKind, value: string | null | undefined): string => {
      if (!value) return '';
      const item = codes?.find((c) => c.kind === kind && c.code === value);
      if (item) return (ja ? item.labelJa : item.labelEn) || item.labelJa || value;
      const enumKey = kind === 'sector' ? 'enums.sector' : kind === 'topic' ? 'enums.topic' : null;
      if (enumKey) return t(`${enumKey}.${value}`, { defaultValue: value });
      return value;
    },
    [codes, ja, t],
  );

  const codeOptions = useCallback(
    (kind: CodeKind): { value: string; label: string }[] => {
      const items = (codes ?? []).filter((c) => c.kind === kind);
      if (items.length > 0)
        return items.map((c) => ({
          value: c.code,
          label: (ja ? c.labelJa : c.labelEn) || c.labelJa || c.code,
        }));
      if (kind === 'sector') {
        return ['advanced_tech', 'university', 'medical', 'infrastructure', 'other'].map((v) => ({
          value: v,
          label: t(`enums.sector.${v}`),
        }));
      }
      return [];
    },
    [codes, ja, t],
  );

  const officer = useCallback(
    (id: string): string => officers?.find((o) => o.id === id)?.displayName ?? id.slice(0, 8),
    [officers],
  );

  const en = useCallback(
    (group: string, value: string | null | undefined): string =>
      value ? t(`enums.${group}.${value}`, { defaultValue: value }) : '',
    [t],
  );

  return { code, codeOptions, officer, en };
}

/** The municipalities of the stations the user can see, for pickers and filters. */
export function useMunicipalityOptions(): { value: string; label: string }[] {
  const { data: stations } = useStations();
  const codes = new Set<string>();
  for (const s of stations ?? []) for (const c of s.municipalityCodes ?? []) codes.add(c);
  return [...codes].sort().map((c) => ({ value: c, label: municipalityLabel(c) }));
}

export const TOPIC_CODES = [
  'leak_cases',
  'foreign_activities',
  'cyber_trends',
  'consultation_desk',
  'export_control',
  'insider_risk',
  'info_management',
  'other',
] as const;

export function enumOptions(
  t: (k: string) => string,
  group: string,
  values: readonly string[],
): { value: string; label: string }[] {
  return values.map((v) => ({ value: v, label: t(`enums.${group}.${v}`) }));
}

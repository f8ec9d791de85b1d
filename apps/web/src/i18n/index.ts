import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import ja from './ja.json';

export const LANG_KEY = 'outreach.lang';
export const LANGUAGES = [
  { value: 'ja', label: '日本語' },
  { value: 'en', label: 'English' },
] as const;
export type Language = (typeof LANGUAGES)[number]['value'];

export function storedLanguage(): Language {
  try {
    const v = localStorage.getItem(LANG_KEY);
    return v === 'en' ? 'en' : 'ja';
  } catch {
    return 'ja';
  }
}

/**
 * Makes `lng`'s strings available: Japanese is in the main bundle, English is a chunk of its own,
 * fetched only when a user picks it (or had picked it: main.tsx waits for it before rendering).
 */
export async function loadLanguage(lng: Language): Promise<void> {
  if (lng === 'ja' || i18n.hasResourceBundle(lng, 'translation')) return;
  const { default: en } = await import('./en.json');
  i18n.addResourceBundle('en', 'translation', en, true, true);
}

export function setLanguage(lng: Language): void {
  void loadLanguage(lng).then(() => i18n.changeLanguage(lng));
  try {
    localStorage.setItem(LANG_KEY, lng);
  } catch {
    /* storage unavailable */
  }
  document.documentElement.lang = lng;
}

// Starts in Japanese; a stored English is switched to once its chunk is in (main.tsx).
void i18n.use(initReactI18next).init({
  resources: { ja: { translation: ja } },
  lng: 'ja',
  fallbackLng: 'ja',
  supportedLngs: ['ja', 'en'],
  interpolation: { escapeValue: false },
  initAsync: false,
});

if (typeof document !== 'undefined') document.documentElement.lang = i18n.language;

/** The stored language, loaded and switched to (main.tsx renders after it). */
export async function startLanguage(): Promise<void> {
  const lng = storedLanguage();
  if (lng === 'ja') return;
  try {
    await loadLanguage(lng);
    await i18n.changeLanguage(lng);
    document.documentElement.lang = lng;
  } catch {
    /* the chunk did not load: stay in Japanese */
  }
}

export default i18n;

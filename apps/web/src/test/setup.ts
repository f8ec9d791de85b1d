import { cleanup, configure } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';
import { loadLanguage } from '../i18n';

// the English strings are a chunk loaded on demand in the app; the tests have both languages
await loadLanguage('en');

// local drafts of forms (lib/formDrafts) must not carry from one test into the next
beforeEach(() => window.localStorage.clear());

// the suites render whole Mantine forms; give slow CI machines room
configure({ asyncUtilTimeout: 5000 });

// jsdom lacks these browser APIs that Mantine uses
Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: vi.fn().mockImplementation((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: vi.fn(),
    removeListener: vi.fn(),
    addEventListener: vi.fn(),
    removeEventListener: vi.fn(),
    dispatchEvent: vi.fn(),
  })),
});

class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
window.ResizeObserver = ResizeObserverStub;
Element.prototype.scrollIntoView = vi.fn();
window.HTMLElement.prototype.scrollTo = vi.fn();

afterEach(() => {
  cleanup();
  sessionStorage.clear();
  vi.restoreAllMocks();
});

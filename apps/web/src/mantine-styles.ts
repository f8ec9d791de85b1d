/**
 * Every Mantine component's styles, loaded with the first screen behind the login (App.tsx: the
 * layout and the account steps), in the stylesheet's own order. Before that, the login page needs
 * only its components' styles (main.tsx), so a phone's first load carries a fifth of the CSS.
 * Loaded after the login's subset, this sheet repeats those rules in the same order: the cascade
 * is then that of the whole stylesheet.
 */
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';

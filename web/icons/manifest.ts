import { MANIFEST_PATH, PNG_ICONS } from './icon-set.ts';

export { MANIFEST_PATH };

/** The page colours the browser paints around the app (kept equal to --card and --bg in web/styles.css). */
export const THEME_COLORS = {
  light: { theme: '#ffffff', background: '#f5f6fa' },
  dark: { theme: '#181b24', background: '#0f1117' },
} as const;

export interface WebAppManifest {
  id: string;
  name: string;
  short_name: string;
  description: string;
  start_url: string;
  scope: string;
  display: 'standalone';
  theme_color: string;
  background_color: string;
  icons: { src: string; sizes: string; type: 'image/png'; purpose: 'any' | 'maskable' }[];
}

/**
 * The web app manifest. `display: standalone` is what lets iOS and iPadOS (16.4+) offer Web Push at all:
 * only to a site added to the Home Screen and opened from there.
 */
export function webAppManifest(): WebAppManifest {
  return {
    id: '/',
    name: 'Web Push starter kit',
    short_name: 'Web Push',
    description: 'Subscribe to push notifications and send them from the admin page.',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    theme_color: THEME_COLORS.light.theme,
    background_color: THEME_COLORS.light.background,
    icons: PNG_ICONS.flatMap((icon) =>
      icon.manifestPurpose
        ? [
            {
              src: icon.path,
              sizes: `${icon.size}x${icon.size}`,
              type: 'image/png' as const,
              purpose: icon.manifestPurpose,
            },
          ]
        : [],
    ),
  };
}

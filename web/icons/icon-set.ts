// Every icon the kit serves, by URL. The pages, the manifest, the worker and the build all read this list.

export const MANIFEST_PATH = '/manifest.webmanifest';
/** The scalable favicon. */
export const FAVICON_PATH = '/icons/icon.svg';
export const APPLE_TOUCH_ICON_PATH = '/icons/apple-touch-icon.png';
/** What a notification shows when its message names no icon. */
export const DEFAULT_NOTIFICATION_ICON_PATH = '/icons/icon-192.png';
/** The small monochrome icon Android shows in the status bar. */
export const DEFAULT_BADGE_PATH = '/icons/badge-96.png';

export type IconArtwork = 'rounded' | 'full-bleed' | 'badge';

export interface PngIcon {
  path: string;
  size: number;
  artwork: IconArtwork;
  /** Listed in the manifest with this purpose; absent: not a manifest icon. */
  manifestPurpose?: 'any' | 'maskable';
}

export const PNG_ICONS: readonly PngIcon[] = [
  { path: '/icons/icon-192.png', size: 192, artwork: 'rounded', manifestPurpose: 'any' },
  { path: '/icons/icon-512.png', size: 512, artwork: 'rounded', manifestPurpose: 'any' },
  { path: '/icons/maskable-192.png', size: 192, artwork: 'full-bleed', manifestPurpose: 'maskable' },
  { path: '/icons/maskable-512.png', size: 512, artwork: 'full-bleed', manifestPurpose: 'maskable' },
  // iOS rounds the corners itself and shows transparency as black: a full-bleed square.
  { path: APPLE_TOUCH_ICON_PATH, size: 180, artwork: 'full-bleed' },
  { path: DEFAULT_BADGE_PATH, size: 96, artwork: 'badge' },
];

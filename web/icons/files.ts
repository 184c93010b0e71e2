// Build-time only (Node): every file of the installable web app, rendered from the artwork and the manifest.
import { appIconSvg } from './artwork.ts';
import { FAVICON_PATH, PNG_ICONS } from './icon-set.ts';
import { MANIFEST_PATH, webAppManifest } from './manifest.ts';
import { artworkSvg, rasterize } from './rasterize.ts';

export interface WebAppFile {
  /** The URL path, e.g. "/icons/icon-192.png". */
  path: string;
  contentType: string;
  render(): Promise<string | Uint8Array>;
}

export function webAppFiles(): WebAppFile[] {
  return [
    {
      path: MANIFEST_PATH,
      contentType: 'application/manifest+json',
      render: async () => `${JSON.stringify(webAppManifest(), null, 2)}\n`,
    },
    { path: FAVICON_PATH, contentType: 'image/svg+xml', render: async () => appIconSvg('rounded') },
    ...PNG_ICONS.map((icon): WebAppFile => ({
      path: icon.path,
      contentType: 'image/png',
      render: async () => (await rasterize(artworkSvg(icon.artwork), icon.size)).png,
    })),
  ];
}

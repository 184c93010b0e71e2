// Build-time only (Node): turns the SVG artwork into PNGs with resvg, whose binary comes as an npm package.
import { appIconSvg, badgeSvg } from './artwork.ts';
import type { IconArtwork } from './icon-set.ts';

export function artworkSvg(artwork: IconArtwork): string {
  return artwork === 'badge' ? badgeSvg() : appIconSvg(artwork);
}

export interface RenderedIcon {
  png: Buffer;
  /** RGBA, row by row: what the tests look at. */
  pixels: Buffer;
  width: number;
  height: number;
}

/** Rasterizes SVG text to a square PNG of `size` pixels. */
export async function rasterize(svgText: string, size: number): Promise<RenderedIcon> {
  const { Resvg } = await import('@resvg/resvg-js');
  const image = new Resvg(svgText, {
    fitTo: { mode: 'width', value: size },
    font: { loadSystemFonts: false },
  }).render();
  return { png: image.asPng(), pixels: image.pixels, width: image.width, height: image.height };
}

// The kit's artwork as SVG text: one bell, drawn on the backdrop each icon needs. The build rasterizes these
// into the PNGs the manifest, iOS and notifications use (web/icons/vite-plugin-web-app.ts).

/** The brand colours: an indigo gradient behind a white bell with an amber "new" dot. */
export const BRAND = {
  gradientFrom: '#6366f1',
  gradientTo: '#4338ca',
  bell: '#ffffff',
  dot: '#fbbf24',
} as const;

/**
 * Where the artwork sits on a 512-unit canvas. The bell and dot stay within ARTWORK_RADIUS of the centre,
 * well inside the maskable safe zone (a circle of 40% of the size, i.e. 204.8 units).
 */
export const CANVAS = 512;
export const ARTWORK_RADIUS = 150;

/** rounded: an app icon with its own corners; full-bleed: maskable and apple-touch-icon (the OS shapes
 * them); none: the artwork alone (for checking the safe zone). */
export type Backdrop = 'rounded' | 'full-bleed' | 'none';

// The bell on a 100-unit grid centred at (50, 50): dome with a flared rim, the clapper below, the knob on top.
const BELL_SHAPES =
  '<path d="M50 17C35 17 27 29 27 45v14.5c0 3-1.2 5.8-3.3 7.9L18 73v3h64v-3l-5.7-5.6A11 11 0 0 1 73 59.5V45' +
  'c0-16-8-28-23-28z"/><path d="M41 80a9 9 0 0 0 18 0z"/><circle cx="50" cy="14" r="5.5"/>';
// The dot and the gap cut around it, so the dot reads on any background, the badge's transparent one too.
const DOT = { cx: 75, cy: 24, r: 10.5, gap: 16 };
// One grid unit is 3.1 canvas units on the icons (the dot's far edge ends ~145 units from centre) and 4.6 on
// the badge, which is shown tiny and so fills its canvas.
const ICON_SCALE = 3.1;
const BADGE_SCALE = 4.6;

function artwork(bell: string, dot: string, scale: number): string {
  const place = `translate(${CANVAS / 2} ${CANVAS / 2}) scale(${scale}) translate(-50 -50)`;
  return (
    `<mask id="dot-gap"><rect x="0" y="0" width="100" height="100" fill="#fff"/>` +
    `<circle cx="${DOT.cx}" cy="${DOT.cy}" r="${DOT.gap}" fill="#000"/></mask>` +
    `<g transform="${place}">` +
    `<g fill="${bell}" mask="url(#dot-gap)">${BELL_SHAPES}</g>` +
    `<circle cx="${DOT.cx}" cy="${DOT.cy}" r="${DOT.r}" fill="${dot}"/>` +
    `</g>`
  );
}

function svgDocument(body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${CANVAS} ${CANVAS}" width="${CANVAS}" height="${CANVAS}">${body}</svg>\n`;
}

/** The full-colour app icon. */
export function appIconSvg(backdrop: Backdrop): string {
  const gradient =
    `<defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">` +
    `<stop offset="0" stop-color="${BRAND.gradientFrom}"/><stop offset="1" stop-color="${BRAND.gradientTo}"/>` +
    `</linearGradient></defs>`;
  const shape =
    backdrop === 'rounded'
      ? `<rect width="${CANVAS}" height="${CANVAS}" rx="112" fill="url(#bg)"/>`
      : backdrop === 'full-bleed'
        ? `<rect width="${CANVAS}" height="${CANVAS}" fill="url(#bg)"/>`
        : '';
  return svgDocument(gradient + shape + artwork(BRAND.bell, BRAND.dot, ICON_SCALE));
}

/** The notification badge: the same shapes in white on transparent (Android shows only its alpha). */
export function badgeSvg(): string {
  return svgDocument(artwork('#ffffff', '#ffffff', BADGE_SCALE));
}

import type { MessageContent } from '../../shared/message-payload.ts';
import { h, type Child } from '../lib/dom.ts';

/** An image the preview can draw (a path on this site), or only name (elsewhere: the page's CSP blocks it). */
export type PreviewImage = { src: string } | { host: string } | null;

/** What the mock-up shows, worked out without the DOM (tested on its own). */
export interface PreviewModel {
  title: string;
  body: string;
  site: string;
  time: string;
  icon: PreviewImage;
  image: PreviewImage;
  badge: PreviewImage;
  actions: { title: string; opens: string }[];
  opens: string;
  lang: string | null;
  dir: string | null;
  /** Behaviour a picture cannot show: "Stays until dismissed", "Silent", ... */
  notes: string[];
}

export function previewModel(content: MessageContent, origin: string): PreviewModel {
  const site = new URL(origin).host;
  const notes: string[] = [];
  if (content.requireInteraction) notes.push('Stays until dismissed');
  if (content.silent) notes.push('Silent');
  if (content.vibrate.length > 0) notes.push(`Vibrates ${content.vibrate.join('-')} ms`);
  if (content.tag) notes.push(`Replaces any earlier “${content.tag}” notification`);
  if (content.renotify) notes.push('Alerts again when it replaces one');
  if (content.appBadge !== null) {
    notes.push(content.appBadge === 0 ? 'Clears the app badge' : `App badge ${content.appBadge}`);
  }
  return {
    title: content.title || 'Title',
    body: content.body,
    site,
    time: content.timestamp === null ? 'now' : new Date(content.timestamp).toLocaleString(),
    icon: previewImage(content.icon, origin),
    image: previewImage(content.image, origin),
    badge: previewImage(content.badge, origin),
    actions: content.actions.map((action) => ({ title: action.title, opens: opens(action.url, origin) })),
    opens: opens(content.url ?? '/', origin),
    lang: content.lang,
    dir: content.dir,
    notes,
  };
}

function previewImage(link: string | null, origin: string): PreviewImage {
  if (!link) return null;
  try {
    const url = new URL(link, origin);
    return url.origin === origin ? { src: url.pathname + url.search } : { host: url.host };
  } catch {
    return null;
  }
}

function opens(link: string, origin: string): string {
  try {
    return new URL(link, origin).href;
  } catch {
    return link;
  }
}

/** Redraws the mock-up of the notification inside `container`. */
export function renderPreview(container: HTMLElement, model: PreviewModel): void {
  const image = (picture: PreviewImage, className: string, label: string): Child => {
    if (!picture) return null;
    if ('src' in picture) return h('img', { class: className, src: picture.src, alt: label });
    return h(
      'span',
      { class: `${className} placeholder`, title: `${label} from ${picture.host}` },
      picture.host,
    );
  };
  const text = { lang: model.lang, dir: model.dir };
  const parts: Child[] = [
    h(
      'div',
      { class: 'notification-preview-header' },
      image(model.badge, 'notification-preview-badge', 'Badge'),
      h('span', {}, model.site),
      h('span', { 'data-testid': 'preview-time' }, model.time),
    ),
    h(
      'div',
      { class: 'notification-preview-main' },
      image(model.icon, 'notification-preview-icon', 'Icon'),
      h(
        'div',
        { class: 'notification-preview-text' },
        h('strong', { ...text, 'data-testid': 'preview-title' }, model.title),
        h('p', { ...text, 'data-testid': 'preview-body' }, model.body),
      ),
    ),
    image(model.image, 'notification-preview-image', 'Image'),
    model.actions.length > 0 &&
      h(
        'div',
        { class: 'notification-preview-actions' },
        ...model.actions.map((action) =>
          h('span', { 'data-testid': 'preview-action', title: `Opens ${action.opens}` }, action.title),
        ),
      ),
    h(
      'p',
      { class: 'notification-preview-notes muted', 'data-testid': 'preview-notes' },
      [`Opens ${model.opens}`, ...model.notes].join(' · '),
    ),
  ];
  container.replaceChildren(...parts.filter((part): part is Node => part instanceof Node));
}

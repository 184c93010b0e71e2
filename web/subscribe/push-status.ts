import { byId } from '../lib/dom.ts';

/** Every state the notifications card can be in; `data-state` on the status element carries it. */
export type PushState =
  | 'checking'
  | 'working'
  | 'unsupported'
  | 'denied'
  | 'unreachable'
  | 'refused'
  | 'home-screen'
  | 'subscribed'
  | 'not-subscribed'
  | 'error';

const TITLES: Record<PushState, string> = {
  checking: 'Checking this browser…',
  working: 'Working…',
  unsupported: 'Push is not supported in this browser',
  denied: 'Notifications are blocked',
  unreachable: 'Push service unreachable',
  refused: 'This browser refused to subscribe',
  'home-screen': 'Add this site to your Home Screen first',
  subscribed: 'Notifications are on',
  'not-subscribed': 'Notifications are off',
  error: 'Something went wrong',
};

const DEFAULT_DETAILS: Record<PushState, string> = {
  checking: '',
  working: '',
  unsupported:
    'This browser has no service worker or Push API (some private windows have none), or the page is not served over https (or localhost).',
  denied:
    "Allow notifications for this site in the browser's site settings, then reload the page. Private and Incognito windows block them: use a normal window.",
  unreachable: 'The browser could not reach its push service. Check the network connection and try again.',
  refused:
    'Notifications are allowed, yet the browser would not subscribe. Chrome does this in an Incognito window: open this page in a normal window and enable notifications there.',
  'home-screen': 'On iPhone and iPad, notifications work only in a web app opened from the Home Screen.',
  subscribed: 'This browser receives pushes sent to your account.',
  'not-subscribed': 'Enable notifications to receive pushes on this browser.',
  error: '',
};

/** The status element: one state, a title and a detail line. */
export class PushStatusView {
  private readonly root = byId('push-status', HTMLElement);
  private readonly title = byId('push-status-title', HTMLElement);
  private readonly detail = byId('push-status-detail', HTMLElement);

  get state(): PushState {
    return this.root.dataset.state as PushState;
  }

  /** The detail line a state shows when the caller gives none. */
  static defaultDetail(state: PushState): string {
    return DEFAULT_DETAILS[state];
  }

  show(state: PushState, detail?: string): void {
    this.root.dataset.state = state;
    this.title.textContent = TITLES[state];
    this.detail.textContent = detail ?? DEFAULT_DETAILS[state];
  }
}

import type { AdminUser, Message } from '../../shared/api-types.ts';
import { api, call } from '../api.ts';
import { MESSAGE_LIMITS as LIMITS } from '../../shared/message-limits.ts';
import { byId, h } from '../lib/dom.ts';
import { draftContent } from './compose-content.ts';
import { previewModel, renderPreview } from './compose-preview.ts';
import { buildMessageRequest, type ComposeValues } from './compose-request.ts';
import { composeStatus } from './compose-size.ts';
import { clearError, type ShowError } from './show-error.ts';

// Where to put the focus when a field is wrong.
const FIELD_INPUT: Record<keyof ComposeValues, string> = {
  title: 'compose-title',
  body: 'compose-body',
  url: 'compose-url',
  icon: 'compose-icon',
  image: 'compose-image',
  badge: 'compose-badge',
  tag: 'compose-tag',
  action1Title: 'compose-action1-title',
  action1Url: 'compose-action1-url',
  action2Title: 'compose-action2-title',
  action2Url: 'compose-action2-url',
  requireInteraction: 'compose-require-interaction',
  silent: 'compose-silent',
  renotify: 'compose-renotify',
  vibrate: 'compose-vibrate',
  timestamp: 'compose-timestamp',
  lang: 'compose-lang',
  dir: 'compose-dir',
  appBadge: 'compose-app-badge',
  ttl: 'compose-ttl',
  urgency: 'compose-urgency',
  topic: 'compose-topic',
  sendAt: 'compose-send-at',
  expiresAt: 'compose-expires-at',
  target: 'target-all',
  oneUserId: 'target-user',
  chosenUserIds: 'target-chosen',
};

/** The compose form: builds the message, posts it, and hands the queued message on for tracking. */
export class ComposeView {
  private readonly form = byId('compose-form', HTMLFormElement);
  private readonly targetUser = byId('target-user', HTMLSelectElement);
  private readonly chosenCount = byId('chosen-count', HTMLElement);
  private readonly sendButton = byId('send-button', HTMLButtonElement);
  private readonly error = byId('compose-error', HTMLElement);
  private readonly sizeWarning = byId('size-warning', HTMLElement);
  private readonly preview = byId('notification-preview', HTMLElement);
  private readonly titleInput = byId('compose-title', HTMLInputElement);
  private readonly bodyInput = byId('compose-body', HTMLTextAreaElement);
  private readonly titleCount = byId('compose-title-count', HTMLElement);
  private readonly bodyCount = byId('compose-body-count', HTMLElement);

  constructor(
    private readonly chosenIds: () => number[],
    private readonly onSent: (message: Message) => Promise<void>,
    private readonly showError: ShowError,
  ) {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.send();
    });
    this.targetUser.addEventListener('change', () => this.selectTarget('one'));
    // The length limits come from shared/message-limits.ts, the ones the server checks.
    this.titleInput.maxLength = LIMITS.titleChars;
    this.bodyInput.maxLength = LIMITS.bodyChars;
    for (const [id, max] of [
      ['compose-url', LIMITS.linkChars],
      ['compose-icon', LIMITS.linkChars],
      ['compose-image', LIMITS.linkChars],
      ['compose-badge', LIMITS.linkChars],
      ['compose-action1-url', LIMITS.linkChars],
      ['compose-action2-url', LIMITS.linkChars],
      ['compose-action1-title', LIMITS.actionTitleChars],
      ['compose-action2-title', LIMITS.actionTitleChars],
      ['compose-tag', LIMITS.tagChars],
      ['compose-topic', LIMITS.topicChars],
    ] as const) {
      byId(id, HTMLInputElement).maxLength = max;
    }
    this.form.addEventListener('input', () => this.update());
    this.form.addEventListener('change', () => this.update());
    this.update();
  }

  /** Live feedback while typing: the preview, the character counts, and one limit message at most. */
  private update(): void {
    const values = this.values();
    const { level, message } = composeStatus(values, location.origin);
    this.sizeWarning.textContent = message;
    this.sizeWarning.dataset.level = level;
    this.sizeWarning.className = level === 'error' ? 'error' : 'warning';
    this.titleCount.textContent = `${values.title.trim().length} / ${LIMITS.titleChars}`;
    this.bodyCount.textContent = `${values.body.trim().length} / ${LIMITS.bodyChars}`;
    renderPreview(this.preview, previewModel(draftContent(values), location.origin));
  }

  setUsers(users: AdminUser[]): void {
    const selected = this.targetUser.value;
    this.targetUser.replaceChildren(
      h('option', { value: '' }, users.length > 0 ? 'Choose a user' : 'No users yet'),
      ...users.map((user) =>
        h('option', { value: user.id, selected: String(user.id) === selected }, user.name),
      ),
    );
  }

  setChosen(ids: number[]): void {
    this.chosenCount.textContent = String(ids.length);
    if (ids.length > 0) this.selectTarget('chosen');
  }

  private selectTarget(value: 'all' | 'one' | 'chosen'): void {
    byId(`target-${value}`, HTMLInputElement).checked = true;
  }

  private values(): ComposeValues {
    const data = new FormData(this.form);
    const text = (name: string) => {
      const value = data.get(name);
      return typeof value === 'string' ? value : '';
    };
    const checked = (name: string) => data.get(name) === 'on';
    return {
      title: text('title'),
      body: text('body'),
      url: text('url'),
      icon: text('icon'),
      image: text('image'),
      badge: text('badge'),
      tag: text('tag'),
      action1Title: text('action1Title'),
      action1Url: text('action1Url'),
      action2Title: text('action2Title'),
      action2Url: text('action2Url'),
      requireInteraction: checked('requireInteraction'),
      silent: checked('silent'),
      renotify: checked('renotify'),
      vibrate: text('vibrate'),
      timestamp: text('timestamp'),
      lang: text('lang'),
      dir: text('dir'),
      appBadge: text('appBadge'),
      ttl: text('ttl'),
      urgency: text('urgency'),
      topic: text('topic'),
      sendAt: text('sendAt'),
      expiresAt: text('expiresAt'),
      target: text('target'),
      oneUserId: this.targetUser.value,
      chosenUserIds: this.chosenIds(),
    };
  }

  private async send(): Promise<void> {
    clearError(this.error);
    for (const element of this.form.querySelectorAll('[aria-invalid]'))
      element.removeAttribute('aria-invalid');
    const result = buildMessageRequest(this.values());
    if (!result.ok) {
      this.error.textContent = result.message;
      this.error.hidden = false;
      const input = document.getElementById(FIELD_INPUT[result.field]);
      input?.setAttribute('aria-invalid', 'true');
      input?.focus();
      return;
    }
    this.sendButton.disabled = true;
    try {
      const { message } = await call(api.api.admin.messages.$post({ json: result.request }));
      void this.onSent(message);
    } catch (error) {
      this.showError(error, this.error);
    } finally {
      this.sendButton.disabled = false;
    }
  }
}

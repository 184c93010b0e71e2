import type { AdminUser, Message } from '../../shared/api-types.ts';
import { api, call } from '../api.ts';
import { byId, h } from '../lib/dom.ts';
import { buildMessageRequest, type ComposeValues } from './compose-request.ts';
import { composedPayloadBytes, sizeStatus } from './compose-size.ts';
import { clearError, type ShowError } from './show-error.ts';

// Where to put the focus when a field is wrong.
const FIELD_INPUT: Record<keyof ComposeValues, string> = {
  title: 'compose-title',
  body: 'compose-body',
  url: 'compose-url',
  icon: 'compose-icon',
  ttl: 'compose-ttl',
  urgency: 'compose-urgency',
  topic: 'compose-topic',
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
    this.form.addEventListener('input', () => this.showSize());
  }

  /** Live size check: a warning above Firefox for Android's limit, an error above what any push can carry. */
  private showSize(): void {
    const { title, body, url, icon } = this.values();
    const { level, message } = sizeStatus(composedPayloadBytes({ title, body, url, icon }));
    this.sizeWarning.textContent = message;
    this.sizeWarning.dataset.level = level;
    this.sizeWarning.className = level === 'error' ? 'error' : 'warning';
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
    return {
      title: text('title'),
      body: text('body'),
      url: text('url'),
      icon: text('icon'),
      ttl: text('ttl'),
      urgency: text('urgency'),
      topic: text('topic'),
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

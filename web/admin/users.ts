import type { AdminUser, Device } from '../../shared/api-types.ts';
import { api, call } from '../api.ts';
import { byId, h } from '../lib/dom.ts';
import { browserName, formatTime, pushServiceName } from '../lib/format.ts';

/** Users and their devices, with a checkbox per user for "send to the users ticked". */
export class UsersView {
  private readonly body = byId('users-body', HTMLTableSectionElement);
  private readonly empty = byId('users-empty', HTMLElement);
  private readonly chosen = new Set<number>();

  constructor(
    private readonly events: {
      onLoaded: (users: AdminUser[]) => void;
      onChosenChanged: (chosen: number[]) => void;
    },
  ) {}

  get chosenIds(): number[] {
    return [...this.chosen];
  }

  async load(): Promise<AdminUser[]> {
    const { users } = await call(api.api.admin.users.$get());
    // Forget ticks for users that no longer exist.
    const ids = new Set(users.map((user) => user.id));
    for (const id of this.chosen) if (!ids.has(id)) this.chosen.delete(id);
    this.body.replaceChildren(...users.map((user) => this.row(user)));
    this.empty.hidden = users.length > 0;
    this.events.onLoaded(users);
    this.events.onChosenChanged(this.chosenIds);
    return users;
  }

  private row(user: AdminUser): HTMLTableRowElement {
    const checkbox = h('input', {
      type: 'checkbox',
      'data-testid': 'user-select',
      'aria-label': `Choose ${user.name}`,
      checked: this.chosen.has(user.id),
    });
    checkbox.addEventListener('change', () => {
      if (checkbox.checked) this.chosen.add(user.id);
      else this.chosen.delete(user.id);
      this.events.onChosenChanged(this.chosenIds);
    });
    return h(
      'tr',
      { 'data-testid': 'user-row', 'data-user-id': user.id, 'data-user-name': user.name },
      h('td', {}, checkbox),
      h('td', {}, h('strong', {}, user.name)),
      h(
        'td',
        {},
        user.devices.length === 0
          ? h('span', { class: 'muted' }, 'no devices')
          : h('div', { class: 'device-chips' }, ...user.devices.map((device) => this.deviceChip(device))),
      ),
      h('td', { class: 'muted joined' }, formatTime(user.createdAt)),
    );
  }

  /** Browser and OS first, as the subscribe page names devices (one parser: lib/format.ts browserName). */
  private deviceChip(device: Device): HTMLSpanElement {
    const lastAccepted = `last push accepted ${formatTime(device.lastSuccessAt)}`;
    const failures = device.failureCount > 0 ? `, ${device.failureCount} failed` : '';
    return h(
      'span',
      {
        class: device.failureCount > 0 ? 'chip chip-warn' : 'chip',
        'data-testid': 'admin-device',
        'data-device-id': device.id,
        title: `${pushServiceName(device.pushService)} · ${device.contentEncoding} · ${lastAccepted}${failures}`,
      },
      h(
        'span',
        { class: 'chip-client', 'data-testid': 'admin-device-client' },
        browserName(device.userAgent),
      ),
      h('span', { class: 'chip-service' }, pushServiceName(device.pushService)),
    );
  }
}

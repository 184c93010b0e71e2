// The admin page: login, then users, compose, delivery progress and history.
import type { AdminUser } from '../../shared/api-types.ts';
import { api, call } from '../api.ts';
import { reportClickFromUrl } from '../lib/click-receipt.ts';
import { byId } from '../lib/dom.ts';
import { ComposeView } from './compose.ts';
import { DeliveryView } from './delivery.ts';
import { HistoryView } from './history.ts';
import { LoginView } from './login.ts';
import { clearError, createShowError } from './show-error.ts';
import { UsersView } from './users.ts';

// A notification's link may open this page too (Safari, without the worker): report that click.
void reportClickFromUrl();

const dashboard = byId('dashboard', HTMLElement);
const logoutButton = byId('admin-logout', HTMLButtonElement);
const dashboardError = byId('admin-error', HTMLElement);
let userNames = new Map<number, string>();

const showError = createShowError((message) => showLogin(message));
const login = new LoginView(() => void showDashboard());

const users = new UsersView({
  onLoaded: (list: AdminUser[]) => {
    userNames = new Map(list.map((user) => [user.id, user.name]));
    compose.setUsers(list);
  },
  onChosenChanged: (ids) => compose.setChosen(ids),
});

const delivery = new DeliveryView(
  () => userNames,
  showError,
  () => void history.load().catch((error: unknown) => showError(error, dashboardError)),
);

const history = new HistoryView(
  () => userNames,
  (messageId) => {
    history.select(messageId);
    void delivery.track(messageId);
  },
);

const compose = new ComposeView(
  () => users.chosenIds,
  async (message) => {
    await history.load().catch((error: unknown) => showError(error, dashboardError));
    history.select(message.id);
    // Once done, outcomes have changed the counts, the device stats and (expired ones) the device lists.
    if (await delivery.track(message.id)) await refresh();
  },
  showError,
);

logoutButton.addEventListener('click', () => {
  void call(api.api.admin.logout.$post())
    .catch(() => undefined) // logging out of an already ended session is fine
    .then(() => showLogin());
});

function showLogin(message?: string): void {
  delivery.stop();
  dashboard.hidden = true;
  logoutButton.hidden = true;
  login.show(message);
}

async function showDashboard(): Promise<void> {
  login.hide();
  dashboard.hidden = false;
  logoutButton.hidden = false;
  await refresh();
}

async function refresh(): Promise<void> {
  clearError(dashboardError);
  try {
    await users.load();
    await history.load();
  } catch (error) {
    showError(error, dashboardError);
  }
}

async function start(): Promise<void> {
  try {
    const { admin } = await call(api.api.admin.session.$get());
    if (admin) await showDashboard();
    else showLogin();
  } catch (error) {
    showLogin();
    showError(error, byId('login-error', HTMLElement));
  }
}

void start();

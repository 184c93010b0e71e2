import type { User } from '../../shared/api-types.ts';
import { api, call } from '../api.ts';
import { errorMessage } from '../lib/api-error.ts';
import { byId } from '../lib/dom.ts';

/** The demo sign-in card: a name sets the session cookie. A real app plugs its own auth in on the server. */
export class SessionView {
  private readonly form = byId('signin-form', HTMLFormElement);
  private readonly nameInput = byId('signin-name', HTMLInputElement);
  private readonly signedIn = byId('signed-in', HTMLElement);
  private readonly userName = byId('user-name', HTMLElement);
  private readonly signOutButton = byId('signout', HTMLButtonElement);
  private readonly error = byId('session-error', HTMLElement);
  private user: User | null = null;

  constructor(private readonly onChange: (user: User | null) => void) {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.signIn(this.nameInput.value.trim());
    });
    this.signOutButton.addEventListener('click', () => void this.signOut());
  }

  get current(): User | null {
    return this.user;
  }

  async load(): Promise<void> {
    await this.run(async () => {
      try {
        const { user } = await call(api.api.session.$get());
        this.set(user);
      } catch (error) {
        this.set(null); // still offer the sign-in form and the browser's push state
        throw error;
      }
    });
  }

  private async signIn(name: string): Promise<void> {
    await this.run(async () => {
      const { user } = await call(api.api.session.$post({ json: { name } }));
      this.nameInput.value = '';
      this.set(user);
    });
  }

  private async signOut(): Promise<void> {
    await this.run(async () => {
      await call(api.api.session.$delete());
      this.set(null);
    });
  }

  private async run(action: () => Promise<void>): Promise<void> {
    this.error.hidden = true;
    this.form.setAttribute('aria-busy', 'true');
    try {
      await action();
    } catch (error) {
      this.error.textContent = errorMessage(error);
      this.error.hidden = false;
    } finally {
      this.form.removeAttribute('aria-busy');
    }
  }

  private set(user: User | null): void {
    this.user = user;
    this.form.hidden = user !== null;
    this.signedIn.hidden = user === null;
    this.userName.textContent = user?.name ?? '';
    this.onChange(user);
  }
}
